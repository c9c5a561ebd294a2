package rules

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// A rule is kept in a ledger (see Ledger) as it was decoded, so that a
// later load reads it without YAML: scanning the default pack's YAML and
// cutting its word blocks was most of reading it. A file that disables a
// rule is kept as such.
//
// The encoding is the rule's fields in a fixed order: a string is its
// length as a uvarint and its bytes; a list or a map is its length plus one
// (0 for nil, so that nil and empty come back as they went), then its
// items, a map's in key order; an expression is its source, present or not
// as a list of one. A rule's id and source are those of the file being
// loaded, never kept: the same bytes may be another folder's file. A field
// added to a rule's types must be added here too (TestKeptRulesRoundTrip
// compares every rule of the default pack).

// encodeRule encodes what parsing a file gave, as decodeRule reads it.
func encodeRule(p parsed) []byte {
	var w ruleWriter
	if p.disabled || p.rule == nil {
		w.bool(true)
		return w.b
	}
	w.bool(false)
	r := p.rule
	w.str(string(r.Kind))
	w.str(r.Description)
	w.str(r.Category)
	w.str(string(r.Action))
	w.strs(r.Allow)
	w.exprs(r.TechnicalContext)
	w.tests(r.Tests)
	w.strs(r.Terms)
	w.bool(r.Replace)
	w.bool(r.Swap != nil)
	if r.Swap != nil {
		w.swap(r.Swap)
	}
	w.bool(r.Sequence != nil)
	if r.Sequence != nil {
		w.sequence(r.Sequence)
	}
	w.bool(r.Pattern != nil)
	if r.Pattern != nil {
		w.pattern(r.Pattern)
	}
	w.bool(r.Entity != nil)
	if r.Entity != nil {
		w.entity(r.Entity)
	}
	w.bool(r.Sentence != nil)
	if r.Sentence != nil {
		w.exprs(r.Sentence.Triggers)
		w.strs(r.Sentence.TriggerSources)
		w.str(r.Sentence.Marker)
	}
	w.bool(r.Lexicon != nil)
	if r.Lexicon != nil {
		w.str(r.Lexicon.Class)
		w.str(r.Lexicon.Source)
		w.strs(r.Lexicon.Words)
		w.listMap(r.Lexicon.Forms)
	}
	return w.b
}

// decodeRule reads what encodeRule wrote, as the file file of id id. Its
// strings are cut from data, not copied. Its expressions were checked when
// it was kept, and are compiled at their first use.
func decodeRule(data, file, id string) (parsed, error) {
	rd := ruleReader{s: data}
	if rd.bool() {
		return parsed{disabled: true}, rd.end(file)
	}
	r := &Rule{ID: id, Source: file}
	r.Kind = Kind(rd.str())
	r.Description = rd.str()
	r.Category = rd.str()
	r.Action = Action(rd.str())
	r.Allow = rd.strs()
	r.TechnicalContext = rd.exprs()
	r.Tests = rd.tests()
	r.Terms = rd.strs()
	r.Replace = rd.bool()
	if rd.bool() {
		r.Swap = rd.swap()
	}
	if rd.bool() {
		r.Sequence = rd.sequence()
	}
	if rd.bool() {
		r.Pattern = rd.pattern()
	}
	if rd.bool() {
		r.Entity = rd.entity()
	}
	if rd.bool() {
		r.Sentence = &Sentence{Triggers: rd.exprs(), TriggerSources: rd.strs(), Marker: rd.str()}
	}
	if rd.bool() {
		r.Lexicon = &Lexicon{Class: rd.str(), Source: rd.str(), Words: rd.strs(), Forms: rd.listMap()}
	}
	if err := rd.end(file); err != nil {
		return parsed{}, err
	}
	return parsed{rule: r}, nil
}

func (w *ruleWriter) tests(ts []Test) {
	w.length(len(ts), ts == nil)
	for _, t := range ts {
		for _, s := range []string{t.In, t.Out, t.Match, t.NoMatch, t.Candidate} {
			w.str(s)
		}
		w.strs(t.Interviewers)
		w.uint(t.Line)
		w.uint(t.Col)
	}
}

func (r *ruleReader) tests() []Test {
	n, ok := r.length()
	if !ok {
		return nil
	}
	ts := make([]Test, n)
	for i := range ts {
		t := &ts[i]
		for _, s := range []*string{&t.In, &t.Out, &t.Match, &t.NoMatch, &t.Candidate} {
			*s = r.str()
		}
		t.Interviewers = r.strs()
		t.Line, t.Col = r.num(), r.num()
	}
	return ts
}

func (w *ruleWriter) swap(s *Swap) {
	w.bool(s.KeepCase)
	w.length(len(s.Pairs), s.Pairs == nil)
	for _, p := range s.Pairs {
		w.str(p.From)
		w.str(p.To)
	}
}

func (r *ruleReader) swap() *Swap {
	s := &Swap{KeepCase: r.bool()}
	if n, ok := r.length(); ok {
		s.Pairs = make([]Pair, n)
		for i := range s.Pairs {
			s.Pairs[i] = Pair{From: r.str(), To: r.str()}
		}
	}
	return s
}

func (w *ruleWriter) sequence(s *Sequence) {
	w.bool(s.KeepCase)
	w.length(len(s.Cases), s.Cases == nil)
	for _, c := range s.Cases {
		w.length(len(c.When), c.When == nil)
		for _, m := range c.When {
			w.expr(m.Word)
			w.expr(m.Tag)
			w.expr(m.Except)
			for _, b := range []bool{m.Optional, m.Repeat, m.Parentheses, m.Rewritten} {
				w.bool(b)
			}
			for _, s := range []string{m.As, m.WordSource, m.TagSource, m.ExceptSource} {
				w.str(s)
			}
		}
		w.length(len(c.Then), c.Then == nil)
		for _, o := range c.Then {
			w.str(o.Literal)
			w.uint(o.Ref)
			w.str(o.Name)
			w.str(o.Transform)
		}
		w.uint(c.Line)
	}
	names := sortedKeys(s.Forms)
	w.length(len(names), s.Forms == nil)
	for _, name := range names {
		w.str(name)
		table := s.Forms[name]
		words := sortedKeys(table)
		w.length(len(words), table == nil)
		for _, word := range words {
			w.str(word)
			w.str(table[word])
		}
	}
}

func (r *ruleReader) sequence() *Sequence {
	s := &Sequence{KeepCase: r.bool()}
	if n, ok := r.length(); ok {
		s.Cases = make([]Case, n)
		for i := range s.Cases {
			s.Cases[i] = r.sequenceCase()
		}
	}
	if n, ok := r.length(); ok {
		s.Forms = make(map[string]map[string]string, n)
		for range n {
			name := r.str()
			var table map[string]string
			if k, ok := r.length(); ok {
				table = make(map[string]string, k)
				for range k {
					word := r.str()
					table[word] = r.str()
				}
			}
			s.Forms[name] = table
		}
	}
	return s
}

func (r *ruleReader) sequenceCase() Case {
	var c Case
	if n, ok := r.length(); ok {
		c.When = make([]TokenMatch, n)
		for i := range c.When {
			m := &c.When[i]
			m.Word, m.Tag, m.Except = r.expr(), r.expr(), r.expr()
			m.Optional, m.Repeat, m.Parentheses, m.Rewritten = r.bool(), r.bool(), r.bool(), r.bool()
			m.As, m.WordSource, m.TagSource, m.ExceptSource = r.str(), r.str(), r.str(), r.str()
		}
	}
	if n, ok := r.length(); ok {
		c.Then = make([]Output, n)
		for i := range c.Then {
			c.Then[i] = Output{Literal: r.str(), Ref: r.num(), Name: r.str(), Transform: r.str()}
		}
	}
	c.Line = r.num()
	return c
}

func (w *ruleWriter) pattern(p *Pattern) {
	w.length(len(p.Patterns), p.Patterns == nil)
	for _, np := range p.Patterns {
		w.str(np.Name)
		w.expr(np.Regex)
		w.str(np.Replace)
		w.str(np.Head)
		for _, b := range []bool{np.Gate, np.KeepAllowed, np.StrictCue, np.Guess, np.Background, np.KeepProducts} {
			w.bool(b)
		}
	}
}

func (r *ruleReader) pattern() *Pattern {
	p := &Pattern{}
	if n, ok := r.length(); ok {
		p.Patterns = make([]NamedRegex, n)
		for i := range p.Patterns {
			np := &p.Patterns[i]
			np.Name, np.Regex, np.Replace, np.Head = r.str(), r.expr(), r.str(), r.str()
			np.Gate, np.KeepAllowed, np.StrictCue, np.Guess, np.Background, np.KeepProducts = r.bool(), r.bool(), r.bool(), r.bool(), r.bool(), r.bool()
		}
	}
	return p
}

// entityLists are an entity rule's lists, in the encoding's order.
func entityLists(e *Entity) []*[]string {
	return []*[]string{&e.Seed, &e.Labels, &e.CommonWords, &e.Titles, &e.WordTitles, &e.Cues, &e.OwnerCues, &e.AliasCues,
		&e.PlaceCues, &e.OrganizationCues, &e.OrganizationSuffixes, &e.Employers}
}

// entityStrings are an entity rule's strings, in the encoding's order.
func entityStrings(e *Entity) []*string {
	return []*string{&e.Candidate, &e.Interviewer, &e.Other, &e.Places, &e.Organizations, &e.Schools}
}

func (w *ruleWriter) entity(e *Entity) {
	for _, l := range entityLists(e) {
		w.strs(*l)
	}
	for _, s := range entityStrings(e) {
		w.str(*s)
	}
	w.listMap(e.Nicknames)
}

func (r *ruleReader) entity() *Entity {
	e := &Entity{}
	for _, l := range entityLists(e) {
		*l = r.strs()
	}
	for _, s := range entityStrings(e) {
		*s = r.str()
	}
	e.Nicknames = r.listMap()
	return e
}

func (w *ruleWriter) listMap(m map[string][]string) {
	keys := sortedKeys(m)
	w.length(len(keys), m == nil)
	for _, k := range keys {
		w.str(k)
		w.strs(m[k])
	}
}

func (r *ruleReader) listMap() map[string][]string {
	n, ok := r.length()
	if !ok {
		return nil
	}
	m := make(map[string][]string, n)
	for range n {
		k := r.str()
		m[k] = r.strs()
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ruleWriter appends encodeRule's encoding.
type ruleWriter struct{ b []byte }

func (w *ruleWriter) uint(n int) { w.b = binary.AppendUvarint(w.b, uint64(n)) }

func (w *ruleWriter) length(n int, isNil bool) {
	if isNil {
		w.uint(0)
		return
	}
	w.uint(n + 1)
}

func (w *ruleWriter) str(s string) {
	w.uint(len(s))
	w.b = append(w.b, s...)
}

func (w *ruleWriter) bool(b bool) {
	if b {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// expr writes an expression that may be nil.
func (w *ruleWriter) expr(re *lazyregexp.Regexp) {
	if re == nil {
		w.uint(0)
		return
	}
	w.uint(1)
	w.str(re.String())
}

func (w *ruleWriter) exprs(res []*lazyregexp.Regexp) {
	w.length(len(res), res == nil)
	for _, re := range res {
		w.str(re.String())
	}
}

func (w *ruleWriter) strs(list []string) {
	w.length(len(list), list == nil)
	for _, s := range list {
		w.str(s)
	}
}

// ruleReader reads encodeRule's encoding; the first problem stops it, and
// every later read gives zero values.
type ruleReader struct {
	s   string
	err error
}

var errCut = errors.New("cut short")

// num reads a uvarint.
func (r *ruleReader) num() int {
	if r.err != nil {
		return 0
	}
	n, size := binary.Uvarint([]byte(r.s[:min(len(r.s), binary.MaxVarintLen64)]))
	if size <= 0 || n > 1<<31 {
		r.err = errCut
		return 0
	}
	r.s = r.s[size:]
	return int(n)
}

// count reads a length, which cannot exceed the bytes left (each item
// takes one at least; a list's length is one more): a damaged one must
// not make a huge slice.
func (r *ruleReader) count() int {
	n := r.num()
	if n > len(r.s)+1 {
		r.err = errCut
		return 0
	}
	return n
}

// length reads a list's or a map's length; false for nil.
func (r *ruleReader) length() (int, bool) {
	n := r.count()
	if n == 0 {
		return 0, false
	}
	return n - 1, true
}

func (r *ruleReader) str() string {
	n := r.count()
	if r.err != nil || n > len(r.s) {
		r.err = errCut
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *ruleReader) strs() []string {
	n, ok := r.length()
	if !ok || r.err != nil {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *ruleReader) bool() bool {
	if r.err != nil || r.s == "" || r.s[0] > 1 {
		r.err = errCut
		return false
	}
	b := r.s[0] == 1
	r.s = r.s[1:]
	return b
}

func (r *ruleReader) expr() *lazyregexp.Regexp {
	switch r.num() {
	case 0:
		return nil
	case 1:
		return sharedLazy(r.str())
	}
	r.err = errCut
	return nil
}

func (r *ruleReader) exprs() []*lazyregexp.Regexp {
	srcs := r.strs()
	if srcs == nil {
		return nil
	}
	res := make([]*lazyregexp.Regexp, len(srcs))
	for i, src := range srcs {
		res[i] = sharedLazy(src)
	}
	return res
}

// end reports a problem met, or bytes left after the rule.
func (r *ruleReader) end(file string) error {
	if r.err == nil && r.s != "" {
		r.err = errors.New("bytes left after the rule")
	}
	if r.err != nil {
		return fmt.Errorf("%s: kept rule: %w", file, r.err)
	}
	return nil
}

// sharedLazy is the expression src of a checked file, shared as the
// decoder shares it (see compiled).
func sharedLazy(src string) *lazyregexp.Regexp {
	re, _ := compiled.LoadOrStore(src, lazyregexp.Lazy(src))
	return re.(*lazyregexp.Regexp)
}

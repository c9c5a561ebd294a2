package rules

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// A lexicon rule is kept in a ledger (see Ledger) as it was decoded, so
// that a later load reads it without YAML: the lexicons are two thirds of
// the default pack's bytes, and scanning their YAML and cutting their
// word blocks was most of reading the pack. Other rules are small, and
// are read from their files again (their expressions left to their first
// use).
//
// The encoding is the rule's fields in a fixed order: a string is its
// length as a uvarint and its bytes; a list or a map is its length plus one
// (0 for nil, so that nil and empty come back as they went), then its
// items, a map's in key order. A rule's id and source are those of the
// file being loaded, never kept: the same bytes may be another folder's
// file.

// keptRule reports whether encodeRule keeps r.
func keptRule(r *Rule) bool {
	return r != nil && r.Kind == KindLexicon && r.Lexicon != nil && r.Swap == nil && r.Sequence == nil &&
		r.Pattern == nil && r.Entity == nil && r.Sentence == nil && r.Terms == nil && !r.Replace
}

// encodeRule encodes a lexicon rule as decodeRule reads it; nil for a rule
// of another kind.
func encodeRule(r *Rule) []byte {
	if !keptRule(r) {
		return nil
	}
	var w ruleWriter
	w.str(r.Description)
	w.str(r.Category)
	w.str(string(r.Action))
	w.strs(r.Allow)
	srcs := make([]string, len(r.TechnicalContext))
	for i, re := range r.TechnicalContext {
		srcs[i] = re.String()
	}
	w.strs(srcs)
	w.length(len(r.Tests), r.Tests == nil)
	for _, t := range r.Tests {
		for _, s := range []string{t.In, t.Out, t.Match, t.NoMatch, t.Candidate} {
			w.str(s)
		}
		w.strs(t.Interviewers)
		w.uint(t.Line)
		w.uint(t.Col)
	}
	l := r.Lexicon
	w.str(l.Class)
	w.str(l.Source)
	w.strs(l.Words)
	names := make([]string, 0, len(l.Forms))
	for name := range l.Forms {
		names = append(names, name)
	}
	sort.Strings(names)
	w.length(len(names), l.Forms == nil)
	for _, name := range names {
		w.str(name)
		w.strs(l.Forms[name])
	}
	return w.b
}

// decodeRule reads a rule that encodeRule wrote, as the file file of id id.
// Its strings are cut from data, not copied. Its expressions were checked
// when it was kept, and are compiled at their first use.
func decodeRule(data, file, id string) (*Rule, error) {
	rd := ruleReader{s: data}
	r := &Rule{ID: id, Kind: KindLexicon, Source: file}
	r.Description = rd.str()
	r.Category = rd.str()
	r.Action = Action(rd.str())
	r.Allow = rd.strs()
	for _, src := range rd.strs() {
		r.TechnicalContext = append(r.TechnicalContext, sharedLazy(src))
	}
	if n, ok := rd.length(); ok {
		r.Tests = make([]Test, n)
		for i := range r.Tests {
			t := &r.Tests[i]
			for _, s := range []*string{&t.In, &t.Out, &t.Match, &t.NoMatch, &t.Candidate} {
				*s = rd.str()
			}
			t.Interviewers = rd.strs()
			t.Line, t.Col = rd.num(), rd.num()
		}
	}
	l := &Lexicon{}
	l.Class = rd.str()
	l.Source = rd.str()
	l.Words = rd.strs()
	if n, ok := rd.length(); ok {
		l.Forms = make(map[string][]string, n)
		for range n {
			name := rd.str()
			l.Forms[name] = rd.strs()
		}
	}
	r.Lexicon = l
	if rd.err == nil && rd.s != "" {
		rd.err = errors.New("bytes left after the rule")
	}
	if rd.err != nil {
		return nil, fmt.Errorf("%s: kept rule: %w", file, rd.err)
	}
	return r, nil
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

// sharedLazy is the expression src of a checked file, shared as the
// decoder shares it (see compiled).
func sharedLazy(src string) *lazyregexp.Regexp {
	re, _ := compiled.LoadOrStore(src, lazyregexp.Lazy(src))
	return re.(*lazyregexp.Regexp)
}

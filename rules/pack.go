package rules

import (
	"crypto/sha256"
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

//go:embed default/*.yaml
var defaultFS embed.FS

// Pack is a set of active rules, at most one per id, sorted by id.
type Pack struct {
	Rules []*Rule
	// Disabled lists default rules a user pack switched off, with the file
	// that did it, for `rules list`.
	Disabled map[string]string
	// UnknownWords says what becomes of capitalised words kept without
	// being understood: UnknownKeep (listed for the coordinator) or
	// UnknownRemove. The last pack.yaml that sets it wins.
	UnknownWords string
	// Replaced lists rules of an earlier pack (the default, mostly) that a
	// later pack's file of the same id replaced, with that file.
	Replaced map[string]string
	// Extended lists allow rules whose terms a later pack's file of the
	// same id added to, with that file.
	Extended map[string]string
}

// Overrides describes, one line each in id order, every default or earlier
// rule a pack disabled or replaced and every allow list it extended: what
// an operator must know is no longer the default. The leak gate's identity
// and contact checks do not depend on any of them.
func (p *Pack) Overrides() []string {
	type line struct{ id, text string }
	var ls []line
	for id, file := range p.Disabled {
		ls = append(ls, line{id, fmt.Sprintf("%s: disables rule %s", file, id)})
	}
	for id, file := range p.Replaced {
		ls = append(ls, line{id, fmt.Sprintf("%s: replaces rule %s", file, id)})
	}
	for id, file := range p.Extended {
		ls = append(ls, line{id, fmt.Sprintf("%s: adds terms to allow list %s (replace: true would replace it)", file, id)})
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].id < ls[j].id || ls[i].id == ls[j].id && ls[i].text < ls[j].text })
	var out []string
	for _, l := range ls {
		out = append(out, l.text)
	}
	return out
}

// Default loads the embedded default pack.
func Default() (*Pack, error) {
	shared, err := defaultRules()
	if err != nil {
		return nil, err
	}
	rs := make([]*Rule, len(shared))
	for i, r := range shared {
		rs[i] = r.own()
	}
	return &Pack{Rules: rs, Disabled: map[string]string{}, Replaced: map[string]string{}, Extended: map[string]string{}, UnknownWords: UnknownKeep}, nil
}

// defaultRules parses the embedded default pack once a process: a command
// reads it twice (its own pack, and the leak gate's defaults), and parsing
// it was a good part of a short command's start. Default hands each caller
// rules of its own (see Rule.own).
var defaultRules = sync.OnceValues(func() ([]*Rule, error) {
	sub, err := fs.Sub(defaultFS, "default")
	if err != nil {
		return nil, fmt.Errorf("default rules: %w", err)
	}
	rs, disabled, err := loadFS(sub, "rules/default")
	if err != nil {
		return nil, err
	}
	if len(disabled) > 0 {
		return nil, fmt.Errorf("rules/default: the default pack cannot disable rules")
	}
	return rs, nil
})

// own returns a copy of r that a pack may change as packs do (its action,
// by a category switch; its form tables, by SetForm) without changing r.
// The parts no pack changes after loading (expressions, lists, lexicons)
// are shared.
func (r *Rule) own() *Rule {
	c := *r
	if r.Sequence != nil {
		seq := *r.Sequence
		seq.Forms = make(map[string]map[string]string, len(r.Sequence.Forms))
		for name, table := range r.Sequence.Forms {
			seq.Forms[name] = maps.Clone(table)
		}
		c.Sequence = &seq
	}
	return &c
}

// Load returns the default pack extended, in order, by the packs in dirs:
// a rule with a new id is added, one with an existing id replaces it, and
// `disabled: true` switches it off. Every error of every pack is reported.
func Load(dirs ...string) (*Pack, error) {
	p, err := Default()
	if err != nil {
		return nil, err
	}
	var all Errors
	var settings []packSettings
	for _, dir := range dirs {
		ps, errs := loadPackFile(dir)
		all = append(all, errs...)
		settings = append(settings, ps)
		rs, disabled, err := loadFS(os.DirFS(dir), dir)
		if err != nil {
			if es, ok := err.(Errors); ok {
				all = append(all, es...)
				continue
			}
			return nil, err
		}
		for id, file := range disabled {
			if p.remove(id) == nil {
				return nil, fmt.Errorf("%s: disables rule %q, which no earlier pack has", file, id)
			}
			delete(p.Replaced, id)
			delete(p.Extended, id)
			p.Disabled[id] = file
		}
		for _, r := range rs {
			old := p.remove(r.ID)
			delete(p.Disabled, r.ID)
			switch {
			case old == nil:
			case old.Kind == KindAllow && r.Kind == KindAllow && !r.Replace:
				// A list extends the list of the same id unless it says
				// it replaces it: a pack's allow-tech.yaml adds its
				// products rather than silently dropping the default's.
				r.Terms = mergeTerms(old.Terms, r.Terms)
				p.Extended[r.ID] = r.Source
			default:
				delete(p.Extended, r.ID)
				p.Replaced[r.ID] = r.Source
			}
			p.Rules = append(p.Rules, r)
		}
	}
	if len(all) > 0 {
		return nil, all
	}
	// Category switches apply after every pack is merged, in pack order, so
	// that a later pack's switch wins and covers rules of earlier packs.
	for _, ps := range settings {
		all = append(all, p.applyCategories(ps)...)
		if ps.unknownWords != "" {
			p.UnknownWords = ps.unknownWords
		}
	}
	if len(all) > 0 {
		return nil, all
	}
	sort.Slice(p.Rules, func(i, j int) bool { return p.Rules[i].ID < p.Rules[j].ID })
	return p, nil
}

// mergeTerms is a followed by the terms of b that a lacks (case-insensitive).
func mergeTerms(a, b []string) []string {
	out := append([]string(nil), a...)
	seen := map[string]bool{}
	for _, t := range a {
		seen[strings.ToLower(t)] = true
	}
	for _, t := range b {
		if !seen[strings.ToLower(t)] {
			seen[strings.ToLower(t)] = true
			out = append(out, t)
		}
	}
	return out
}

func (p *Pack) remove(id string) *Rule {
	for i, r := range p.Rules {
		if r.ID == id {
			p.Rules = append(p.Rules[:i], p.Rules[i+1:]...)
			return r
		}
	}
	return nil
}

// Rule returns the active rule with that id, or nil.
func (p *Pack) Rule(id string) *Rule {
	for _, r := range p.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Only returns a pack holding just the named rules, plus every allow and
// lexicon rule (allow lists protect text and lexicons inform decisions
// whichever rules run).
func (p *Pack) Only(ids []string) (*Pack, error) {
	out := &Pack{Disabled: p.Disabled, Replaced: p.Replaced, Extended: p.Extended, UnknownWords: p.UnknownWords}
	for _, id := range ids {
		r := p.Rule(id)
		if r == nil {
			return nil, fmt.Errorf("--only %s: no such rule (see `anonymize rules list`)", id)
		}
		if r.Kind != KindAllow && r.Kind != KindLexicon {
			out.Rules = append(out.Rules, r)
		}
	}
	for _, r := range p.Rules {
		if r.Kind == KindAllow || r.Kind == KindLexicon {
			out.Rules = append(out.Rules, r)
		}
	}
	sort.Slice(out.Rules, func(i, j int) bool { return out.Rules[i].ID < out.Rules[j].ID })
	return out, nil
}

// OfKind returns the active rules of one kind, in id order.
func (p *Pack) OfKind(k Kind) []*Rule {
	var out []*Rule
	for _, r := range p.Rules {
		if r.Kind == k {
			out = append(out, r)
		}
	}
	return out
}

// SetForm sets every entry of the form table name of every sequence rule to
// word: what a pack does by overriding the entries, for one run (the CLI's
// --reflexive themself, for test sets that use it).
func (p *Pack) SetForm(name, word string) {
	for _, r := range p.OfKind(KindSequence) {
		for w := range r.Sequence.Forms[name] {
			r.Sequence.Forms[name][w] = word
		}
	}
}

// loadFS parses every *.yaml / *.yml file at the top of fsys. prefix names
// the folder in errors.
func loadFS(fsys fs.FS, prefix string) ([]*Rule, map[string]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", prefix, err)
	}
	var files []ruleFile
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		file := filepath.Join(prefix, e.Name())
		id := strings.TrimSuffix(e.Name(), ext)
		if id == PackFile {
			continue // the pack's settings, not a rule (see loadPackFile)
		}
		f := ruleFile{file: file, id: id}
		data, err := readFile(fsys, e.Name(), file)
		if err != nil {
			f.errs = Errors{&Error{File: file, Line: 1, Col: 1, Rule: id, Msg: unprefixed(err, file)}}
		} else if msg := checkID(id); msg != "" {
			f.errs = Errors{&Error{File: file, Line: 1, Col: 1, Rule: id, Msg: msg}}
		} else {
			f.data, f.parse = data, true
		}
		files = append(files, f)
	}
	parseFiles(files)
	var rs []*Rule
	var all Errors
	disabled := map[string]string{}
	for _, f := range files {
		all = append(all, f.errs...)
		switch {
		case f.parsed.disabled:
			disabled[f.id] = f.file
		case f.parsed.rule != nil && len(f.errs) == 0:
			rs = append(rs, f.parsed.rule)
		}
	}
	if len(all) > 0 {
		return nil, nil, all
	}
	return rs, disabled, nil
}

// ruleFile is one rule file of a folder, read, and what parsing it gave;
// a file that could not be read, or has no valid id, is not parsed. key
// is its key in the ledger (see Ledger), where one is in use, and kept
// says its rule was read from there.
type ruleFile struct {
	file, id string
	data     []byte
	parse    bool
	parsed   parsed
	errs     Errors
	key      [sha256.Size]byte
	kept     bool
}

// parseFiles parses the files side by side, a goroutine a processor:
// parsing and compiling the default pack is a good part of a short
// command's start, and no file's parse reads another's. Each result stays
// with its file, so that rules and errors come out in the folder's order.
// The largest files are taken first, so that none is left to parse alone
// at the end (in the folder's order the word lists and the origins came
// late, and the last processor still busy held up the whole command).
// With a ledger, a file it keeps is read from there instead, and the files
// that newly loaded without an error are added to it.
func parseFiles(files []ruleFile) {
	led := activeLedger()
	order := make([]int, len(files))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return len(files[order[a]].data) > len(files[order[b]].data) })
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := min(runtime.GOMAXPROCS(0), len(files)); w > 0; w-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < len(files); k = int(next.Add(1) - 1) {
				f := &files[order[k]]
				if !f.parse {
					continue
				}
				if led != nil && f.fromLedger(led) {
					continue
				}
				f.parsed, f.errs = parseFile(f.file, f.id, f.data)
			}
		}()
	}
	wg.Wait()
	if led == nil {
		return
	}
	var fresh []LedgerEntry
	for _, f := range files {
		if f.parse && !f.kept && len(f.errs) == 0 {
			fresh = append(fresh, LedgerEntry{Key: f.key, Rule: encodeRule(f.parsed)})
		}
	}
	if len(fresh) > 0 {
		_ = led.Add(fresh) // unrecorded, the files are only compiled again next time
	}
}

// fromLedger reads the file's rule from the ledger, where it is kept;
// false where it is not, or its entry is damaged (the file is then read,
// and kept again).
func (f *ruleFile) fromLedger(led Ledger) bool {
	f.key = FileKey(f.id, f.data)
	kept, ok := led.Get(f.key)
	if !ok {
		return false
	}
	p, err := decodeRule(kept, f.file, f.id)
	if err != nil {
		return false
	}
	f.parsed, f.kept = p, true
	return true
}

// ParseFile compiles a single rule file from disk; its id is the file stem.
func ParseFile(file string) (*Rule, error) {
	data, err := readOSFile(file)
	if err != nil {
		return nil, err
	}
	base := filepath.Base(file)
	id := strings.TrimSuffix(base, filepath.Ext(base))
	if msg := checkID(id); msg != "" {
		return nil, Errors{{File: file, Line: 1, Col: 1, Rule: id, Msg: msg}}
	}
	pf, errs := parseFile(file, id, data)
	if len(errs) > 0 {
		return nil, errs
	}
	if pf.disabled {
		return nil, fmt.Errorf("%s: disables rule %q; load it as part of a pack", file, id)
	}
	return pf.rule, nil
}

func checkID(id string) string {
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Sprintf("rule id %q (the file name) may hold only a-z, 0-9, - and _", id)
		}
	}
	return ""
}

// CheckMatchTests runs the match/nomatch samples of pattern and sentence
// rules, which need nothing but the rule's own expressions. It returns one
// message per failing sample.
func (r *Rule) CheckMatchTests() []string {
	var fails []string
	for _, t := range r.Tests {
		if t.Match == "" && t.NoMatch == "" {
			continue
		}
		sample, want := t.Match, true
		if t.NoMatch != "" {
			sample, want = t.NoMatch, false
		}
		if got := r.matches(sample); got != want {
			verb := "should match but does not"
			if !want {
				verb = "should not match but does"
			}
			fails = append(fails, fmt.Sprintf("%s:%d:%d: %s: %q %s", r.Source, t.Line, t.Col, r.ID, sample, verb))
		}
	}
	return fails
}

func (r *Rule) matches(s string) bool {
	// As in the pipeline, a match touching one of the rule's own allow
	// terms ("code surgery") does not count.
	allowed := AllowExpression(r.Allow)
	counts := func(re *lazyregexp.Regexp) bool {
		for _, m := range re.FindAllStringIndex(s, -1) {
			if !touchesAllowed(allowed, s, m[0], m[1]) {
				return true
			}
		}
		return false
	}
	switch {
	case r.Pattern != nil:
		for _, p := range r.Pattern.Patterns {
			// A background pattern matches only beside another rule's
			// finding, which a lone sample lacks: in/out examples,
			// which run the pipeline, show it.
			if !p.Background && counts(p.Regex) {
				return true
			}
		}
	case r.Sentence != nil:
		for _, t := range r.Sentence.Triggers {
			if counts(t) {
				return true
			}
		}
	}
	return false
}

// AllowExpression writes a rule's allow terms as one case-insensitive
// expression for whole words or phrases (its first group is the term), or
// returns nil for none. It is compiled at its first use: the engine finds
// most allow terms without it (wordterms), and every term is quoted, so it
// always compiles.
func AllowExpression(terms []string) *lazyregexp.Regexp {
	if len(terms) == 0 {
		return nil
	}
	alts := make([]string, len(terms))
	for i, t := range terms {
		alts[i] = regexp.QuoteMeta(t)
	}
	// Longest first, so that "surgical fixes" wins over "surgical fix".
	sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
	return lazyregexp.Lazy(`(?i)(?:^|[^\p{L}\p{N}])(` + strings.Join(alts, "|") + `)(?:$|[^\p{L}\p{N}])`)
}

func touchesAllowed(allow *lazyregexp.Regexp, s string, a, b int) bool {
	if allow == nil {
		return false
	}
	for _, m := range allow.FindAllStringIndex(s, -1) {
		if a < m[1] && m[0] < b {
			return true
		}
	}
	return false
}

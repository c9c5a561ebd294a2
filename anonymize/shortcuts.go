package anonymize

import (
	"regexp"
	"strings"
	"sync"

	"github.com/anonymize/anonymize/anonymize/internal/confine"
	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/anonymize/internal/wordterms"
	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// shortcuts are what the engine does only to save time; none changes a
// result. New builds them once (newExhaustive builds the reference that
// does all the work, for the tests that compare, perf_equiv_test.go);
// detection asks them what to run and never whether they are on. The name
// recogniser's gate is apart (nerGate), as it reads the people rule.
type shortcuts struct {
	// patterns and triggers rule out the pattern expressions and sentence
	// triggers whose literals a text lacks; nil admits every one.
	patterns, triggers *literals.Filter
	// gate rules out the leak gate's contact patterns whose literals a
	// text lacks.
	gate *literals.Filter
	// readers rules out the expressions that read a placeholder (see
	// Engine.readsPlaceholder) whose literals a text lacks.
	readers *literals.Filter
	// allows rules out the rules' allow expressions (activeRule.allow)
	// whose terms a text lacks, and allowTerms finds their matches without
	// Go's regexp; both are built by indexAllows where filterAllows says
	// so, as the expressions are compiled with the detectors.
	allows       *literals.Filter
	allowTerms   map[*lazyregexp.Regexp]*wordterms.Matcher
	filterAllows bool
	// confined runs expressions only over the parts of a text where a
	// match can be; an expression not in it, or that confine.New cannot
	// confine, runs over the whole text (see confinedAs).
	confined map[*lazyregexp.Regexp]*lazyConfined
	// narrow limits a later pass of finish to the lines of the sentences
	// it looks at again; nil looks at the whole text.
	narrow func(seg *segmented, keep func(sentence) bool) []window
	// cases indexes a sequence rule's cases by the words they start at.
	cases func(seq *rules.Sequence) *caseIndex
	// skipIdle skips a later pass of finish that looks at no sentence
	// again: it would tag and detect only to drop every span.
	skipIdle bool
	// cueLists lists the cues of each cue list of the pack's entities by
	// their last word, by the list's first element (see cueList); nil
	// tries every cue of a list.
	cueLists map[*string]*cueList
	// filtering is the building of the literal filters, which goes on
	// while the engine builds its detectors (see ready).
	filtering sync.WaitGroup
}

func newShortcuts(pack *rules.Pack) *shortcuts {
	s := &shortcuts{
		confined:     map[*lazyregexp.Regexp]*lazyConfined{},
		narrow:       keptWindows,
		cases:        newCaseIndex,
		filterAllows: true,
		skipIdle:     true,
		cueLists:     indexCueLists(pack),
	}
	// The filters are independent, and building them is a good part of a
	// short command's start: they are built side by side, and beside the
	// rest of the engine, which uses them only to redact (ready waits for
	// them). Each goroutine sets fields of its own.
	wg := &s.filtering
	wg.Add(3)
	go func() {
		defer wg.Done()
		s.patterns = literals.New(patternRegexps(pack))
	}()
	go func() {
		defer wg.Done()
		s.triggers = literals.New(triggerRegexps(pack))
	}()
	go func() {
		defer wg.Done()
		s.readers = literals.New(placeholderReaders(pack))
		s.gate = literals.New(gateRegexps(contactRules(pack)))
	}()
	// Sentence triggers are confined too: a sentence is a text like any
	// other to them, and long ones ("diagnos\w*|chemotherapy|...") cost as
	// much as patterns.
	s.confine(append(patternRegexps(pack), triggerRegexps(pack)...)...)
	return s
}

// ready waits for the literal filters, and keeps what building them
// worked out in the cache (where UseCache named one); the engine calls it
// before it is used.
func (s *shortcuts) ready() {
	s.filtering.Wait()
	_ = literals.SaveCache() // a cache not written costs the next start the analyses
}

// saveShapes keeps how the expressions run so far are confined in the
// cache, where UseCache named one and one of them was worked out rather
// than read: a short text runs few expressions, and the next start reads
// how to confine them instead of parsing them again. Only the first texts
// of a batch write it.
func saveShapes() {
	_ = confine.SaveCache() // a cache not written costs the next start the parsing
}

// lazyConfined is how to confine one expression, worked out at its first
// run: a short text runs few of a pack's expressions (the literal filter
// rules out the rest), and working out all of them took a tenth of a short
// command's start.
type lazyConfined struct {
	re   *lazyregexp.Regexp
	once sync.Once
	expr confine.Expr // nil: the expression runs over the whole text
}

// confinedAs returns how to run re only where a match can be; nil runs it
// over the whole text.
func (s *shortcuts) confinedAs(re *lazyregexp.Regexp) confine.Expr {
	l := s.confined[re]
	if l == nil {
		return nil
	}
	l.once.Do(func() { l.expr = confine.New(l.re) })
	return l.expr
}

// confine adds expressions to those run only where a match can be: the
// pack's own, and those the engine writes (see placeholderDetector).
func (s *shortcuts) confine(res ...*lazyregexp.Regexp) {
	if s.confined == nil {
		return // the reference runs every expression over the whole text
	}
	for _, re := range res {
		if s.confined[re] == nil {
			s.confined[re] = &lazyConfined{re: re}
		}
	}
}

// indexAllows builds the filter of the rules' allow expressions res.
func (s *shortcuts) indexAllows(res []*lazyregexp.Regexp) {
	if !s.filterAllows {
		return
	}
	s.allows = literals.New(res)
	s.allowTerms = map[*lazyregexp.Regexp]*wordterms.Matcher{}
	for _, re := range res {
		if m := wordterms.New(re); m != nil {
			s.allowTerms[re] = m
		}
	}
}

// allowScan finds the matches of allow expressions in one text; the allow
// filter's scan of it is made at its first use, as most texts give spans
// to few rules with allow terms.
type allowScan struct {
	fast *shortcuts
	text string
	set  literals.Set
	done bool
}

// findAll is re.FindAllStringIndex(text, -1) for an allow expression re:
// nothing where the text holds none of its terms (an expression the
// filter does not index always runs).
func (a *allowScan) findAll(re *lazyregexp.Regexp) [][]int {
	if !a.done {
		a.set, a.done = a.fast.allows.Scan(a.text), true
	}
	if !a.set.May(re) {
		return nil
	}
	if m := a.fast.allowTerms[re]; m != nil {
		return m.FindAll(a.text)
	}
	return re.FindAllStringIndex(a.text, -1)
}

// cueList is one cue list of an entity rule (Engine.cueBeforeList), its
// cues split into words and listed by their last word: a cue ends before
// a token only if its last word is the token before, and a list of some
// hundred cues was asked at most lower-case words.
type cueList struct {
	n      int  // the list's length
	any    bool // a cue without words, which is before every token
	byLast map[string][][]string
}

// indexCueLists indexes the cue lists of the pack's entity rules.
func indexCueLists(pack *rules.Pack) map[*string]*cueList {
	out := map[*string]*cueList{}
	for _, r := range pack.Rules {
		if r.Entity == nil {
			continue
		}
		for _, list := range [][]string{r.Entity.Cues, r.Entity.PlaceCues, r.Entity.AliasCues, r.Entity.OrganizationCues} {
			if len(list) == 0 || out[&list[0]] != nil {
				continue
			}
			cl := &cueList{n: len(list), byLast: map[string][][]string{}}
			for _, c := range list {
				words := strings.Fields(c)
				if len(words) == 0 {
					cl.any = true
					continue
				}
				last := words[len(words)-1]
				cl.byLast[last] = append(cl.byLast[last], words)
			}
			out[&list[0]] = cl
		}
	}
	return out
}

// cueList returns the index of cues, a list of the pack's; nil for
// another list, or none.
func (s *shortcuts) cueList(cues []string) *cueList {
	if len(cues) == 0 || s.cueLists == nil {
		return nil
	}
	if cl := s.cueLists[&cues[0]]; cl != nil && cl.n == len(cues) {
		return cl
	}
	return nil
}

// newExhaustive is the reference: every expression runs over the whole
// text, every case at every token.
func newExhaustive() *shortcuts {
	return &shortcuts{cases: tryAllCases}
}

// patternRegexps are the expressions of a pack's pattern rules.
func patternRegexps(p *rules.Pack) []*lazyregexp.Regexp {
	var out []*lazyregexp.Regexp
	for _, r := range p.Rules {
		if r.Pattern != nil {
			for _, np := range r.Pattern.Patterns {
				out = append(out, np.Regex)
			}
		}
	}
	return out
}

// triggerRegexps are the triggers of a pack's sentence rules.
func triggerRegexps(p *rules.Pack) []*lazyregexp.Regexp {
	var out []*lazyregexp.Regexp
	for _, r := range p.Rules {
		if r.Sentence != nil {
			out = append(out, r.Sentence.Triggers...)
		}
	}
	return out
}

// gateRegexps are the contact expressions the leak gate runs.
func gateRegexps(contact []*rules.Rule) []*lazyregexp.Regexp {
	var out []*lazyregexp.Regexp
	for _, r := range contact {
		for _, p := range r.Pattern.Patterns {
			if p.Gate {
				out = append(out, p.Regex)
			}
		}
	}
	return out
}

// placeholderInSource finds, in an expression's source, a bracketed word such
// as \[organization\]: the expression reads a placeholder.
var placeholderInSource = regexp.MustCompile(`\\\[[a-z]`)

// placeholderReaders are the pattern expressions that read a placeholder
// ("at \[organization\] for ...").
func placeholderReaders(p *rules.Pack) []*lazyregexp.Regexp {
	var out []*lazyregexp.Regexp
	for _, re := range patternRegexps(p) {
		if placeholderInSource.MatchString(re.String()) {
			out = append(out, re)
		}
	}
	return out
}

// readerMatches reports whether one of the placeholder readers res
// matches text.
func (s *shortcuts) readerMatches(res []*lazyregexp.Regexp, text string) bool {
	set := s.readers.WithHits()
	set.AddAt(text, 0)
	for _, re := range res {
		if set.May(re) && s.matchString(re, text, &set) {
			return true
		}
	}
	return false
}

// matchString is re.MatchString(text), confined where that is exact, to
// where scan (of text) says re's literals are.
func (s *shortcuts) matchString(re *lazyregexp.Regexp, text string, scan *literals.Set) bool {
	if c := s.confinedAs(re); c != nil {
		return c.MatchStringAt(text, scan, 0)
	}
	return re.MatchString(text)
}

// patternSet scans the regions of text for the literals of the pattern
// expressions, noting where they are: a confined expression then runs only
// over the runs of bytes that hold one (findAllIn).
func (s *shortcuts) patternSet(text string, regions []window) literals.Set {
	set := s.patterns.WithHits()
	for _, w := range regions {
		set.AddAt(text[w.start:w.end], w.start)
	}
	return set
}

// triggerSet scans each sentence of the masked text (where sentence
// triggers look) for the literals of the triggers, noting where they end,
// so that a trigger runs only on sentences holding one of its literals
// (Set.In over the sentence), and there only where they are
// (findAllScanned). Each sentence is scanned apart, so that no literal
// runs from one into the next; sentences outside the regions are not
// scanned (the sentence detector skips them).
func (s *shortcuts) triggerSet(seg *segmented) literals.Set {
	set := s.triggers.WithHits() // a nil filter's admits everything
	if !s.triggers.Indexes() {
		return set
	}
	for _, sn := range seg.sentences {
		if seg.inRegions(sn.start) {
			set.AddAt(seg.masked[sn.start:sn.end], sn.start)
		}
	}
	return set
}

// findAll is re.FindAllStringSubmatchIndex(text, -1), confined where that
// is known to be exact.
func (s *shortcuts) findAll(re *lazyregexp.Regexp, text string) [][]int {
	if c := s.confinedAs(re); c != nil {
		return c.FindAll(text)
	}
	return re.FindAllStringSubmatchIndex(text, -1)
}

// findAllScanned is findAll for a text, at offset base of a scanned one,
// whose literals scan holds, noted where they end
// (literals.Filter.WithHits): a confined expression goes from one of its
// literals to the next rather than over every run of the text, scanning
// each for its own. Indexes are into text.
func (s *shortcuts) findAllScanned(re *lazyregexp.Regexp, text string, scan *literals.Set, base int) [][]int {
	if c := s.confinedAs(re); c != nil {
		return c.FindAllAt(text, scan, base)
	}
	return re.FindAllStringSubmatchIndex(text, -1)
}

// findAllIn is findAll over the regions of seg's text, whose literals
// scan holds (patternSet); indexes are into the whole text.
func (s *shortcuts) findAllIn(re *lazyregexp.Regexp, seg *segmented, scan *literals.Set) [][]int {
	find := func(text string, base int) [][]int {
		if c := s.confinedAs(re); c != nil {
			return c.FindAllAt(text, scan, base)
		}
		return re.FindAllStringSubmatchIndex(text, -1)
	}
	if seg.windows == nil {
		return find(seg.text, 0)
	}
	var out [][]int
	for _, w := range seg.windows {
		for _, m := range find(seg.text[w.start:w.end], w.start) {
			for k := range m {
				if m[k] >= 0 {
					m[k] += w.start
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// narrowTo limits detection in seg to what a later pass looks at again:
// the lines of the sentences keep accepts.
func (s *shortcuts) narrowTo(seg *segmented, keep func(sentence) bool) {
	if keep != nil && s.narrow != nil {
		seg.windows = s.narrow(seg, keep)
	}
}

// keptWindows returns windows from the start of each sentence keep accepts
// to the end of its line, so that an expression still sees what follows
// the sentence on its line; windows of sentences on following lines join.
func keptWindows(seg *segmented, keep func(sentence) bool) []window {
	out := []window{}
	for _, s := range seg.sentences {
		if !keep(s) {
			continue
		}
		end := len(seg.text)
		if i := strings.IndexByte(seg.text[s.end:], '\n'); i >= 0 {
			end = s.end + i
		}
		// Windows only whitespace apart are one ("at [organization]\nfor
		// 4 years" reads across the line break).
		if n := len(out); n > 0 && (s.start <= out[n-1].end || strings.TrimSpace(seg.text[out[n-1].end:s.start]) == "") {
			out[n-1].end = max(out[n-1].end, end)
			continue
		}
		out = append(out, window{s.start, end})
	}
	return out
}

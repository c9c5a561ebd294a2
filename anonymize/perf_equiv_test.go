package anonymize

import (
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize/internal/confine"
	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

var (
	referencesMu sync.Mutex
	references   = map[*Engine]*Engine{}
)

// reference returns an engine of e's pack built without the shortcuts
// that must not change results (newReference), to compare against.
func reference(t *testing.T, e *Engine) *Engine {
	t.Helper()
	referencesMu.Lock()
	defer referencesMu.Unlock()
	if r, ok := references[e]; ok {
		return r
	}
	r, err := newReference(e.pack)
	if err != nil {
		t.Fatal(err)
	}
	references[e] = r
	return r
}

// TestReferenceHasNoShortcuts checks that the reference engine leaves out
// every shortcut the engine takes, so that comparing the two covers them
// all.
func TestReferenceHasNoShortcuts(t *testing.T) {
	_, e := loadBench(t)
	r := reference(t, e)
	fast := []struct {
		name      string
		on, inRef bool
	}{
		{"pattern prefilter", e.fast.patterns.Indexes(), r.fast.patterns != nil},
		{"trigger prefilter", e.fast.triggers.Indexes(), r.fast.triggers != nil},
		{"placeholder reader prefilter", e.fast.readers.Indexes(), r.fast.readers != nil},
		{"leak gate prefilter", e.fast.gate.Indexes(), r.fast.gate != nil},
		{"allow prefilter", e.fast.allows.Indexes(), r.fast.allows != nil},
		{"allow terms without regexp", len(e.fast.allowTerms) > 0, len(r.fast.allowTerms) > 0},
		{"idle later passes skipped", e.fast.skipIdle, r.fast.skipIdle},
		{"confinement", len(e.fast.confined) > 0, len(r.fast.confined) > 0},
		{"narrowed later passes", e.fast.narrow != nil, r.fast.narrow != nil},
		{"name recogniser's token check", e.ner.confirm, r.ner.confirm},
		{"cue lists by last word", len(e.fast.cueLists) > 0, r.fast.cueLists != nil},
	}
	for _, f := range fast {
		if !f.on || f.inRef {
			t.Errorf("%s: on in the engine %v, in the reference %v; want on, off", f.name, f.on, f.inRef)
		}
	}
	for _, f := range []struct {
		name string
		on   func(*caseIndex) bool
	}{
		{"sequence case index", func(ix *caseIndex) bool { return ix.byWord != nil }},
		{"sequence word sets", func(ix *caseIndex) bool {
			for _, tests := range ix.tests {
				for _, tt := range tests {
					if tt.asciiWords != nil || tt.asciiExcept != nil || tt.casedWords != nil || tt.casedExcept != nil {
						return true
					}
				}
			}
			return false
		}},
	} {
		on := func(e *Engine) bool {
			for _, d := range e.detectors {
				if s, ok := d.detector.(*sequenceDetector); ok && f.on(s.cases) {
					return true
				}
			}
			return false
		}
		if !on(e) || on(r) {
			t.Errorf("%s: in the engine %v, in the reference %v; want true, false", f.name, on(e), on(r))
		}
	}
}

func sameRedaction(t *testing.T, name string, e *Engine, text string, ro Roster) {
	t.Helper()
	got, err := e.Redact(text, ro)
	if err != nil {
		t.Fatal(err)
	}
	want, err := reference(t, e).Redact(text, ro)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: the shortcuts change the result (-reference +fast):\n%s", name, diff)
	}
}

// TestShortcutsKeepResults checks that the engine's shortcuts (see
// shortcuts.go, nergate.go) change nothing, on every golden input and every 20th
// note of the benchmark corpus (skipped with -short).
func TestShortcutsKeepResults(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "testdata", "notes", "*.input.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		c, text := readCase(t, in)
		sameRedaction(t, filepath.Base(in), engineFor(t, c), text, c.roster())
	}
	if testing.Short() {
		return
	}
	notes, e := loadBench(t)
	for i := 0; i < len(notes); i += 20 {
		n := notes[i]
		sameRedaction(t, n.ID, e, n.Text, n.roster())
	}
}

// corpusStep is 1, or 10 with -short (as CI runs the race detector, under
// which running every expression over the whole corpus takes minutes).
func corpusStep() int {
	if testing.Short() {
		return 10
	}
	return 1
}

// TestPrefilterAdmitsEveryMatch checks the prefilter's promise directly on
// the default pack's expressions: an expression that matches a text is
// never filtered out of it.
func TestPrefilterAdmitsEveryMatch(t *testing.T) {
	notes, e := loadBench(t)
	var all []string
	for i := 0; i < len(notes); i += corpusStep() {
		all = append(all, notes[i].Text)
	}
	inputs, _ := filepath.Glob(filepath.Join("..", "testdata", "notes", "*.input.md"))
	for _, in := range inputs {
		_, text := readCase(t, in)
		all = append(all, text)
	}
	filters := []struct {
		name string
		f    *literals.Filter
		res  []*lazyregexp.Regexp
	}{
		{"pattern", e.fast.patterns, patternRegexps(e.pack)},
		{"trigger", e.fast.triggers, triggerRegexps(e.pack)},
		{"placeholder reader", e.fast.readers, placeholderReaders(e.pack)},
		{"leak gate", e.fast.gate, gateRegexps(e.contact)},
		{"allow", e.fast.allows, allowRegexps(e.detectors)},
	}
	for _, text := range all {
		for _, f := range filters {
			c := f.f.Scan(text)
			for _, re := range f.res {
				if !c.May(re) && re.MatchString(text) {
					t.Errorf("%s %.60q matches but was filtered out", f.name, re)
				}
			}
		}
	}
}

// TestConcurrentRedact redacts notes from several goroutines sharing one
// engine (and prose's model) and expects the sequential results: run it
// with -race to check that the shared model is read-only.
func TestConcurrentRedact(t *testing.T) {
	notes, e := loadBench(t)
	notes = notes[:16]
	want := make([]string, len(notes))
	for i, n := range notes {
		r, err := e.Redact(n.Text, n.roster())
		if err != nil {
			t.Fatal(err)
		}
		want[i] = r.Out
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := range notes {
				i := (k + w*4) % len(notes)
				r, err := e.Redact(notes[i].Text, notes[i].roster())
				if err != nil {
					t.Error(err)
					return
				}
				if r.Out != want[i] {
					t.Errorf("%s: concurrent result differs from the sequential one", notes[i].ID)
				}
			}
		}(w)
	}
	wg.Wait()
}

// TestEachCapitalWordMatchesExpression checks the hand-written scanner
// against the expression it replaces, on tricky strings and the corpus.
func TestEachCapitalWordMatchesExpression(t *testing.T) {
	re := regexp.MustCompile(`\b\p{Lu}[\p{L}'’-]*`)
	texts := []string{"", "A", "aB", "_Bob", "9Ann", " Łukasz and Ölund", "xÖlund", "O'Neil’s-Smith x", "\xffZed", "Zed\xff", "ÀÉ É"}
	notes, _ := loadBench(t)
	for _, n := range notes[:200] {
		texts = append(texts, n.Text)
	}
	for _, text := range texts {
		var got [][]int
		eachCapitalWord(text, func(start int, word string) bool {
			got = append(got, []int{start, start + len(word)})
			return true
		})
		want := re.FindAllStringIndex(text, -1)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%.40q: (-regexp +scanner)\n%s", text, diff)
		}
	}
}

// TestConfinementFindsWhatTheExpressionFinds checks pattern confinement
// against running each expression over the whole text: the default pack's
// patterns on the corpus and golden inputs (package confine's own test
// has the edge cases).
func TestConfinementFindsWhatTheExpressionFinds(t *testing.T) {
	var texts []string
	notes, e := loadBench(t)
	for i := 0; i < len(notes); i += 10 * corpusStep() {
		texts = append(texts, notes[i].Text)
	}
	inputs, _ := filepath.Glob(filepath.Join("..", "testdata", "notes", "*.input.md"))
	for _, in := range inputs {
		_, text := readCase(t, in)
		texts = append(texts, text)
	}
	checkConfinement(t, e, texts)
}

// TestConfinementOnRedactedText is TestConfinementFindsWhatTheExpressionFinds
// on what the later passes of finish read: texts that hold placeholders
// ("pitong taon sa [organization]"), which the patterns of other languages
// are tried at the starts of, bounded by their leads' heads. The texts are
// redactions of corpus notes and the pack's rule tests, as written and as
// redacted.
func TestConfinementOnRedactedText(t *testing.T) {
	var texts []string
	notes, e := loadBench(t)
	for i := 5; i < len(notes); i += 10 * corpusStep() {
		red, err := e.Redact(notes[i].Text, notes[i].roster())
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, red.Out)
	}
	n := 0
	for _, r := range e.pack.Rules {
		for _, tc := range r.Tests {
			// -short (the race job) reads every tenth rule test, as it
			// reads every tenth corpus note.
			if n++; n%corpusStep() == 0 {
				texts = append(texts, tc.In, tc.Out, tc.Match, tc.NoMatch)
			}
		}
	}
	checkConfinement(t, e, texts)
}

// checkConfinement compares every confined expression of e's pack with
// the expression run over each whole text.
func checkConfinement(t *testing.T, e *Engine, texts []string) {
	t.Helper()
	res := append(patternRegexps(e.pack), triggerRegexps(e.pack)...)
	for _, d := range e.detectors {
		if p, ok := d.detector.(*placeholderDetector); ok {
			res = append(res, p.written)
		}
	}
	// Told where literals end by the engine's scans too (findAllIn,
	// findAllScanned); a filter that does not index an expression admits
	// it everywhere.
	res = append(res, gateRegexps(e.contact)...)
	scans := make([][]literals.Set, len(texts))
	for i, text := range texts {
		for _, f := range []*literals.Filter{e.fast.patterns, e.fast.triggers, e.fast.gate} {
			set := f.WithHits()
			set.Add(text)
			scans[i] = append(scans[i], set)
		}
	}
	confined := 0
	for _, re := range res {
		c := confine.New(re)
		if c == nil {
			continue
		}
		confined++
		for i, text := range texts {
			want := re.FindAllStringSubmatchIndex(text, -1)
			if diff := cmp.Diff(want, c.FindAll(text)); diff != "" {
				t.Errorf("%.50q on %.40q: (-whole text +confined)\n%s", re, text, diff)
			}
			for k := range scans[i] {
				if diff := cmp.Diff(want, c.FindAllAt(text, &scans[i][k], 0)); diff != "" {
					t.Errorf("%.50q on %.40q, scan %d: (-whole text +confined)\n%s", re, text, k, diff)
				}
			}
			if want, got := re.MatchString(text), c.MatchString(text); got != want {
				t.Errorf("%.50q on %.40q: MatchString %v, want %v", re, text, got, want)
			}
		}
	}
	if confined < len(res)/2 {
		t.Errorf("only %d of %d expressions confined", confined, len(res))
	}
}

// TestWordSetsMatchExpressions checks the word sets of sequence patterns
// (literals.ASCIIWords) against their expressions on every word of the
// corpus.
func TestWordSetsMatchExpressions(t *testing.T) {
	notes, e := loadBench(t)
	words := map[string]bool{"ENGINEERS": true, "Developer": true, "Mr": true, "MR": true, "mr.": true, "Mrs.": true, "MISS": true,
		"Miss": true, "Ms.": true, "Mme": true, "mme": true}
	for i := 0; i < len(notes); i += corpusStep() {
		for _, w := range strings.FieldsFunc(notes[i].Text, func(r rune) bool { return r == ' ' || r == '\n' || r == ',' || r == '.' }) {
			words[w] = true
		}
	}
	sets, cased := 0, 0
	for _, d := range e.detectors {
		s, ok := d.detector.(*sequenceDetector)
		if !ok {
			continue
		}
		for _, tests := range s.cases.tests {
			for _, tt := range tests {
				for _, p := range []struct {
					set   map[string]bool
					re    *lazyregexp.Regexp
					cased bool
				}{{tt.asciiWords, tt.m.Word, false}, {tt.asciiExcept, tt.m.Except, false},
					{tt.casedWords, tt.m.Word, true}, {tt.casedExcept, tt.m.Except, true}} {
					if p.set == nil {
						continue
					}
					sets++
					if p.cased {
						cased++
					}
					for w := range words {
						key := strings.ToLower(w)
						if p.cased {
							key = w
						}
						if isASCII(w) && p.set[key] != p.re.MatchString(w) {
							t.Errorf("%q: the word set says %v, the expression %.60q the opposite", w, p.set[key], p.re)
						}
					}
				}
			}
		}
	}
	if sets == 0 || cased == 0 {
		t.Errorf("%d word patterns of the default pack have a word set, %d as spelled", sets, cased)
	}
}

// TestVerifyWordsMatchesExpression checks the leak gate's word scanner
// against the expression it replaces, on tricky strings and the corpus.
func TestVerifyWordsMatchesExpression(t *testing.T) {
	texts := []string{"", "a", "9", "9a", "a9", "x.", "J.R.R. Tolkien", "o'neil’s-x_y", "--a--", "1-", "é\u0301t", "\u0301a",
		"\xffab\xff", "a\xffb", "k8s v1.2.3-rc", "a'", "'a", "..", "A.B", "٣٤ ٣"}
	notes, _ := loadBench(t)
	for _, n := range notes[:200] {
		texts = append(texts, n.Text)
	}
	for _, text := range texts {
		var got [][]int
		for _, w := range verifyWords(text) {
			got = append(got, w[:])
		}
		if diff := cmp.Diff(verifyWord.FindAllStringIndex(text, -1), got); diff != "" {
			t.Errorf("%.40q: (-regexp +scanner)\n%s", text, diff)
		}
	}
}

// TestFindMarkupMatchesExpressions checks the markup finders against their
// expressions run over the whole text, on the corpus and markup edge cases.
func TestFindMarkupMatchesExpressions(t *testing.T) {
	texts := []string{"", "- a\n  * b\n1. c\n2) d\n### e\n#tag\n-x\n", "\n\n- a", "a - b", "<b>x</b> <!-- c --> <pre>y</pre>",
		"```go\nx\n```\n~~~\ny", "~~~", "  +  z\r\n- w", "\t#  h\n12.  n", "***a**b__c___ _*_**_", "**", "_", "*é**__"}
	notes, _ := loadBench(t)
	for _, n := range notes[:200] {
		texts = append(texts, n.Text)
	}
	inputs, _ := filepath.Glob(filepath.Join("..", "testdata", "notes", "*.input.md"))
	for _, in := range inputs {
		_, text := readCase(t, in)
		texts = append(texts, text)
	}
	for _, re := range []*regexp.Regexp{htmlTag, htmlCode, fencedCode, listMarker, mdLinkURL, emphasisRun} {
		for _, text := range texts {
			if diff := cmp.Diff(re.FindAllStringIndex(text, -1), findMarkup(re, text)); diff != "" {
				t.Errorf("%.30q on %.40q: (-expression +findMarkup)\n%s", re, text, diff)
			}
		}
	}
}

// TestAmericanSpellingAsReplacer checks that americanSpelling, which gives
// the replacer only words holding a British spelling, spells every word of
// the corpus and of some British English as the replacer does.
func TestAmericanSpellingAsReplacer(t *testing.T) {
	notes, _ := loadBench(t)
	words := []string{"behavioural", "organised", "centre", "modelling", "catalogue", "defence", "analysing", "tour", "our", ""}
	for i := 0; i < len(notes); i += corpusStep() {
		words = append(words, strings.Fields(strings.ToLower(notes[i].Text))...)
	}
	for _, w := range words {
		want := britishSpellings.Replace(w)
		if got, changed := americanSpelling(w); got != want || changed != (want != w) {
			t.Errorf("americanSpelling(%q) = %q, %v; want %q, %v", w, got, changed, want, want != w)
		}
	}
}

// TestCueListsAsEveryCue checks the cue lists indexed by last word
// (shortcuts.cueList) against trying every cue, at every token of the
// corpus.
func TestCueListsAsEveryCue(t *testing.T) {
	notes, e := loadBench(t)
	r := reference(t, e)
	var lists [][]string
	for _, rule := range e.pack.Rules {
		if ent := rule.Entity; ent != nil {
			lists = append(lists, ent.Cues, ent.PlaceCues, ent.AliasCues, ent.OrganizationCues)
		}
	}
	indexed, cued := 0, 0
	for _, l := range lists {
		if e.fast.cueList(l) != nil {
			indexed++
		}
	}
	for i := 0; i < len(notes); i += corpusStep() {
		n := notes[i]
		seg := segment(n.Text, e.lex)
		toks, err := e.tag(seg, e.roster(n.roster()), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lists {
			for k := range toks {
				got, want := e.cueBeforeList(l, toks, k), r.cueBeforeList(l, toks, k)
				if got != want {
					t.Errorf("note %s, token %d %q: a cue before it %v, want %v", n.ID, k, toks[k].word, got, want)
				}
				if got {
					cued++
				}
			}
		}
	}
	if indexed == 0 || cued == 0 {
		t.Errorf("%d cue lists indexed, %d tokens cued", indexed, cued)
	}
}

// TestUnconfinedPatternsAreRare guards the pack's speed without timing
// anything: an expression that confinement cannot narrow (no run of bytes
// holds its matches, and its starts take in every word) is tried all over
// each note its literals admit. Where those
// literals are common, it runs over nearly every note: a referee's
// employer read after "any text up to a comma" once cost a tenth of the
// pipeline that way. Each such expression must be admitted on at most a
// tenth of the corpus notes, or be rewritten to start at something rarer.
func TestUnconfinedPatternsAreRare(t *testing.T) {
	notes, e := loadBench(t)
	admitted := map[*lazyregexp.Regexp]int{}
	var unconfined []*lazyregexp.Regexp
	names := map[*lazyregexp.Regexp]string{}
	for _, r := range e.pack.Rules {
		if r.Pattern == nil {
			continue
		}
		for _, p := range r.Pattern.Patterns {
			if confine.Broad(confine.New(p.Regex)) {
				unconfined = append(unconfined, p.Regex)
				names[p.Regex] = r.Source + ": " + r.ID + "/" + p.Name
			}
		}
	}
	for _, n := range notes {
		set := e.fast.patternSet(n.Text, []window{{0, len(n.Text)}})
		for _, re := range unconfined {
			if set.May(re) {
				admitted[re]++
			}
		}
	}
	for _, re := range unconfined {
		if admitted[re]*10 > len(notes) {
			t.Errorf("%s is tried at every word of %d of %d notes; start it at a literal or a capital", names[re], admitted[re], len(notes))
		}
	}
}

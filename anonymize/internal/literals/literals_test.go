package literals

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// TestAdmitsEveryMatch checks the filter's promise on edge cases of case
// folding, classes and invalid UTF-8: an expression that matches a text is
// never ruled out (the engine's tests check it on the corpus too).
func TestAdmitsEveryMatch(t *testing.T) {
	res := []*lazyregexp.Regexp{
		lazyregexp.MustCompile(`(?i)\bstraße\b`),
		lazyregexp.MustCompile(`(?i)kelvin`),
		lazyregexp.MustCompile(`(?i)\bclass of (?:19|20)\d\d\b`),
		lazyregexp.MustCompile(`\b(?:IIT(?:s|[ -](?:Bombay|Delhi))?|II(?:M(?:s|[ -][A-Z]\w+)))\b`),
		lazyregexp.MustCompile(`[\s(]@[A-Za-z0-9_]+`),
		lazyregexp.MustCompile(`\d{3}[\s.-]\d{4}`),
		lazyregexp.MustCompile(`(?i)Ruß|ﬀ`),
	}
	texts := []string{"STRASSE straße STRAßE", "the KELVIN scale", "class of 2009", "IIM Ahmedabad",
		"IITs and IIT-Delhi", "ping @jdoe", "555-0142", "ruß", "RUSS", "ſtraße", "\xffIIM Kolkata"}
	pf := New(res)
	for _, text := range texts {
		c := pf.Scan(text)
		for _, re := range res {
			if re.MatchString(text) && !c.May(re) {
				t.Errorf("%q matches %q but was filtered out", re, text)
			}
		}
	}
}

// TestRulesOut checks that the filter does rule out what cannot match.
func TestRulesOut(t *testing.T) {
	school := lazyregexp.MustCompile(`\b(?:MIT|Caltech|ETH Zurich)\b`)
	handle := lazyregexp.MustCompile(`[\s(]@[A-Za-z0-9_]+`)
	pf := New([]*lazyregexp.Regexp{school, handle})
	c := pf.Scan("studied at Caltech, no handle")
	if !c.May(school) || c.May(handle) {
		t.Errorf("May(school) = %v, May(handle) = %v; want true, false", c.May(school), c.May(handle))
	}
	var none *Filter
	if !none.Scan("x").May(handle) {
		t.Error("a nil filter must admit every expression")
	}
}

// TestEveryRequiredSet checks the sets an expression is indexed by besides
// its requirement: a text must hold a literal of each, anywhere for May and
// within the span for In; a text that matches is never ruled out.
func TestEveryRequiredSet(t *testing.T) {
	colleague := lazyregexp.MustCompile(`(?i)\b(?:peers?|colleagues?|managers?|CTO)\s+(?:from|at)\s+[A-Z]\w+`)
	experience := lazyregexp.MustCompile(`(?i)\b(?:\d{1,2}|ten|twenty)\s*(?:years?|yrs?)(?:\s+of)?\s+(?:experience|exp\b|in (?:the )?industry)`)
	pf := New([]*lazyregexp.Regexp{colleague, experience})
	for _, c := range []struct {
		text             string
		colleague, years bool
	}{
		{"she moved from Montreal, as she explained", false, false},
		{"a colleague at Datadog", true, false},
		{"a COLLEAGUE FROM Acme", true, false},
		{"ten years of experience", false, true},
		{"20 yrs in the industry", false, true},
		{"the 2 years she explained at length", false, true},
		{"the years she explained at length", false, false},
		{"managers and experience", false, false},
	} {
		set := pf.WithHits()
		set.AddAt(c.text, 0)
		for _, e := range []struct {
			re   *lazyregexp.Regexp
			want bool
		}{{colleague, c.colleague}, {experience, c.years}} {
			if got := set.May(e.re); got != e.want {
				t.Errorf("%q: May(%s) = %v, want %v", c.text, e.re, got, e.want)
			}
			if got := set.In(e.re, 0, len(c.text)); got != e.want {
				t.Errorf("%q: In(%s) = %v, want %v", c.text, e.re, got, e.want)
			}
			if e.re.MatchString(c.text) && !set.May(e.re) {
				t.Errorf("%q matches %s but was ruled out", c.text, e.re)
			}
		}
	}
	// In looks for every set within the span: "colleague" lies before it.
	set := pf.WithHits()
	text := "a colleague. Moved from Montreal"
	set.AddAt(text, 0)
	if start := strings.Index(text, "Moved"); set.In(colleague, start, len(text)) {
		t.Errorf("In(%q) admits a span that holds only the second literal", text[start:])
	}
	if len(pf.index[colleague]) < 2 || len(pf.index[experience]) < 2 {
		t.Errorf("no other required sets indexed: %v", pf.index)
	}
	// An alternation requires a literal of one of each branch's sets.
	stint := lazyregexp.MustCompile(`(?i)\b(?:stints?|roles?)\s+at\s+[A-Z]\w+|\b(?:jobs?|gigs?)\s+with\s+[A-Z]\w+`)
	pf = New([]*lazyregexp.Regexp{stint})
	for text, want := range map[string]bool{"roles at Acme": true, "a gig with Initech": true, "the roles of the team": false, "jobs for Initech": false} {
		if got := pf.Scan(text).May(stint); got != want {
			t.Errorf("%q: May(%s) = %v, want %v", text, stint, got, want)
		}
	}
}

// TestASCIIWords checks the word sets against the expressions they stand
// for, on every ASCII spelling of some words.
func TestASCIIWords(t *testing.T) {
	cases := []struct {
		src  string
		ok   bool
		want []string
	}{
		{"engineers?|developers?", true, []string{"engineer", "engineers", "developer", "developers"}},
		{"colou?r|[sz]ed", true, []string{"color", "colour", "sed", "zed"}},
		{"(?:re)?writes?", true, []string{"write", "writes", "rewrite", "rewrites"}},
		{"\\bhe", false, nil},
		{"(?-i:He)|she", false, nil},
		{"\\w+", false, nil},
		{"(?-i:[0-9])x", true, []string{"0x", "1x", "2x", "3x", "4x", "5x", "6x", "7x", "8x", "9x"}},
	}
	for _, c := range cases {
		set, ok := ASCIIWords(c.src)
		if ok != c.ok {
			t.Errorf("ASCIIWords(%q): ok %v, want %v", c.src, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		want := map[string]bool{}
		for _, w := range c.want {
			want[w] = true
		}
		if len(set) != len(want) {
			t.Errorf("ASCIIWords(%q) = %v, want %v", c.src, set, c.want)
		}
		re := lazyregexp.MustCompile(`(?i)^(?:` + c.src + `)$`)
		for _, w := range []string{"Engineer", "ENGINEERS", "developerS", "Colour", "ZED", "Sed", "rEwrites", "write", "he", "He", "x", "0X", "engineerz"} {
			if got := set[strings.ToLower(w)]; got != re.MatchString(w) {
				t.Errorf("ASCIIWords(%q): %q in set %v, expression matches %v", c.src, w, got, !got)
			}
		}
	}
}

// TestCasedASCIIWords checks the sets of words as spelled against the
// expressions they stand for, on every case of some words.
func TestCasedASCIIWords(t *testing.T) {
	cases := []struct {
		src  string
		ok   bool
		want []string
	}{
		{"(?-i:Mr|Mrs|MRS|mr)\\.?", true, []string{"Mr", "Mr.", "Mrs", "Mrs.", "MRS", "MRS.", "mr", "mr."}},
		{"(?-i:Miss)", true, []string{"Miss"}},
		{"(?-i:[0-9])-", true, []string{"0-", "1-", "2-", "3-", "4-", "5-", "6-", "7-", "8-", "9-"}},
		{"(?-i:M)s", false, nil},
		{"miss", false, nil},
		{"(?-i:\\p{Lu}.*)", false, nil},
		{"(?-i:\\bMr)", false, nil},
		{"(?-i:Mé|Mr)", true, []string{"Mr"}},
	}
	for _, c := range cases {
		set, ok := CasedASCIIWords(c.src)
		if ok != c.ok || !ok {
			if ok != c.ok {
				t.Errorf("CasedASCIIWords(%q): ok %v, want %v", c.src, ok, c.ok)
			}
			continue
		}
		if diff := cmp.Diff(slices.Sorted(slices.Values(c.want)), slices.Sorted(maps.Keys(set))); diff != "" {
			t.Errorf("CasedASCIIWords(%q) (-want +got):\n%s", c.src, diff)
		}
		re := lazyregexp.MustCompile(`(?i)^(?:` + c.src + `)$`)
		for _, w := range []string{"Mr", "MR", "mR", "mr", "Mr.", "MR.", "Mrs", "mrs", "MRS", "Miss", "MISS", "miss", "3-", "Ms", "MS"} {
			if got := set[w]; got != re.MatchString(w) {
				t.Errorf("CasedASCIIWords(%q): %q in set %v, expression matches %v", c.src, w, got, !got)
			}
		}
	}
}

// TestIn checks where a scan with hits places literals: every part of a
// text that holds a literal of an expression is admitted, and parts
// without one are not.
func TestIn(t *testing.T) {
	school := lazyregexp.MustCompile(`\b(?:MIT|Caltech)\b`)
	age := lazyregexp.MustCompile(`(?i)\d+ years`)
	other := lazyregexp.MustCompile(`x+`) // no literal: never ruled out
	pf := New([]*lazyregexp.Regexp{school, age})
	text := "At MIT for 20 YEARS; then Ærø and Caltech. KELVIN 5 yearſ"
	s := pf.WithHits()
	s.AddAt(text[:20], 0)
	s.AddAt(text[20:], 20)
	cases := []struct {
		re   *lazyregexp.Regexp
		a, b int
		want bool
	}{
		{school, 0, 6, true}, {school, 3, 6, true}, {school, 6, 30, false}, {school, 30, len(text), true},
		{age, 0, 10, false}, {age, 10, 19, true}, {age, 19, 45, false}, {age, 45, len(text), true},
		{other, 0, 1, true},
	}
	for _, c := range cases {
		if got := s.In(c.re, c.a, c.b); got != c.want {
			t.Errorf("In(%q, %d, %d) = %v, want %v (%q)", c.re, c.a, c.b, got, c.want, text[c.a:c.b])
		}
	}
	if !pf.Scan(text).In(school, 6, 30) {
		t.Error("a set without hits must admit every part where the expression may match")
	}
}

// TestAutomatonFindsEveryEnd checks the automaton, built in one table,
// against a search for each literal: the same literals end at the same
// offsets, overlapping and nested ones included.
func TestAutomatonFindsEveryEnd(t *testing.T) {
	lits := []string{"he", "she", "his", "hers", "s", "ushers", "ab", "bab", "abab", "é", "xé"}
	texts := []string{"ushers", "ahishers", "ababab", "", "zzz", "xéé hers", "shehe"}
	var used [256]bool
	var bls []bitLit
	for i, l := range lits {
		bls = append(bls, bitLit{l, i})
		for j := 0; j < len(l); j++ {
			used[l[j]] = true
		}
	}
	a := newAutomaton(1, &used, trieNodes(bls))
	a.addAll(bls)
	a.link()
	if got, want := len(a.fail), trieNodes(bls); got != want {
		t.Errorf("trie has %d nodes, trieNodes counted %d", got, want)
	}
	for _, text := range texts {
		var hits []hit
		seen := []uint64{0}
		a.scan(text, seen, &hits, 0)
		got := map[int]uint64{}
		for _, h := range hits {
			got[int(h.end)] = a.outputs(h.node)[0]
		}
		want := map[int]uint64{}
		var all uint64
		for i, l := range lits {
			for at := 0; at+len(l) <= len(text); at++ {
				if text[at:at+len(l)] == l {
					want[at+len(l)] |= 1 << i
					all |= 1 << i
				}
			}
		}
		if !cmp.Equal(got, want) || seen[0] != all {
			t.Errorf("%q: ends %v, want %v (bits %b, want %b)", text, got, want, seen[0], all)
		}
	}
}

// TestHitsByBit checks that a filter of many expressions, whose set lists
// its hits by bit, answers In, LastEnd and EachEnd as a scan of all its
// hits does.
func TestHitsByBit(t *testing.T) {
	var res []*lazyregexp.Regexp
	words := []string{"kelvin", "straße", "at ", "years", "MIT", "ETH", "Acme", "ss", "é", "at"}
	for i := 0; i < 80; i++ {
		w := regexp.QuoteMeta(words[i%len(words)])
		if i%3 == 0 {
			w = "(?i)" + w
		}
		res = append(res, lazyregexp.MustCompile(fmt.Sprintf(`%s\w{0,%d}`, w, i)))
	}
	pf := New(res)
	texts := []string{"at MIT, KELVIN years at Acme", "STRASSE straße éé at at at", "\xffETH\u212aelvin yearsss", ""}
	for _, text := range texts {
		indexed := pf.WithHits()
		indexed.Add(text)
		if indexed.byBit == nil {
			t.Fatal("a filter of 80 expressions lists no hits by bit")
		}
		plain := indexed
		plain.byBit = nil
		for _, re := range res {
			for a := -1; a <= len(text); a += 3 {
				for b := a; b <= len(text)+1; b += 4 {
					if got, want := indexed.In(re, a, b), plain.In(re, a, b); got != want {
						t.Errorf("%q in %q (%d, %d]: %v, want %v", re, text, a, b, got, want)
					}
				}
			}
			gotLast, gotOK := indexed.LastEnd(re)
			wantLast, wantOK := plain.LastEnd(re)
			if gotLast != wantLast || gotOK != wantOK {
				t.Errorf("%q LastEnd in %q: %d %v, want %d %v", re, text, gotLast, gotOK, wantLast, wantOK)
			}
			ends := func(s Set) []int {
				var out []int
				s.EachEnd(re, 2, len(text)-1, func(e int) bool { out = append(out, e); return len(out) < 5 })
				return out
			}
			if diff := cmp.Diff(ends(plain), ends(indexed)); diff != "" {
				t.Errorf("%q EachEnd in %q (-scan +by bit):\n%s", re, text, diff)
			}
		}
	}
}

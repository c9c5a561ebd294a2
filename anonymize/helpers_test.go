package anonymize

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// The helpers below are reached by the goldens too; these tables pin each
// one's own cases.

func TestCloseGap(t *testing.T) {
	cases := []struct {
		name, out, text string
		next            int
		wantOut         string
		wantNext        int
	}{
		{"a space is taken after", "Ask ", "Ask sir now", 7, "Ask ", 8},
		{"before punctuation the space before goes", "Yes ", "Yes sir.", 7, "Yes", 7},
		{"and a comma before it", "Yes, ", "Yes, madam.", 10, "Yes", 10},
		{"opening a sentence takes the comma and capitalises", "", "Sir, the build is green.", 3, "T", 6},
		{"after a full stop too", "Done. ", "Done. Sir, ok.", 9, "Done. O", 12},
		{"a comma after the word stays out of a phrase", "the ", "the lady, who", 8, "the", 9},
		{"at the end", "Thanks ", "Thanks sir", 10, "Thanks", 10},
		{"before a line break", "Thanks ", "Thanks sir\nNext", 10, "Thanks", 10},
		{"nothing to tidy", "the", "thesir", 6, "the", 6},
	}
	for _, c := range cases {
		gotOut, gotNext := closeGap(c.out, c.text, c.next)
		if gotOut != c.wantOut || gotNext != c.wantNext {
			t.Errorf("%s: closeGap(%q, %q, %d) = %q, %d; want %q, %d", c.name, c.out, c.text, c.next, gotOut, gotNext, c.wantOut, c.wantNext)
		}
	}
}

func TestEndsSentence(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"Good tests. Clean code.", true},
		{"Good tests.", true},
		{"Good tests. \nNext", true},
		{"Good tests.\nNext", false}, // a line break itself: splitSentences cuts there
		{"Version 3.5 shipped.", false},
		{"Use e.g. this one.", false},
		{"Met Dr. Smith today.", false},
		{"Met J. Smith today.", false},
		{"Took 200 ms. Then it failed.", true},
		{"a missing param. she writes clearly.", true},
		{"see fig. she said", false},
		{"It works; then it fails.", false},
		{"It works! then it fails.", true},
		{"It works (mostly). Then not.", true},
		{"Done. - and more", false},
		{"Met Sra. Lopez today.", false}, // abbreviations of other languages, from rule data
		{"Spent 3 yrs. Then left.", true},
		{"Hire, 3/4. btw the badge says ALEKSANDR", true}, // a score closes its verdict, in lower case too
		{"Hire 10/10. would hire again", true},
		{"bumped to v2. then it broke", false},
		{"see and/or. then go", false},
	}
	lex := testEngine(t).lex
	for _, c := range cases {
		i := strings.IndexAny(c.text, ".!?;")
		if got := endsSentence(c.text, i, rune(c.text[i]), lex); got != c.want {
			t.Errorf("endsSentence(%q, at %d) = %v, want %v", c.text, i, got, c.want)
		}
	}
}

// TestSentencesAfterRemoval: a removal marker that took whole sentences
// (and their closing punctuation) ends a sentence before a capital.
func TestSentencesAfterRemoval(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Hire. [personal detail removed] Behavioural: fine.", []string{"Hire.", "[personal detail removed]", "Behavioural: fine."}},
		{"Strong; [personal detail removed] and more.", []string{"Strong; [personal detail removed] and more."}},
		{"At [organization] Cloud they led it.", []string{"At [organization] Cloud they led it."}},
		{"[personal detail removed]", []string{"[personal detail removed]"}},
	}
	for _, c := range cases {
		seg := segment(c.text, testEngine(t).lex)
		var got []string
		for _, s := range seg.sentences {
			got = append(got, c.text[s.start:s.end])
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%q: (-want +got)\n%s", c.text, diff)
		}
	}
}

func TestPluralVerb(t *testing.T) {
	cases := map[string]string{
		"writes": "write", "tries": "try", "fixes": "fix", "misses": "miss", "uses": "use", "pushes": "push",
		"catches": "catch", "buzzes": "buzz", "goes": "go", "does": "do", "ties": "tie", "is": "is",
		"pass": "pass", "ran": "ran", "as": "as", "blogs": "blog",
	}
	for in, want := range cases {
		if got := pluralVerb(in); got != want {
			t.Errorf("pluralVerb(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHyphenedLetterWord(t *testing.T) {
	cases := map[string]bool{
		"sells": true, "under-sells": true, "co-leads": true, "re-runs": true,
		"-sells": false, "sells-": false, "under--sells": false, "v2-runs": false, "": false,
	}
	for in, want := range cases {
		if got := hyphenedLetterWord(in); got != want {
			t.Errorf("hyphenedLetterWord(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestTrimUnchanged(t *testing.T) {
	cases := []struct {
		text       string
		start, end int
		repl       string
		want       [2]int
		wantRepl   string
	}{
		{"graduated in 2019 from MIT", 0, 26, "graduated in 2019 from [school]", [2]int{23, 26}, "[school]"},
		{"ping @jdoe now", 4, 10, " [handle]", [2]int{5, 10}, "[handle]"},
		{"same", 0, 4, "same", [2]int{4, 4}, ""},
		{"at Café Sol", 3, 12, "Cafè Sol", [2]int{6, 8}, "è"}, // é and è share a lead byte, kept whole
		{"her code", 0, 3, "their", [2]int{0, 2}, "thei"},
	}
	for _, c := range cases {
		a, b, r := trimUnchanged(c.text, c.start, c.end, c.repl)
		if [2]int{a, b} != c.want || r != c.wantRepl {
			t.Errorf("trimUnchanged(%q, %d, %d, %q) = %d, %d, %q; want %d, %d, %q", c.text, c.start, c.end, c.repl, a, b, r, c.want[0], c.want[1], c.wantRepl)
		}
	}
}

func TestMatchCaseWord(t *testing.T) {
	cases := []struct{ orig, repl, want string }{
		{"Chairman", "chair", "Chair"},
		{"CHAIRMAN", "chair", "CHAIR"},
		{"chairman", "chair", "chair"},
		{"I", "they", "They"},
		{"He", "", ""},
	}
	for _, c := range cases {
		if got := matchCaseWord(c.orig, c.repl); got != c.want {
			t.Errorf("matchCaseWord(%q, %q) = %q, want %q", c.orig, c.repl, got, c.want)
		}
	}
}

func TestTouchedBy(t *testing.T) {
	out := "Ask them at [organization] now. Mx[phone] ok"
	changes := []Change{
		{OutStart: 4, OutEnd: 8, After: "them"},             // between spaces
		{OutStart: 12, OutEnd: 26, After: "[organization]"}, // a placeholder
		{OutStart: 34, OutEnd: 41, After: "[phone]"},        // glued to "Mx"
		{OutStart: 0, OutEnd: 3, After: "Ask", Flag: true},  // a flag changes nothing
		{OutStart: 27, OutEnd: 27, After: ""},               // removed text
	}
	want := []touch{{4, 8, touchedInPlace}, {12, 26, touchedPlaceholder}, {34, 41, touchedGlued}, {27, 27, touchedGlued}}
	if diff := cmp.Diff(want, touchedBy(out, changes), cmp.AllowUnexported(touch{})); diff != "" {
		t.Errorf("touchedBy (-want +got):\n%s", diff)
	}
}

func TestWithoutAllowed(t *testing.T) {
	seg := segment("Grace uses Grace Hopper notation daily.", testEngine(t).lex)
	spans := []span{
		{start: 0, end: 5, repl: "X"},                       // kept
		{start: 11, end: 16, repl: "X"},                     // inside an allow term: dropped
		{start: 33, end: 38, repl: "daily"},                 // changes nothing: protection
		{start: 11, end: 16, repl: "[m]", kind: "sentence"}, // a sentence rule's trigger stays
	}
	allow := rules.AllowExpression([]string{"Grace Hopper notation"})
	want := []span{{start: 0, end: 5, repl: "X"}, {start: 33, end: 38, repl: "daily", protect: true}, {start: 11, end: 16, repl: "[m]", kind: "sentence"}}
	// Without the shortcuts, and with them (which must find the term).
	for _, fast := range []*shortcuts{newExhaustive(), {filterAllows: true}} {
		fast.indexAllows([]*lazyregexp.Regexp{allow})
		got := withoutAllowed(seg, append([]span(nil), spans...), allow, &allowScan{fast: fast, text: seg.text})
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(span{})); diff != "" {
			t.Errorf("withoutAllowed, shortcuts %v (-want +got):\n%s", fast.filterAllows, diff)
		}
	}
}

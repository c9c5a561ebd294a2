package anonymize

import (
	"strings"
	"testing"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// TestClauseOf checks which part of a sentence a removal takes, for each
// kind of cut: the finding is the word in capitals of each case.
func TestClauseOf(t *testing.T) {
	cases := []struct{ in, finding, want string }{
		{"Strong in Go; she is PREGNANT.", "PREGNANT", "Strong in Go; [m]."},
		{"She is PREGNANT; strong in Go.", "PREGNANT", "[m]; strong in Go."},
		{"She is PREGNANT.", "PREGNANT", "[m]"},
		{"Small talk: she is CHILEAN.", "CHILEAN", "Small talk: [m]."},
		{"Good tests (she is on MEDICAL leave) and clean code.", "MEDICAL", "Good tests [m] and clean code."},
		{"Good tests, but she is on MEDICAL leave.", "MEDICAL", "Good tests; [m]."},
		{"Fluent in SPANISH, Tamil, and English.", "SPANISH", "[m]"},
		{"She uses a WHEELCHAIR, so the onsite is on the ground floor.", "WHEELCHAIR", "[m]"},
		{"Great SQL; she is PREGNANT; so she asked about leave.", "PREGNANT", "Great SQL; [m]."},
		{"Great SQL; she is PREGNANT; she asked about leave.", "PREGNANT", "Great SQL; [m]."},
		{"Great SQL; she is PREGNANT; she requested remote days.", "PREGNANT", "Great SQL; [m]."}, // need-verbs from rule data
		{"Great SQL; she is PREGNANT; she wrote clean tests.", "PREGNANT", "Great SQL; [m]; she wrote clean tests."},
		{"He mentioned his BROTHER works in SRE (unprompted).", "BROTHER", "[m]"},
		{"Reads plans well - she is a VETERAN - and tunes indexes.", "VETERAN", "Reads plans well - [m] - and tunes indexes."},
		{"Hire; she is GREEK (AUTh, 2009).", "GREEK", "Hire; [m]."},
		{"Hire; she is GREEK (AUTh, 2009), and that is all.", "GREEK", "Hire; [m], and that is all."},
		// a finding that runs into a parenthesis takes it to its close
		{"Board seats; ONE EXIT (ACQUIRED 2019).", "ONE EXIT (ACQUIRED 2019", "Board seats; [m]."},
		{"Great SQL; ONE EXIT (ACQUIRED 2019); clean Go.", "ONE EXIT (ACQUIRED 2019", "Great SQL; [m]; clean Go."},
		{"Great SQL; ONE EXIT (ACQUIRED (by X) 2019) - clean Go.", "ONE EXIT (ACQUIRED (", "Great SQL; [m] - clean Go."},
		{"Great SQL; ONE EXIT (ACQUIRED 2019), and clean Go.", "ONE EXIT (ACQUIRED 2019", "Great SQL; [m], and clean Go."},
		{"Great SQL; TWO (A) EXITS - clean Go.", "TWO (A) EXITS", "Great SQL; [m] - clean Go."},
	}
	for _, c := range cases {
		seg := segment(c.in, testEngine(t).lex)
		if len(seg.sentences) != 1 {
			t.Fatalf("%q: %d sentences, want 1", c.in, len(seg.sentences))
		}
		at := strings.Index(c.in, c.finding)
		start, end, repl := clauseOf(seg, seg.sentences[0], at, at+len(c.finding), "[m]", testEngine(t).lex.needVerbs)
		if got := c.in[:start] + repl + c.in[end:]; got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestMergeRemovals checks that removals in a row become one marker.
func TestMergeRemovals(t *testing.T) {
	in := "She is PREGNANT. Her HUSBAND is a nurse. Clean Go."
	seg := segment(in, testEngine(t).lex)
	var spans []span
	for _, w := range []string{"PREGNANT", "HUSBAND"} {
		at := strings.Index(in, w)
		spans = append(spans, span{start: at, end: at + len(w), repl: RemovedMarker, clause: true})
	}
	got := expandRemovals(seg, spans, nil, nil, testEngine(t).lex)
	if len(got) != 1 {
		t.Fatalf("got %d spans, want 1: %+v", len(got), got)
	}
	if out := in[:got[0].start] + got[0].repl + in[got[0].end:]; out != RemovedMarker+" Clean Go." {
		t.Errorf("got %q", out)
	}
}

// TestBackgroundCues: a removal in a technical context stays unless its
// clause is about the person's own background (background-cues lexicon).
func TestBackgroundCues(t *testing.T) {
	technical := map[string][]*lazyregexp.Regexp{"origin": {lazyregexp.MustCompile(`translat\w*`)}}
	cases := []struct {
		in      string
		removed bool
	}{
		{"Strong Go. She knows WELSH, which helped with the translation work.", false},
		{"Strong Go. She is a native WELSH speaker, which helped with the translation work.", true},
		{"Strong Go. She translates a WELSH podcast in her spare time.", true},
		{"Strong Go. She translates WELSH for her fellow citizens.", true},
	}
	for _, c := range cases {
		seg := segment(c.in, testEngine(t).lex)
		at := strings.Index(c.in, "WELSH")
		spans := []span{{start: at, end: at + len("WELSH"), repl: RemovedMarker, clause: true, rule: "origin"}}
		got := expandRemovals(seg, spans, technical, nil, testEngine(t).lex)
		if removed := len(got) == 1; removed != c.removed {
			t.Errorf("%q: removed %v, want %v", c.in, removed, c.removed)
		}
	}
}

package rules

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// TestDecodeSteps: the named steps of a rule file's decoding say what is
// wrong, where, in the rule's own terms.
func TestDecodeSteps(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"pattern without patterns", "kind: pattern\n", "r.yaml:1:1: r: a pattern rule needs patterns"},
		{"sequence without cases", "kind: sequence\n", "r.yaml:1:1: r: a sequence rule needs cases"},
		{"sentence without triggers", "kind: sentence\n", "r.yaml:1:1: r: a sentence rule needs triggers"},
		{"unknown seed", "kind: entity\nseed: [candidate, everyone]\n", "r.yaml:2:19: r: seed[1]: unknown seed \"everyone\" (candidate, interviewers)"},
		{"unknown label", "kind: entity\nlabels: [PERSON, ANIMAL]\n", "r.yaml:2:18: r: labels[1]: unknown NER label \"ANIMAL\" (PERSON, GPE, ORGANIZATION, FACILITY, LOCATION, GSP)"},
		{"label without a letter", "kind: entity\nother: Someone\n", "r.yaml:2:8: r: other: label \"Someone\" needs {A} so that each person gets a letter"},
		{"nicknames not a mapping", "kind: entity\nnicknames: [a]\n", "r.yaml:2:12: r: nicknames: want a mapping of name: [short forms], got a list"},
		{"key of another kind", "kind: swap\npairs: {a: b}\npatterns: []\n", "r.yaml:3:1: r: patterns: not a key of a swap rule (its keys: keep_case, pairs)"},
		{"then per token", "kind: sequence\ncases:\n  - when: [{word: a}, {word: b}]\n    then: [x]\n", "r.yaml:4:11: r: cases[0].then: has 1 outputs for 2 tokens in when"},
		{"repeat kept", "kind: sequence\ncases:\n  - when: [{word: a, repeat: true}]\n    then: [x]\n", "r.yaml:4:12: r: cases[0].then[0]: when[0] repeats, so it is kept as it is: want \"$1\""},
		{"optional repeat", "kind: sequence\ncases:\n  - when: [{word: a, repeat: true, optional: true}]\n    then: [$1]\n", "cases[0].when[0].repeat: a repeat already matches zero tokens: drop optional"},
		{"token without word or tag", "kind: sequence\ncases:\n  - when: [{optional: true}]\n    then: [$1]\n", "cases[0].when[0]: a token needs a word or a tag"},
		{"a second document", "kind: allow\nterms: [x]\n---\nkind: allow\n", "r.yaml:3:1: r: one rule per file: a second YAML document starts here"},
		{"empty", "", "r.yaml:1:1: r: empty file: want a mapping with a kind"},
	} {
		_, errs := parseFile("r.yaml", "r", []byte(tc.in))
		if !strings.Contains(errs.Error(), tc.want) {
			t.Errorf("%s: errors\n%v\nwant %q", tc.name, errs, tc.want)
		}
	}
}

// TestDecodeEntityLists: the entity rule's lists keep their case or are
// lowered as the engine compares them.
func TestDecodeEntityLists(t *testing.T) {
	pf, errs := parseFile("r.yaml", "r", []byte("kind: entity\ncues: [Referred By]\ntitles: [Dr]\nemployers: [Acme]\nnicknames: {William: [Bill]}\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	e := pf.rule.Entity
	if e.Cues[0] != "referred by" || e.Titles[0] != "Dr" || e.Employers[0] != "Acme" || e.Nicknames["william"][0] != "bill" {
		t.Errorf("entity %+v", e)
	}
	if e.Candidate != DefaultCandidateLabel || e.Interviewer != DefaultInterviewerLabel || e.Other != DefaultOtherLabel {
		t.Errorf("labels %q %q %q, want the defaults", e.Candidate, e.Interviewer, e.Other)
	}
}

// TestFieldsIsStringsFields: fields cuts every text as strings.Fields does,
// the default pack's files, odd spaces and bytes that are no UTF-8
// included.
func TestFieldsIsStringsFields(t *testing.T) {
	texts := []string{"", " ", "a", " a  b ", "\u00a0é\u2003x\u0085y\tz\n", "\xff a\xfe  \xc3", "naïve café\u3000東京 ", "x\u200by"}
	files, err := fs.Glob(defaultFS, "default/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("default pack: %v, %d files", err, len(files))
	}
	for _, f := range files {
		b, err := fs.ReadFile(defaultFS, f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		if got, want := fields(text), strings.Fields(text); !slices.Equal(got, want) || cap(got) != len(got) {
			t.Errorf("%.40q: %d fields (room for %d), want %d", text, len(got), cap(got), len(want))
		}
	}
}

// TestLexiconsLeaveTheLexicons: merging two lexicons of a class leaves the
// first one's words as they were, though they have room to grow into.
func TestLexiconsLeaveTheLexicons(t *testing.T) {
	first := append(make([]string, 0, 8), "ada", "bea")
	p := &Pack{Rules: []*Rule{
		{Kind: KindLexicon, Lexicon: &Lexicon{Class: LexGivenNames, Words: first}},
		{Kind: KindLexicon, Lexicon: &Lexicon{Class: LexWords, Words: []string{"loop"}}},
		{Kind: KindLexicon, Lexicon: &Lexicon{Class: LexGivenNames, Words: []string{"cleo"}}},
	}}
	got := p.Lexicons()
	if want := []string{"ada", "bea", "cleo"}; !slices.Equal(got[LexGivenNames], want) {
		t.Errorf("given names %v, want %v", got[LexGivenNames], want)
	}
	if !slices.Equal(got[LexWords], []string{"loop"}) {
		t.Errorf("words %v", got[LexWords])
	}
	if extra := first[:3]; extra[2] != "" {
		t.Errorf("the first lexicon's words were written past their end: %q", extra[2])
	}
}

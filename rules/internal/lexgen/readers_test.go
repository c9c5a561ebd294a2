package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReaders: each source's line reader files its words where the
// lexicons look for them.
func TestReaders(t *testing.T) {
	s := newSources()
	for _, w := range []string{"grace", "Grace", "don't", ""} {
		s.wordLine(w)
	}
	if !s.words["grace"] || !s.capitals["grace"] || len(s.words) != 1 || len(s.capitals) != 1 {
		t.Errorf("words %v, capitals %v", s.words, s.capitals)
	}
	for _, l := range []string{"# comment", "Bill\tWilliam\t\t", "Zyx\t\t\t"} {
		s.wiktionaryLine(l)
	}
	if !s.given["bill"] || !s.given["william"] || s.given["zyx"] || !s.allGiven["zyx"] {
		t.Errorf("given %v, all %v", s.given, s.allGiven)
	}
	if d := cmp.Diff(map[string][]string{"william": {"bill"}}, s.short); d != "" {
		t.Errorf("short forms (-want +got):\n%s", d)
	}
	s.nicknameRow(map[string]string{"relationship": "has_nickname", "name1": "Margaret", "name2": "Peggy"})
	if !s.given["peggy"] || s.short["margaret"][0] != "peggy" {
		t.Errorf("nickname row: given %v, short %v", s.given, s.short)
	}
	if err := s.tagLine("golang\t1200"); err != nil || len(s.tags) != 1 || s.tags[0] != (tag{"golang", 1200}) {
		t.Errorf("tag line: %v %v", err, s.tags)
	}
	if err := s.tagLine("broken"); err == nil {
		t.Error("a tag line without a count was accepted")
	}
}

// TestTechPhrasesAndToolNames: a many-word tag with a name and a word is a
// phrase (with its singular), a one-word tag that is also a name is a
// tool's name, and common English names and plain words are neither.
func TestTechPhrasesAndToolNames(t *testing.T) {
	s := newSources()
	for _, w := range []string{"sieve", "tower", "problem", "flag", "national", "string", "Dutch", "Eratosthenes"} {
		s.wordLine(w)
	}
	for _, l := range []string{"Luigi\t\t\tx", "James\t\t\tx", "Hanoi\t\t\t"} {
		s.wiktionaryLine(l)
	}
	s.nicknameRow(map[string]string{"relationship": "has_nickname", "name1": "James", "name2": "Jim"})
	for _, l := range []string{"sieve-of-eratosthenes\t427", "towers-of-hanoi\t284", "dutch-national-flag-problem\t18",
		"string-formatting\t900", "rare-dijkstra-thing\t3", "luigi\t312", "james\t80", "string\t9000", "luigi-rare\t2"} {
		if err := s.tagLine(l); err != nil {
			t.Fatal(err)
		}
	}
	phrases, err := s.techPhrases(minPhraseTag)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- sieve of eratosthenes\n", "- towers of hanoi\n", "- tower of hanoi\n", "- dutch national flag problem\n"} {
		if !strings.Contains(phrases, want) {
			t.Errorf("phrases lack %q:\n%s", want, phrases)
		}
	}
	for _, not := range []string{"string formatting", "rare dijkstra thing"} {
		if strings.Contains(phrases, not) {
			t.Errorf("phrases hold %q", not)
		}
	}
	tools, err := s.toolNames(minToolTag)
	if err != nil {
		t.Fatal(err)
	}
	words := tools[strings.Index(tools, "words: |"):strings.Index(tools, "tests:")]
	if !strings.Contains(words, "luigi") || strings.Contains(words, "james") || strings.Contains(words, "string") {
		t.Errorf("tool names: %s", words)
	}
}

// TestEponymCompound: a tag joining names with hyphens is an idea named
// after its finders; a tag with a technology's or an ordinary word's part
// is not.
func TestEponymCompound(t *testing.T) {
	s := newSources()
	for _, w := range []string{"howard", "stemmer", "curry", "Curry", "reed", "Reed"} {
		s.wordLine(w)
	}
	for _, l := range []string{"Floyd\t\t\t", "Solomon\t\t\t", "Howard\t\t\t", "Porter\t\t\t", "Reed\t\t\t", "Jenkins\t\t\t"} {
		s.wiktionaryLine(l)
	}
	for _, l := range []string{"django\t300000", "floyd-warshall\t189"} {
		if err := s.tagLine(l); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		tag  string
		want bool
	}{
		{"floyd-warshall", true},   // a name and no word
		{"reed-solomon", true},     // two names, one also a word
		{"curry-howard", true},     // a proper noun and a name
		{"porter-stemmer", false},  // "stemmer" is a word
		{"django-jenkins", false},  // "django" is a technology of its own
		{"warshall", false},        // one part
		{"floyd-x", false},         // a part too short
		{"floyd-warshall2", false}, // a part with a digit
	}
	for _, tt := range tests {
		if got := s.eponymCompound(tt.tag); got != tt.want {
			t.Errorf("eponymCompound(%q) = %v, want %v", tt.tag, got, tt.want)
		}
	}
}

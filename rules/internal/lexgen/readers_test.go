package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func newSources() *sources {
	return &sources{words: map[string]bool{}, capitals: map[string]bool{}, given: map[string]bool{}, allGiven: map[string]bool{},
		popular: map[string]bool{}, surnames: map[string]bool{}, cities: map[string]bool{}, short: map[string][]string{}}
}

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

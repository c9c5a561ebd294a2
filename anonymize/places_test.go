package anonymize

import (
	"testing"

	"github.com/anonymize/anonymize/rules"
)

func TestCompoundPlaces(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a city before -based", candidate: "Maria Lopez",
			in:   "The candidate: Nairobi-based, open to hybrid.",
			want: "The candidate: [place]-based, open to hybrid."},
		{name: "a country inside a compound", candidate: "Maria Lopez",
			in:   "Recommend a remote-from-Norway contract via EOR.",
			want: "Recommend a remote-from-[place] contract via EOR."},
		{name: "two cities joined by a dash", candidate: "Maria Lopez",
			in:   "They planned a Lisbon–Porto route.",
			want: "They planned a [place]–[place] route."},
		{name: "a product's name and an eponym stay", candidate: "Maria Lopez",
			in:   "We ship a Jakarta-EE app with a Manhattan-distance heuristic and Dublin-Core metadata.",
			want: "We ship a Jakarta-EE app with a Manhattan-distance heuristic and Dublin-Core metadata."},
		{name: "two names paired into an idea stay", candidate: "Maria Lopez",
			in:   "For the skewed metric they used a Mann-Whitney U test.",
			want: "For the skewed metric they used a Mann-Whitney U test."},
		{name: "a school's campus after its acronym", candidate: "Maria Lopez",
			in:   "They grew up in Ohio and went to UH–Hawaii.",
			want: "They grew up in [place] and went to UH–[place]."},
		{name: "lower case stays", candidate: "Maria Lopez",
			in:   "Pods run in europe-west1 and asia-south1.",
			want: "Pods run in europe-west1 and asia-south1."},
	})
}

func TestPlaceNameOverAllowWord(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a one-word allow term inside a place name", candidate: "Maria Lopez",
			in:   "The candidate is from Hong Kong; we run Kong as the gateway.",
			want: "The candidate is from [place]; we run Kong as the gateway."},
	})
}

func TestInsidePlaceName(t *testing.T) {
	place := span{start: 0, end: 9, repl: "[place]", kind: rules.KindSwap, prio: prioWord}
	tests := []struct {
		name string
		s    span
		want bool
	}{
		{"allow word inside", span{start: 5, end: 9, protect: true, prio: prioAllowWord}, true},
		{"allow word reaching beyond", span{start: 5, end: 12, protect: true, prio: prioAllowWord}, false},
		{"allow phrase", span{start: 5, end: 9, protect: true, prio: prioAllowPhrase}, false},
		{"allow word elsewhere", span{start: 20, end: 24, protect: true, prio: prioAllowWord}, false},
		{"the same length", span{start: 0, end: 9, protect: true, prio: prioAllowWord}, false},
		{"not an allow span", span{start: 5, end: 9, prio: prioOther}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := insidePlaceName([]span{place, tc.s}, tc.s); got != tc.want {
				t.Errorf("insidePlaceName = %v, want %v", got, tc.want)
			}
		})
	}
}

package literals

import (
	"slices"
	"testing"

	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// stepsAsFull checks that every step of compact a, from every node on
// every class, is the step of full, the same automaton with only full rows.
func stepsAsFull(t *testing.T, name string, full, a *automaton) {
	t.Helper()
	bad := 0
	for n := 0; n < full.nodes(); n++ {
		for c := 0; c < full.classes; c++ {
			if got, want := a.next(int32(n), uint8(c)), full.delta[n*full.classes+c]; got != want && bad < 5 {
				bad++
				t.Errorf("%s: step from node %d on class %d is %d, want %d", name, n, c, got, want)
			}
		}
	}
}

// whole returns a copy of a with only full rows, as it was before compact.
func whole(a *automaton) *automaton {
	full := *a
	full.dense, full.sparse, full.edges = maxNodes, nil, nil
	return &full
}

// TestCompactStepsAsFull checks the compact automata against their full
// tables: the same step from every node on every class, and the same
// literals found at the same ends, however few full rows they keep.
func TestCompactStepsAsFull(t *testing.T) {
	res := append(namesPack(300, "Zelda Quist"), lazyregexp.MustCompile(`(?i)straße|kelvin|\bxé\b`))
	pf := New(res)
	texts := []string{"Name0042son at Name0150son University", "STRASSE straße \u212aelvin XÉ", "@handle Zelda Quist", ""}
	for _, a := range []*automaton{pf.exact, pf.fold} {
		full := whole(a)
		for _, limit := range []int{0, 4 * a.classes, 40 * a.classes, denseBytes} {
			c := whole(a)
			c.compactTo(limit)
			if limit < len(a.delta)*4 && c.sparse == nil {
				t.Fatalf("an automaton of %d bytes kept whole under %d", len(a.delta)*4, limit)
			}
			stepsAsFull(t, "names", full, c)
			for _, text := range texts {
				var gotHits, wantHits []hit
				got, want := make([]uint64, pf.words), make([]uint64, pf.words)
				c.scan(text, got, &gotHits, 3)
				full.scan(text, want, &wantHits, 3)
				c.scanCanonical(text, got, &gotHits, 3)
				full.scanCanonical(text, want, &wantHits, 3)
				if !slices.Equal(got, want) || !slices.Equal(gotHits, wantHits) {
					t.Errorf("limit %d, %q: bits %v hits %v, want %v %v", limit, text, got, gotHits, want, wantHits)
				}
			}
		}
	}
}

// TestFailuresFromTable checks that the failure nodes read from a full
// table are those the automaton was linked with, which leave the fewest
// edges.
func TestFailuresFromTable(t *testing.T) {
	pf := New(namesPack(300, "Zelda Quist"))
	for _, a := range []*automaton{pf.exact, pf.fold} {
		if got := a.failures(); !slices.Equal(got, a.fail) {
			t.Errorf("failures differ from the links at %d of %d nodes", countDiff(got, a.fail), len(a.fail))
		}
	}
}

func countDiff(a, b []int32) int {
	n := 0
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			n++
		}
	}
	return n
}

// TestPackAutomataStepAsFull checks every step of the default pack's
// largest automata (its patterns' and sentence triggers', which are
// compact) against their full tables.
func TestPackAutomataStepAsFull(t *testing.T) {
	pack, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	var patterns, triggers []*lazyregexp.Regexp
	for _, r := range pack.Rules {
		if r.Pattern != nil {
			for _, p := range r.Pattern.Patterns {
				patterns = append(patterns, p.Regex)
			}
		}
		if r.Sentence != nil {
			triggers = append(triggers, r.Sentence.Triggers...)
		}
	}
	compact := 0
	for _, res := range [][]*lazyregexp.Regexp{patterns, triggers} {
		pf := New(res)
		for _, a := range []*automaton{pf.exact, pf.fold} {
			if a.sparse != nil {
				compact++
			}
			stepsAsFull(t, "pack", whole(a), a)
		}
	}
	if compact == 0 {
		t.Error("no automaton of the pack is compact")
	}
}

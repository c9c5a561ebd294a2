package anonymize

import (
	"testing"
)

// TestSecondPassKeepsFirstPassChanges checks that the changes a second
// pass makes (an age proxy that reads the placeholder the first pass
// wrote) are added to the first pass's changes, not written over them.
func TestSecondPassKeepsFirstPassChanges(t *testing.T) {
	e := testEngine(t)
	got, err := e.Redact("Maria is comfortable with GraphQL; she has shipped it in production at Stripe for three years. She is great.", Roster{Candidate: Person{Name: "Maria Lopez"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "The candidate is comfortable with GraphQL; they have shipped it in production at [organization] for [years]. They are great."; got.Out != want {
		t.Fatalf("Out = %q, want %q", got.Out, want)
	}
	seen := map[Change]bool{}
	befores := map[string]bool{}
	for _, c := range got.Changes {
		if seen[c] {
			t.Errorf("change listed twice: %+v", c)
		}
		seen[c] = true
		befores[c.Before] = true
	}
	for _, b := range []string{"Maria", "Stripe", "she", "has", "She", "three years"} {
		if !befores[b] {
			t.Errorf("no change of %q among %+v", b, got.Changes)
		}
	}
}

// TestSecondPassReadsAcrossWrappedLines: a placeholder the first pass
// writes at the end of a wrapped line is read with the next line, where a
// pattern's match goes on ("at [organization]\nfor 4 years"), by the
// engine and by the reference alike.
func TestSecondPassReadsAcrossWrappedLines(t *testing.T) {
	e := testEngine(t)
	r, err := newReference(e.pack)
	if err != nil {
		t.Fatal(err)
	}
	const in = "They were at JetBrains\nfor 4 years before that.\n"
	const want = "They were at [organization]\nfor [years] before that.\n"
	for name, eng := range map[string]*Engine{"engine": e, "reference": r} {
		got, err := eng.Redact(in, Roster{Candidate: Person{Name: "Ana Souza"}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Out != want {
			t.Errorf("%s: Out = %q, want %q", name, got.Out, want)
		}
	}
}

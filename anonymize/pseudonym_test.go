package anonymize

import (
	"testing"

	"github.com/anonymize/anonymize/rules"
)

func TestPlaceholderCollision(t *testing.T) {
	pack, _ := rules.Default()
	e, _ := New(pack)
	got, err := e.Redact("Person A from recruiting met Eitan Shafir. Eitan said Person A was late.", Roster{Candidate: Person{Name: "Maria Lopez"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "Person A from recruiting met Person B. Person B said Person A was late."
	if got.Out != want {
		t.Errorf("got  %q\nwant %q", got.Out, want)
	}
}

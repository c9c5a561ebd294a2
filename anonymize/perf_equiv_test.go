package anonymize

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// reference returns a copy of e without the performance shortcuts that
// must not change results, to compare against.
func reference(e *Engine) *Engine {
	r := *e
	r.exhaustiveNER = true
	return &r
}

func sameRedaction(t *testing.T, name string, e *Engine, text string, ro Roster) {
	t.Helper()
	got, err := e.Redact(text, ro)
	if err != nil {
		t.Fatal(err)
	}
	want, err := reference(e).Redact(text, ro)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: the shortcuts change the result (-reference +fast):\n%s", name, diff)
	}
}

// TestShortcutsKeepResults checks that running NER only where its labels
// are read changes nothing, on every golden input and a tenth of the
// benchmark corpus (skipped with -short).
func TestShortcutsKeepResults(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "testdata", "notes", "*.input.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		c, text := readCase(t, in)
		sameRedaction(t, filepath.Base(in), engineFor(t, c), text, c.roster())
	}
	if testing.Short() {
		return
	}
	notes, e := loadBench(t)
	for i := 0; i < len(notes); i += 10 {
		n := notes[i]
		sameRedaction(t, n.ID, e, n.Text, n.roster())
	}
}

package rules

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOverridesAreReported: whatever a pack takes away from the default is
// said, not silent.
func TestOverridesAreReported(t *testing.T) {
	dir := writePack(t, map[string]string{
		"contact.yaml":    "disabled: true\n",
		"school.yaml":     "kind: swap\npairs: {MIT: \"[school]\"}\n",
		"allow-tech.yaml": "kind: allow\nterms: [Falcon, kafka]\n",
	})
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(dir, "allow-tech.yaml") + ": adds terms to allow list allow-tech (replace: true would replace it)",
		filepath.Join(dir, "contact.yaml") + ": disables rule contact",
		filepath.Join(dir, "school.yaml") + ": replaces rule school",
	}
	if d := cmp.Diff(want, p.Overrides()); d != "" {
		t.Errorf("Overrides (-want +got):\n%s", d)
	}
	def, _ := Default()
	if got := def.Overrides(); len(got) != 0 {
		t.Errorf("the default pack reports overrides: %q", got)
	}
}

// TestAllowListsExtend: a pack's allow-tech.yaml used to drop the whole
// default list silently; now it adds to it, unless it says replace: true.
func TestAllowListsExtend(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	defTerms := def.Rule("allow-tech").Terms
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"extends", "kind: allow\nterms: [Falcon, KAFKA]\n", append(append([]string(nil), defTerms...), "Falcon")},
		{"replaces", "kind: allow\nreplace: true\nterms: [Falcon]\n", []string{"Falcon"}},
		{"replace false extends", "kind: allow\nreplace: false\nterms: [Falcon]\n", append(append([]string(nil), defTerms...), "Falcon")},
	} {
		p, err := Load(writePack(t, map[string]string{"allow-tech.yaml": tc.body}))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if d := cmp.Diff(tc.want, p.Rule("allow-tech").Terms); d != "" {
			t.Errorf("%s: terms (-want +got):\n%s", tc.name, d)
		}
	}
	if _, err := Load(writePack(t, map[string]string{"x.yaml": "kind: swap\nreplace: true\npairs: {a: b}\n"})); err == nil || !strings.Contains(err.Error(), "replace: not a key of a swap rule") {
		t.Errorf("replace on a swap rule: %v", err)
	}
}

// TestSetForm: a run may set a form table of every sequence rule, as a
// pack overriding its entries would.
func TestSetForm(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	p.SetForm("reflexive", "themself")
	n := 0
	for _, r := range p.OfKind(KindSequence) {
		for w, to := range r.Sequence.Forms["reflexive"] {
			n++
			if to != "themself" {
				t.Errorf("%s: reflexive of %q is %q, want themself", r.ID, w, to)
			}
		}
	}
	if n == 0 {
		t.Error("no reflexive entries in the default pack")
	}
}

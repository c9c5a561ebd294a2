package rules

import "testing"

func TestDefaultLoads(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rules) == 0 {
		t.Fatal("no rules")
	}
}

// TestDefaultPacksAreIndependent: the default pack is parsed once a
// process, so what one caller changes in its pack (an action, a form table)
// must not reach the pack of the next.
func TestDefaultPacksAreIndependent(t *testing.T) {
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range a.Rules {
		r.Action = "changed"
	}
	a.SetForm("reflexive", "changed")
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	forms := 0
	for _, r := range b.Rules {
		if r.Action == "changed" {
			t.Errorf("rule %s: another pack's action reached this one", r.ID)
		}
		if r.Sequence == nil {
			continue
		}
		for w, f := range r.Sequence.Forms["reflexive"] {
			forms++
			if f == "changed" {
				t.Errorf("rule %s: another pack's reflexive form reached this one (%s)", r.ID, w)
			}
		}
	}
	if forms == 0 {
		t.Fatal("the default pack has no reflexive form table to check")
	}
}

package codesignaltest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSyntheticRealNames checks that RealNames changes only the people's
// names, usernames and emails, consistently for a person across
// interviews, and that the names are distinct.
func TestSyntheticRealNames(t *testing.T) {
	org := SyntheticOrg{Candidates: 30, Interviews: 2, Seed: 5}
	plain := org.Generate()
	org.RealNames = true
	named := org.Generate()
	if len(plain.LiveInterviews) != len(named.LiveInterviews) {
		t.Fatalf("%d interviews, want %d", len(named.LiveInterviews), len(plain.LiveInterviews))
	}
	seen := map[string]string{} // name -> who
	for i, li := range named.LiveInterviews {
		p := plain.LiveInterviews[i]
		if li.ID != p.ID || li.CandidateEmail != p.CandidateEmail || li.Status != p.Status {
			t.Fatalf("interview %d differs beyond names", i)
		}
		who := []struct{ key, name string }{{"candidate " + li.CandidateEmail, li.CandidateName}}
		for j, fb := range li.InterviewersFeedback {
			if fb.Author.ID != p.InterviewersFeedback[j].Author.ID {
				t.Fatalf("interview %d: author %d differs", i, j)
			}
			if want := strings.ToLower(strings.ReplaceAll(fb.Author.Profile.Name, " ", ".")) + "@corp.example"; fb.Author.Profile.Email != want {
				t.Errorf("email %q, want %q", fb.Author.Profile.Email, want)
			}
			who = append(who, struct{ key, name string }{"interviewer " + fb.Author.ID, fb.Author.Profile.Name})
		}
		for _, w := range who {
			if strings.HasPrefix(w.name, "Candidate ") || strings.HasPrefix(w.name, "Interviewer ") {
				t.Errorf("%s is still named %q", w.key, w.name)
			}
			if prev, ok := seen[w.name]; ok && prev != w.key {
				t.Errorf("%q names both %s and %s", w.name, prev, w.key)
			}
			seen[w.name] = w.key
		}
	}
	if diff := cmp.Diff("Kwame Rasmussen", PersonName(110)); diff != "" {
		t.Errorf("PersonName(110) changed (-want +got):\n%s", diff)
	}
}

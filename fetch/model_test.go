package fetch

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCloneInterviews: a change to the copy, down to the values behind its
// pointers, leaves the original as it was; missing lists become empty.
func TestCloneInterviews(t *testing.T) {
	start, level, score := int64(1), "senior", 3
	orig := []LiveInterview{{ID: "li-1", StartDate: &start, InterviewersFeedback: []InterviewerFeedback{{
		Notes: "n", RecommendedLevel: &level,
		Categories: []Category{{Name: "c", Attributes: []Attribute{{Name: "a", Score: &score}}}},
	}}}, {ID: "li-2"}}
	c := CloneInterviews(orig)
	if d := cmp.Diff(orig[0], c[0]); d != "" {
		t.Fatalf("copy differs (-orig +copy):\n%s", d)
	}
	*c[0].StartDate, *c[0].InterviewersFeedback[0].RecommendedLevel = 9, "junior"
	c[0].InterviewersFeedback[0].Categories[0].Attributes[0].Name = "changed"
	*c[0].InterviewersFeedback[0].Categories[0].Attributes[0].Score = 1
	if start != 1 || level != "senior" || score != 3 || orig[0].InterviewersFeedback[0].Categories[0].Attributes[0].Name != "a" {
		t.Errorf("changing the copy changed the original")
	}
	if orig[1].InterviewersFeedback != nil {
		t.Error("cloning changed the original's missing list")
	}
	if c[1].InterviewersFeedback == nil {
		t.Error("a missing feedback list stays nil; want empty")
	}
}

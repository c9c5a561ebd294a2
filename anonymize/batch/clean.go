package batch

import (
	"github.com/anonymize/anonymize/anonymize/internal/visible"
	"github.com/anonymize/anonymize/fetch"
)

// cleanInterviews returns a copy of lis whose texts and names have what no
// note needs removed and the disguises that cost no meaning undone
// (visible.Clean: NUL and other control characters, zero-width and bidi
// characters, fullwidth and look-alike letters). Names are cleaned as the
// notes are, so that "Tam\u200bsin" in the API record still finds
// "Tamsin" in a note, and the other way round.
func cleanInterviews(lis []fetch.LiveInterview) []fetch.LiveInterview {
	out := fetch.CloneInterviews(lis)
	for i := range out {
		li := &out[i]
		li.CandidateName = visible.Clean(li.CandidateName)
		for j := range li.InterviewersFeedback {
			fb := &li.InterviewersFeedback[j]
			fb.Notes = visible.Clean(fb.Notes)
			fb.Author.Profile.Name = visible.Clean(fb.Author.Profile.Name)
			fb.Evaluation = cleanPtr(fb.Evaluation)
			fb.RecommendedLevel = cleanPtr(fb.RecommendedLevel)
			for k := range fb.Categories {
				c := &fb.Categories[k]
				c.Name = visible.Clean(c.Name)
				for a := range c.Attributes {
					at := &c.Attributes[a]
					at.Name, at.Notes = visible.Clean(at.Name), visible.Clean(at.Notes)
				}
			}
		}
	}
	return out
}

func cleanPtr(s *string) *string {
	if s == nil {
		return nil
	}
	c := visible.Clean(*s)
	return &c
}

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
	out := make([]fetch.LiveInterview, len(lis))
	for i, li := range lis {
		li.CandidateName = visible.Clean(li.CandidateName)
		fbs := make([]fetch.InterviewerFeedback, len(li.InterviewersFeedback))
		for j, fb := range li.InterviewersFeedback {
			fb.Notes = visible.Clean(fb.Notes)
			fb.Author.Profile.Name = visible.Clean(fb.Author.Profile.Name)
			fb.Evaluation = cleanPtr(fb.Evaluation)
			fb.RecommendedLevel = cleanPtr(fb.RecommendedLevel)
			cats := make([]fetch.Category, len(fb.Categories))
			for k, c := range fb.Categories {
				c.Name = visible.Clean(c.Name)
				attrs := make([]fetch.Attribute, len(c.Attributes))
				for a, at := range c.Attributes {
					at.Name, at.Notes = visible.Clean(at.Name), visible.Clean(at.Notes)
					attrs[a] = at
				}
				c.Attributes = attrs
				cats[k] = c
			}
			fb.Categories = cats
			fbs[j] = fb
		}
		li.InterviewersFeedback = fbs
		out[i] = li
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

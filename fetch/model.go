package fetch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Status is a live interview's state as the API reports it.
type Status string

// The statuses of the API's LiveInterviewStatus enum.
const (
	StatusPending  Status = "pending"
	StatusActive   Status = "active"
	StatusOver     Status = "over"
	StatusDeleted  Status = "deleted"
	StatusArchived Status = "archived"
)

// Export is the shape of an export file and of the API's data object for the
// liveInterviews query: {"liveInterviews": [...]}.
type Export struct {
	LiveInterviews []LiveInterview `json:"liveInterviews"`
}

// LiveInterview is one interview with every interviewer's feedback.
type LiveInterview struct {
	ID                   string                `json:"id"`
	CandidateEmail       string                `json:"candidateEmail"`
	CandidateName        string                `json:"candidateName"`
	Status               Status                `json:"status"`
	StartDate            *int64                `json:"startDate"`
	FinishDate           *int64                `json:"finishDate"`
	URL                  string                `json:"url"`
	ShortenedURL         string                `json:"shortenedUrl,omitempty"`
	InterviewersFeedback []InterviewerFeedback `json:"interviewersFeedback"`
}

// InterviewerFeedback is what one interviewer wrote about the interview.
type InterviewerFeedback struct {
	Author           User       `json:"author"`
	Notes            string     `json:"notes"`
	Categories       []Category `json:"categories"`
	RecommendedLevel *string    `json:"recommendedLevel"`
	Evaluation       *string    `json:"evaluation"`
}

// Category groups scored attributes, e.g. "Coding".
type Category struct {
	Name       string      `json:"name"`
	Attributes []Attribute `json:"attributes"`
}

// Attribute is one scored item of a category, with optional notes.
type Attribute struct {
	Name  string `json:"name"`
	Score *int   `json:"score"`
	Notes string `json:"notes"`
}

// User is a CodeSignal user, here always an interviewer.
type User struct {
	ID       string      `json:"id"`
	Username string      `json:"username"`
	Profile  UserProfile `json:"profile"`
}

// UserProfile holds the user's display name and email.
type UserProfile struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Held reports whether the interview took place, so its notes are final
// enough to go into a packet.
func (li LiveInterview) Held() bool { return li.Status == StatusOver }

// Live reports whether the interview still exists (neither deleted nor
// archived).
func (li LiveInterview) Live() bool {
	return li.Status != StatusDeleted && li.Status != StatusArchived
}

// DecodeExport reads an export file. name is used in errors only.
func DecodeExport(name string, r io.Reader) (Export, error) {
	var ex Export
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ex); err != nil {
		return Export{}, fmt.Errorf("%s: %w", name, describeJSONError(err))
	}
	for i, li := range ex.LiveInterviews {
		if err := li.validate(); err != nil {
			return Export{}, fmt.Errorf("%s: liveInterviews[%d] (id %q): %w", name, i, li.ID, err)
		}
	}
	return ex, nil
}

func describeJSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("byte %d: %w", syn.Offset, err)
	case errors.As(err, &typ):
		return fmt.Errorf("field %s at byte %d: want %s, got JSON %s", typ.Field, typ.Offset, typ.Type, typ.Value)
	}
	return err
}

func (li LiveInterview) validate() error {
	if li.ID == "" {
		return fmt.Errorf("id: missing")
	}
	switch li.Status {
	case StatusPending, StatusActive, StatusOver, StatusDeleted, StatusArchived:
	default:
		return fmt.Errorf("status: unknown value %q", li.Status)
	}
	for j, fb := range li.InterviewersFeedback {
		if fb.Author.ID == "" {
			return fmt.Errorf("interviewersFeedback[%d].author.id: missing", j)
		}
	}
	return nil
}

// SameEmail compares emails the way mail systems treat them in practice:
// case-insensitively, ignoring surrounding space.
func SameEmail(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// SortInterviews puts interviews in the API's documented order: startDate
// descending, then id. Interviews without a start date come last.
func SortInterviews(lis []LiveInterview) {
	sort.SliceStable(lis, func(i, j int) bool {
		a, b := lis[i].StartDate, lis[j].StartDate
		switch {
		case a == nil && b == nil:
		case a == nil:
			return false
		case b == nil:
			return true
		case *a != *b:
			return *a > *b
		}
		return lis[i].ID < lis[j].ID
	})
}

// CloneInterviews returns a deep copy of lis: changing the copy's feedback,
// categories, attributes or the values behind its pointers leaves lis as it
// is. Lists come back non-nil (empty where lis had none), so that JSON
// always has arrays where the export format has them.
func CloneInterviews(lis []LiveInterview) []LiveInterview {
	out := make([]LiveInterview, len(lis))
	for i, li := range lis {
		li.StartDate, li.FinishDate = clonePtr(li.StartDate), clonePtr(li.FinishDate)
		fbs := make([]InterviewerFeedback, len(li.InterviewersFeedback))
		for j, fb := range li.InterviewersFeedback {
			fb.RecommendedLevel, fb.Evaluation = clonePtr(fb.RecommendedLevel), clonePtr(fb.Evaluation)
			cats := make([]Category, len(fb.Categories))
			for k, c := range fb.Categories {
				attrs := make([]Attribute, len(c.Attributes))
				for a, at := range c.Attributes {
					at.Score = clonePtr(at.Score)
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

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

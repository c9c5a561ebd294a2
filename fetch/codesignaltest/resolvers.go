package codesignaltest

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/anonymize/anonymize/fetch"
)

// The resolvers below are plain structs read by graphql-go's field
// resolvers (UseFieldResolvers): there is nothing for methods to compute.
// The data changes only through edit.go, under Server.dataMu, which every
// query holds for reading while it runs. Nullable GraphQL types
// are pointers; an empty string in the export stands for a null field.

type liveInterviewR struct {
	ID                   graphql.ID
	CandidateEmail       *string
	CandidateName        *string
	Status               string
	InterviewersFeedback *[]*feedbackR
	StartDate            *timestamp
	FinishDate           *timestamp
	URL                  string
	ShortenedURL         string

	// email is the candidate's email as seeded, for matching.
	email string
}

type feedbackR struct {
	Author           *userR
	Notes            string
	Categories       *[]*categoryR
	RecommendedLevel *string
	Evaluation       *string
}

type categoryR struct {
	Name       *string
	Attributes *[]*attributeR
}

type attributeR struct {
	Name  *string
	Score *int32
	Notes *string
}

type userR struct {
	ID       graphql.ID
	Username string
	Profile  *profileR
}

type profileR struct {
	AvatarURL *string
	Name      *string
	Email     *string
}

// The company-test types: the simulated organisation has no tests, so these
// are never returned, but graphql-go needs a Go type for every schema type.

type companyTestR struct {
	ID         graphql.ID
	Title      string
	Duration   float64
	CreateDate timestamp
}

type companyTestSessionR struct {
	ID         graphql.ID
	Test       *companyTestR
	Status     string
	TestTaker  *testTakerR
	MaxScore   int32
	StartDate  *timestamp
	FinishDate *timestamp
	Result     *companyTestSessionResultR
}

type testTakerR struct {
	Email     *string
	FirstName *string
	LastName  *string
}

type companyTestSessionResultR struct {
	Score           *int32
	SolvedTaskCount *int32
	URL             *string
}

// timestamp is the schema's Timestamp scalar: milliseconds since the Unix
// epoch, a JSON number.
type timestamp int64

func (timestamp) ImplementsGraphQLType(name string) bool { return name == "Timestamp" }

func (t *timestamp) UnmarshalGraphQL(input any) error {
	switch v := input.(type) {
	case int32:
		*t = timestamp(v)
	case int64:
		*t = timestamp(v)
	case float64:
		*t = timestamp(int64(v))
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("Timestamp: want milliseconds since the epoch, got %q", v)
		}
		*t = timestamp(n)
	default:
		return fmt.Errorf("Timestamp: want milliseconds since the epoch, got %T", input)
	}
	return nil
}

func (t timestamp) MarshalJSON() ([]byte, error) { return strconv.AppendInt(nil, int64(t), 10), nil }

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(ms *int64) *timestamp {
	if ms == nil {
		return nil
	}
	t := timestamp(*ms)
	return &t
}

func toInterviewR(li fetch.LiveInterview) *liveInterviewR {
	r := &liveInterviewR{
		ID:             graphql.ID(li.ID),
		CandidateEmail: optString(li.CandidateEmail),
		CandidateName:  optString(li.CandidateName),
		Status:         string(li.Status),
		StartDate:      optTime(li.StartDate),
		FinishDate:     optTime(li.FinishDate),
		URL:            li.URL,
		ShortenedURL:   li.ShortenedURL,
		email:          li.CandidateEmail,
	}
	// Keep the difference between null and [] that the export makes, so a
	// round trip through the server gives back exactly what was seeded.
	r.InterviewersFeedback = mapList(li.InterviewersFeedback, toFeedbackR)
	return r
}

func toFeedbackR(fb fetch.InterviewerFeedback) *feedbackR {
	return &feedbackR{
		Author:           toUserR(fb.Author),
		Notes:            fb.Notes,
		RecommendedLevel: fb.RecommendedLevel,
		Evaluation:       fb.Evaluation,
		Categories: mapList(fb.Categories, func(c fetch.Category) *categoryR {
			return &categoryR{Name: optString(c.Name), Attributes: mapList(c.Attributes, toAttributeR)}
		}),
	}
}

func toAttributeR(a fetch.Attribute) *attributeR {
	ar := &attributeR{Name: optString(a.Name), Notes: optString(a.Notes)}
	if a.Score != nil {
		s := int32(*a.Score)
		ar.Score = &s
	}
	return ar
}

// mapList converts a list item by item; nil stays nil (null in GraphQL),
// apart from an empty list ([]).
func mapList[T, R any](in []T, f func(T) R) *[]R {
	if in == nil {
		return nil
	}
	out := make([]R, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return &out
}

func toUserR(u fetch.User) *userR {
	return &userR{
		ID:       graphql.ID(u.ID),
		Username: u.Username,
		Profile:  &profileR{Name: optString(u.Profile.Name), Email: optString(u.Profile.Email)},
	}
}

// query is the schema's Query type.
type query struct{ s *Server }

// MaxPageSize is the largest first the API accepts for list fields.
const MaxPageSize = 20

func pageArgs(field string, first, offset *int32) (int, int, error) {
	f, o := MaxPageSize, 0
	if first != nil {
		f = int(*first)
	}
	if offset != nil {
		o = int(*offset)
	}
	if f < 0 || f > MaxPageSize {
		return 0, 0, &pageSizeError{field: field, first: f}
	}
	if o < 0 {
		return 0, 0, fmt.Errorf("%s: offset must not be negative, got %d", field, o)
	}
	return f, o, nil
}

func (s *Server) countPageSize(err error) {
	var ps *pageSizeError
	if errors.As(err, &ps) {
		s.stats.pageSizeRejected.Add(1)
	}
}

// pageSizeError rejects a page larger than the documented maximum.
type pageSizeError struct {
	field string
	first int
}

func (e *pageSizeError) Error() string {
	return fmt.Sprintf("%s: first must be between 0 and %d, got %d", e.field, MaxPageSize, e.first)
}

func (q *query) LiveInterview(ctx context.Context, args struct{ LiveInterviewID graphql.ID }) (*liveInterviewR, error) {
	if err := q.s.enter(ctx, "liveInterview", 1); err != nil {
		return nil, err
	}
	if isDryRun(ctx) {
		return nil, nil
	}
	return q.s.byID[string(args.LiveInterviewID)], nil
}

func (q *query) LiveInterviews(ctx context.Context, args struct {
	CandidateEmail *string
	First          *int32
	Offset         *int32
}) ([]*liveInterviewR, error) {
	first, offset, err := pageArgs("liveInterviews", args.First, args.Offset)
	if err != nil && !isDryRun(ctx) {
		q.s.countPageSize(err)
		return nil, err
	}
	if err := q.s.enter(ctx, "liveInterviews", first); err != nil {
		return nil, err
	}
	if isDryRun(ctx) {
		return []*liveInterviewR{}, nil
	}
	out := []*liveInterviewR{}
	skipped := 0
	for _, li := range q.s.ordered {
		if len(out) == first {
			break
		}
		if args.CandidateEmail != nil && !fetch.SameEmail(li.email, *args.CandidateEmail) {
			continue
		}
		if skipped < offset {
			skipped++
			continue
		}
		out = append(out, li)
	}
	return out, nil
}

func (q *query) CompanyTestSession(ctx context.Context, args struct{ ID graphql.ID }) (*companyTestSessionR, error) {
	// The simulated organisation has no tests: an unknown id is null.
	return nil, q.s.enter(ctx, "companyTestSession", 2)
}

func (q *query) CompanyTestSessions(ctx context.Context, args struct {
	CompanyTestID graphql.ID
	First         *int32
	Offset        *int32
	IDs           *[]graphql.ID
}) ([]*companyTestSessionR, error) {
	first, _, err := pageArgs("companyTestSessions", args.First, args.Offset)
	if err != nil && !isDryRun(ctx) {
		q.s.countPageSize(err)
		return nil, err
	}
	if err := q.s.enter(ctx, "companyTestSessions", 2*first); err != nil {
		return nil, err
	}
	return []*companyTestSessionR{}, nil
}

func (q *query) CompanyTest(ctx context.Context, args struct{ ID graphql.ID }) (*companyTestR, error) {
	return nil, q.s.enter(ctx, "companyTest", 1)
}

// User finds an interviewer of the seeded interviews; they are the only
// users the simulator knows.
func (q *query) User(ctx context.Context, args struct {
	UserID   *graphql.ID
	Username *string
}) (*userR, error) {
	if err := q.s.enter(ctx, "user", 1); err != nil {
		return nil, err
	}
	if isDryRun(ctx) {
		return nil, nil
	}
	switch {
	case args.UserID != nil:
		u := q.s.users[string(*args.UserID)]
		if u != nil && args.Username != nil && u.Username != *args.Username {
			return nil, nil
		}
		return u, nil
	case args.Username != nil:
		for _, u := range q.s.users {
			if u.Username == *args.Username {
				return u, nil
			}
		}
		return nil, nil
	}
	return nil, fmt.Errorf("user: give userId or username")
}

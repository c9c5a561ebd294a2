package codesignaltest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

const key = "test-key-0123456789"

// gqlResponse is a GraphQL answer; Data stays raw for each test to decode.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message string `json:"message"`
		Path    []any  `json:"path"`
	} `json:"errors"`
}

func (r gqlResponse) messages() []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Message)
	}
	return out
}

// post sends one GraphQL request with the given Authorization header and
// returns the status and the decoded body.
func post(t *testing.T, url, auth, query string, vars map[string]any) (int, gqlResponse) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out gqlResponse
	if resp.Header.Get("Content-Type") == "application/json" {
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("decoding the answer (HTTP %d): %v", resp.StatusCode, err)
		}
	}
	return resp.StatusCode, out
}

func query(t *testing.T, s *codesignaltest.Server, q string, vars map[string]any) gqlResponse {
	t.Helper()
	code, resp := post(t, s.GraphQLURL(), "Bearer "+key, q, vars)
	if code != http.StatusOK {
		t.Fatalf("HTTP %d, errors %v", code, resp.messages())
	}
	return resp
}

const idsQuery = `query($email: String, $first: Int, $offset: Int) {
  liveInterviews(candidateEmail: $email, first: $first, offset: $offset) { id }
}`

func ids(t *testing.T, resp gqlResponse) []string {
	t.Helper()
	if len(resp.Errors) > 0 {
		t.Fatalf("unexpected errors: %v", resp.messages())
	}
	var data struct{ LiveInterviews []struct{ ID string } }
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, li := range data.LiveInterviews {
		out = append(out, li.ID)
	}
	return out
}

func TestSampleDecodes(t *testing.T) {
	ex, err := codesignaltest.LoadSample()
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.LiveInterviews) == 0 {
		t.Fatal("the sample organisation has no interviews")
	}
}

func TestAuthorization(t *testing.T) {
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: key})
	tests := []struct {
		name string
		auth string
		want int
	}{
		{"no header", "", http.StatusUnauthorized},
		{"wrong key", "Bearer wrong", http.StatusUnauthorized},
		{"empty key", "Bearer ", http.StatusUnauthorized},
		{"key without scheme", key, http.StatusUnauthorized},
		{"basic scheme", "Basic " + key, http.StatusUnauthorized},
		{"key with a suffix", "Bearer " + key + "x", http.StatusUnauthorized},
		{"right key", "Bearer " + key, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, resp := post(t, s.GraphQLURL(), tt.auth, idsQuery, nil)
			if code != tt.want {
				t.Fatalf("HTTP %d, want %d", code, tt.want)
			}
			if code == http.StatusUnauthorized && (len(resp.Errors) != 1 || !strings.Contains(resp.Errors[0].Message, "Unauthorized")) {
				t.Errorf("401 body errors = %v, want one Unauthorized error", resp.messages())
			}
		})
	}
	if got := s.Stats().Unauthorized; got != 6 {
		t.Errorf("Stats().Unauthorized = %d, want 6", got)
	}
}

func TestLiveInterviewsPaging(t *testing.T) {
	org := codesignaltest.SyntheticOrg{Candidates: 5, Extra: map[int]int{2: 44}, Hidden: true, Seed: 7}.Generate()
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: org, APIKey: key, RateLimit: -1})

	// want computes the documented answer from the seed.
	want := func(email string, first, offset int) []string {
		var lis []fetch.LiveInterview
		for _, li := range org.LiveInterviews {
			if email == "" || fetch.SameEmail(li.CandidateEmail, email) {
				lis = append(lis, li)
			}
		}
		fetch.SortInterviews(lis)
		out := []string{}
		for i := offset; i < len(lis) && i < offset+first; i++ {
			out = append(out, lis[i].ID)
		}
		return out
	}
	big := codesignaltest.CandidateEmail(2)
	tests := []struct {
		name          string
		email         string
		first, offset int
	}{
		{"first page", big, 20, 0},
		{"second page", big, 20, 20},
		{"last page is short", big, 20, 40},
		{"past the end", big, 20, 60},
		{"email in other case", strings.ToUpper(big), 20, 0},
		{"small page", codesignaltest.CandidateEmail(0), 2, 1},
		{"every candidate", "", 20, 0},
		{"every candidate, later page", "", 20, 40},
		{"unknown candidate", "nobody@example.com", 20, 0},
		{"zero first", big, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]any{"first": tt.first, "offset": tt.offset}
			if tt.email != "" {
				vars["email"] = tt.email
			}
			got := ids(t, query(t, s, idsQuery, vars))
			if diff := cmp.Diff(want(tt.email, tt.first, tt.offset), got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
	if got := len(want(big, 100, 0)); got < 47 || got > 50 { // 1..4 + 44 + deleted + archived
		t.Errorf("candidate 2 has %d interviews, want 47..50", got)
	}
}

func TestLiveInterviewsDefaultsAndLimits(t *testing.T) {
	org := codesignaltest.SyntheticOrg{Candidates: 1, Interviews: 25, Seed: 1}.Generate()
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: org, APIKey: key, RateLimit: -1})
	if got := ids(t, query(t, s, `{ liveInterviews { id } }`, nil)); len(got) != codesignaltest.MaxPageSize {
		t.Errorf("without first: %d interviews, want the maximum page of %d", len(got), codesignaltest.MaxPageSize)
	}
	for _, q := range []string{
		`{ liveInterviews(first: 21) { id } }`,
		`{ liveInterviews(first: -1) { id } }`,
		`{ liveInterviews(offset: -1) { id } }`,
		`{ companyTestSessions(companyTestId: "t", first: 50) { id } }`,
	} {
		resp := query(t, s, q, nil)
		if len(resp.Errors) != 1 {
			t.Errorf("%s: errors %v, want one", q, resp.messages())
		}
	}
	if got := s.Stats().PageSize; got != 3 {
		t.Errorf("Stats().PageSize = %d, want 3 (a negative offset is not a page size)", got)
	}
}

func TestLiveInterviewFields(t *testing.T) {
	org := codesignaltest.Sample()
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: org, APIKey: key, RateLimit: -1})
	const q = `query($id: ID!) { liveInterview(liveInterviewId: $id) {
  id candidateEmail candidateName status startDate finishDate url shortenedUrl
  interviewersFeedback { author { id username profile { name email } } notes recommendedLevel evaluation
    categories { name attributes { name score notes } } } } }`
	for _, li := range org.LiveInterviews {
		resp := query(t, s, q, map[string]any{"id": li.ID})
		var data struct{ LiveInterview fetch.LiveInterview }
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(li, data.LiveInterview); diff != "" {
			t.Errorf("liveInterview(%q) (-seed +served):\n%s", li.ID, diff)
		}
	}
	resp := query(t, s, q, map[string]any{"id": "no-such-id"})
	if string(resp.Data) != `{"liveInterview":null}` || len(resp.Errors) > 0 {
		t.Errorf("unknown id: data %s, errors %v; want null and no errors", resp.Data, resp.messages())
	}
}

// TestOtherFields checks that the fields the fetcher does not use answer as
// they would for an organisation without tests.
func TestOtherFields(t *testing.T) {
	org := codesignaltest.SyntheticOrg{Candidates: 2, Seed: 3}.Generate()
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: org, APIKey: key, RateLimit: -1})
	var author fetch.User
	for _, li := range org.LiveInterviews {
		if len(li.InterviewersFeedback) > 0 {
			author = li.InterviewersFeedback[0].Author
			break
		}
	}
	tests := []struct{ query, want string }{
		{`{ companyTestSession(id: "1") { id } }`, `{"companyTestSession":null}`},
		{`{ companyTestSessions(companyTestId: "1", first: 5) { id } }`, `{"companyTestSessions":[]}`},
		{`{ companyTest(id: "1") { id title } }`, `{"companyTest":null}`},
		{fmt.Sprintf(`{ user(userId: %q) { id username profile { name } } }`, author.ID),
			fmt.Sprintf(`{"user":{"id":%q,"username":%q,"profile":{"name":%q}}}`, author.ID, author.Username, author.Profile.Name)},
		{fmt.Sprintf(`{ user(username: %q) { id } }`, author.Username), fmt.Sprintf(`{"user":{"id":%q}}`, author.ID)},
		{`{ user(username: "nobody") { id } }`, `{"user":null}`},
	}
	for _, tt := range tests {
		resp := query(t, s, tt.query, nil)
		if len(resp.Errors) > 0 || string(resp.Data) != tt.want {
			t.Errorf("%s\n got data %s errors %v\nwant data %s", tt.query, resp.Data, resp.messages(), tt.want)
		}
	}
}

func TestRateLimit(t *testing.T) {
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: key, RateLimit: 3})
	// Aliases of one field are one use of it; other fields have their own
	// budget. The window is a second, and these requests take far less.
	for i := range 3 {
		resp := query(t, s, `{ a: liveInterviews(first: 1) { id } b: liveInterviews(first: 1) { id } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("request %d: %v", i, resp.messages())
		}
	}
	resp := query(t, s, `{ liveInterviews(first: 1) { id } }`, nil)
	if diff := cmp.Diff([]string{"You are trying to access 'liveInterviews' too often"}, resp.messages()); diff != "" {
		t.Errorf("fourth request (-want +got):\n%s", diff)
	}
	resp = query(t, s, `{ liveInterview(liveInterviewId: "x") { id } }`, nil)
	if len(resp.Errors) > 0 {
		t.Errorf("another field is limited separately, got %v", resp.messages())
	}
	st := s.Stats()
	if st.RateLimited != 1 || st.Fields["liveInterviews"] != 3 || st.PeakPerWindow["liveInterviews"] != 3 {
		t.Errorf("stats: rateLimited %d, fields %v, peaks %v; want 1, liveInterviews 3, peak 3", st.RateLimited, st.Fields, st.PeakPerWindow)
	}
}

func TestDeny(t *testing.T) {
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: key, Deny: []string{"liveInterviews"}})
	resp := query(t, s, `{ liveInterviews { id } }`, nil)
	if len(resp.Errors) != 1 || resp.Errors[0].Message != "Access Denied" || fmt.Sprint(resp.Errors[0].Path) != "[liveInterviews]" {
		t.Errorf("errors %+v, want Access Denied at liveInterviews", resp.Errors)
	}
	if resp := query(t, s, `{ liveInterview(liveInterviewId: "x") { id } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("liveInterview is not denied, got %v", resp.messages())
	}
	if _, err := codesignaltest.New(codesignaltest.Config{APIKey: key, Deny: []string{"nosuchfield"}}); err == nil {
		t.Error("denying an unknown field: no error")
	}
}

func TestCostAndDepth(t *testing.T) {
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: key, RateLimit: -1})
	var b strings.Builder
	b.WriteString("{")
	for i := range 501 { // 501 x 20 = 10020 > 10000
		fmt.Fprintf(&b, " a%d: liveInterviews(first: 20) { id }", i)
	}
	b.WriteString(" }")
	resp := query(t, s, b.String(), nil)
	if len(resp.Errors) != 1 || !strings.Contains(resp.Errors[0].Message, "cost 10020") || string(resp.Data) != "" {
		t.Errorf("over the cost cap: data %s, errors %v", resp.Data, resp.messages())
	}
	if st := s.Stats(); st.Fields["liveInterviews"] != 0 {
		t.Errorf("a query over the cost cap ran: fields %v", st.Fields)
	}
	resp = query(t, s, strings.Replace(b.String(), " a500: liveInterviews(first: 20) { id }", "", 1), nil)
	if len(resp.Errors) > 0 {
		t.Errorf("at the cost cap: %v", resp.messages())
	}

	deep := `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`
	resp = query(t, s, deep, nil)
	if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "exceeds max depth 10") {
		t.Errorf("too deep: %v", resp.messages())
	}
	st := s.Stats()
	if st.CostExceeded != 1 || st.DepthExceeded != 1 {
		t.Errorf("stats: cost %d depth %d, want 1 and 1", st.CostExceeded, st.DepthExceeded)
	}
}

func TestInjectedErrorsAreDeterministic(t *testing.T) {
	run := func() []int {
		s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: key, RateLimit: -1, ErrorRate: 0.5, Seed: 42})
		var codes []int
		for range 40 {
			code, _ := post(t, s.GraphQLURL(), "Bearer "+key, `{ liveInterviews { id } }`, nil)
			codes = append(codes, code)
		}
		if st := s.Stats(); st.InjectedErrors+st.OK != 40 || st.InjectedErrors < 5 || st.OK < 5 {
			t.Errorf("stats %+v: want about half of 40 injected", st)
		}
		return codes
	}
	if diff := cmp.Diff(run(), run()); diff != "" {
		t.Errorf("same seed, different faults (-first +second):\n%s", diff)
	}
}

func TestDebugStats(t *testing.T) {
	s := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: key})
	query(t, s, `{ liveInterviews { id } }`, nil)
	post(t, s.GraphQLURL(), "", `{ liveInterviews { id } }`, nil)
	resp, err := http.Get(s.URL() + "/debug/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got codesignaltest.Stats
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s.Stats(), got); diff != "" {
		t.Errorf("/debug/stats (-Stats() +served):\n%s", diff)
	}
	if got.Requests != 2 || got.OK != 1 || got.Unauthorized != 1 {
		t.Errorf("got %+v, want 2 requests, 1 ok, 1 unauthorized", got)
	}
}

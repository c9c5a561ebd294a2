package fetch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	graphqlgo "github.com/graph-gophers/graphql-go"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

// secret is long and odd so that a leak anywhere is unmistakable.
const secret = "cs-test-Zq8fW3kP9xVb2"

// fast are client options for tests against a simulator without a rate
// limit: the limits are exercised by tests of their own.
var fast = fetch.APIOptions{RateLimit: -1, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond}

// startSim starts a simulator without a rate limit unless cfg sets one.
func startSim(t *testing.T, cfg codesignaltest.Config) *codesignaltest.Server {
	t.Helper()
	if cfg.APIKey == "" {
		cfg.APIKey = secret
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = -1
	}
	return codesignaltest.StartForTest(t, cfg)
}

func newSource(t *testing.T, sim *codesignaltest.Server, opts fetch.APIOptions) *fetch.APISource {
	t.Helper()
	src, err := fetch.NewAPISource(sim.GraphQLURL(), fetch.NewAPIKey(secret, "the test"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// expected is what a source must return for email ("" for every
// candidate): the seed's live interviews in the API's order.
func expected(ex fetch.Export, email string) []fetch.LiveInterview {
	out := []fetch.LiveInterview{}
	for _, li := range ex.LiveInterviews {
		if li.Live() && (email == "" || fetch.SameEmail(li.CandidateEmail, email)) {
			out = append(out, li)
		}
	}
	fetch.SortInterviews(out)
	return out
}

func emails(ex fetch.Export) []string {
	seen := map[string]bool{}
	var out []string
	for _, li := range ex.LiveInterviews {
		if k := strings.ToLower(li.CandidateEmail); !seen[k] {
			seen[k] = true
			out = append(out, li.CandidateEmail)
		}
	}
	return out
}

func TestAPISourceReturnsTheSeed(t *testing.T) {
	orgs := []struct {
		name string
		data fetch.Export
	}{
		{"sample", codesignaltest.Sample()},
		{"synthetic", codesignaltest.SyntheticOrg{Candidates: 6, Hidden: true, Seed: 11}.Generate()},
	}
	for _, org := range orgs {
		t.Run(org.name, func(t *testing.T) {
			sim := startSim(t, codesignaltest.Config{Data: org.data})
			src := newSource(t, sim, fast)
			for _, email := range emails(org.data) {
				got, err := src.Interviews(context.Background(), email)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(expected(org.data, email), got); diff != "" {
					t.Errorf("Interviews(%s) (-seed +fetched):\n%s", email, diff)
				}
			}
			// The email is matched whatever its case.
			first := emails(org.data)[0]
			got, err := src.Interviews(context.Background(), " "+strings.ToUpper(first)+" ")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(expected(org.data, first), got); diff != "" {
				t.Errorf("Interviews(upper case) (-seed +fetched):\n%s", diff)
			}
			all, err := src.AllInterviews(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(expected(org.data, ""), all); diff != "" {
				t.Errorf("AllInterviews (-seed +fetched):\n%s", diff)
			}
		})
	}
}

func TestAPISourceThreePages(t *testing.T) {
	// Candidate 0 gets 1..4 + 41 interviews: more than 40, so three pages
	// of 20 with the last one short (and never exactly 40 or 60, where a
	// fourth, empty page would be needed).
	org := codesignaltest.SyntheticOrg{Candidates: 3, Interviews: 4, Extra: map[int]int{0: 41}, Seed: 5}.Generate()
	sim := startSim(t, codesignaltest.Config{Data: org})
	src := newSource(t, sim, fast)
	email := codesignaltest.CandidateEmail(0)
	got, err := src.Interviews(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	want := expected(org, email)
	if len(want) != 45 {
		t.Fatalf("the seed has %d interviews for %s, want 45", len(want), email)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Interviews (-seed +fetched):\n%s", diff)
	}
	if n := sim.Stats().Fields["liveInterviews"]; n != 3 {
		t.Errorf("%d requests, want 3 pages", n)
	}
}

func TestAPISourceSkipsDeletedAndArchived(t *testing.T) {
	org := codesignaltest.SyntheticOrg{Candidates: 4, Hidden: true, Seed: 9}.Generate()
	sim := startSim(t, codesignaltest.Config{Data: org})
	src := newSource(t, sim, fast)
	statuses := map[fetch.Status]int{}
	for _, email := range emails(org) {
		lis, err := src.Interviews(context.Background(), email)
		if err != nil {
			t.Fatal(err)
		}
		for _, li := range lis {
			statuses[li.Status]++
		}
	}
	if statuses[fetch.StatusDeleted]+statuses[fetch.StatusArchived] > 0 {
		t.Errorf("statuses %v: deleted or archived interviews returned", statuses)
	}
	if statuses[fetch.StatusOver] == 0 {
		t.Errorf("statuses %v: no interview returned", statuses)
	}
}

func TestAPISourceInterview(t *testing.T) {
	org := codesignaltest.Sample()
	sim := startSim(t, codesignaltest.Config{Data: org})
	src := newSource(t, sim, fast)
	for _, li := range org.LiveInterviews {
		got, err := src.Interview(context.Background(), li.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&li, got); diff != "" {
			t.Errorf("Interview(%s) (-seed +fetched):\n%s", li.ID, diff)
		}
	}
	got, err := src.Interview(context.Background(), "no-such-interview")
	if err != nil || got != nil {
		t.Errorf("unknown id: %v, %v; want nil, nil", got, err)
	}
}

func TestAPISourceWrongKey(t *testing.T) {
	sim := startSim(t, codesignaltest.Config{Data: codesignaltest.Sample()})
	wrong := "cs-wrong-Hh7Tt2Rr5Yy9"
	src, err := fetch.NewAPISource(sim.GraphQLURL(), fetch.NewAPIKey(wrong, fetch.APIKeyEnv), fast)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Interviews(context.Background(), "someone@example.com")
	if !errors.Is(err, fetch.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	msg := err.Error()
	for _, want := range []string{"refused the API key", "401", fetch.APIKeyEnv, "--api-key-file"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, wrong) || strings.Contains(fmt.Sprintf("%+v %#v", err, err), wrong) {
		t.Errorf("message %q contains the key", msg)
	}
	if n := sim.Stats().Unauthorized; n != 1 {
		t.Errorf("%d unauthorized requests, want 1 (a 401 is never retried)", n)
	}
}

func TestNewAPISourceURLs(t *testing.T) {
	key := fetch.NewAPIKey(secret, "the test")
	tests := []struct {
		url     string
		wantErr error // nil: accepted; errAny: any error
	}{
		{"", nil},
		{fetch.DefaultAPIURL, nil},
		{"http://127.0.0.1:8080/graphql", nil},
		{"http://127.8.9.10/graphql", nil},
		{"http://[::1]:8080/graphql", nil},
		{"http://localhost:8080/graphql", nil},
		{"http://LOCALHOST/graphql", nil},
		{"http://app.codesignal.com/graphql", fetch.ErrInsecureURL},
		{"http://10.0.0.5:8080/graphql", fetch.ErrInsecureURL},
		{"http://0.0.0.0:8080/graphql", fetch.ErrInsecureURL},
		{"http://localhost.example.com/graphql", fetch.ErrInsecureURL},
		{"http://127.0.0.1.nip.io/graphql", fetch.ErrInsecureURL},
		{"ftp://app.codesignal.com/graphql", errAny},
		{"app.codesignal.com/graphql", errAny},
		{"https:///graphql", errAny},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := fetch.NewAPISource(tt.url, key, fast)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("refused: %v", err)
			case tt.wantErr == errAny && err == nil, tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("message %q contains the key", err)
			}
		})
	}
	if _, err := fetch.NewAPISource("", fetch.APIKey{}, fast); !errors.Is(err, fetch.ErrNoAPIKey) {
		t.Errorf("no key: err = %v, want ErrNoAPIKey", err)
	}
}

var errAny = errors.New("any error")

// TestQueryDocumentsMatchSchema validates every document the client can
// send against the project's copy of the schema, with the variables the
// client sends.
func TestQueryDocumentsMatchSchema(t *testing.T) {
	schema, err := graphqlgo.ParseSchema(codesignaltest.Schema(), nil)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]map[string]any{
		"CandidateInterviews": {"candidateEmail": "a@example.com", "first": fetch.PageSize, "offset": 0},
		"AllInterviews":       {"first": fetch.PageSize, "offset": 40},
		"LiveInterview":       {"id": "li-1"},
	}
	if len(fetch.QueryDocuments) != len(vars) {
		t.Fatalf("%d documents, %d variable sets: add the new document's variables here", len(fetch.QueryDocuments), len(vars))
	}
	for name, doc := range fetch.QueryDocuments {
		t.Run(name, func(t *testing.T) {
			v, ok := vars[name]
			if !ok {
				t.Fatalf("no variables for %s", name)
			}
			// Round-trip through JSON, as on the wire (ints become floats).
			b, _ := json.Marshal(v)
			var wire map[string]any
			json.Unmarshal(b, &wire)
			for _, err := range schema.ValidateWithVariables(doc, wire) {
				t.Errorf("%s: %v", name, err)
			}
		})
	}
}

func TestFileSource(t *testing.T) {
	org := codesignaltest.SyntheticOrg{Candidates: 5, Hidden: true, Seed: 21}.Generate()
	path := filepath.Join(t.TempDir(), "export.json")
	b, err := json.Marshal(org)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := fetch.NewFileSource(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range append(emails(org), "nobody@example.com") {
		got, err := src.Interviews(context.Background(), strings.ToUpper(email))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(expected(org, email), got); diff != "" {
			t.Errorf("Interviews(%s) (-want +got):\n%s", email, diff)
		}
	}
	all, err := src.AllInterviews(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(expected(org, ""), all); diff != "" {
		t.Errorf("AllInterviews (-want +got):\n%s", diff)
	}
}

func TestFileSourceErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		want          []string // substrings of the message besides the file name
	}{
		{"syntax.json", `{"liveInterviews": [`, []string{"unexpected EOF"}},
		{"unknown.json", `{"liveInterviews": [{"id": "1", "status": "over", "mood": "good"}]}`, []string{`unknown field "mood"`}},
		{"status.json", `{"liveInterviews": [{"id": "1", "status": "done"}]}`, []string{"liveInterviews[0]", "status", `"done"`}},
		{"type.json", `{"liveInterviews": [{"id": "1", "status": "over", "startDate": "yesterday"}]}`, []string{"startDate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := fetch.NewFileSource(path)
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range append(tt.want, path) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q does not mention %q", err, want)
				}
			}
		})
	}
	if _, err := fetch.NewFileSource(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v", err)
	}
}

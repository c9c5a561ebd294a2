package codesignaltest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
	"github.com/anonymize/anonymize/fetch/webhook"
)

type delivery struct {
	at   time.Time
	sig  string
	body []byte
}

// hook is a receiver that answers with the statuses in plan, then 200.
type hook struct {
	mu   sync.Mutex
	plan []int
	got  []delivery
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.got = append(h.got, delivery{time.Now(), r.Header.Get(webhook.SignatureHeader), b})
	code := 200
	if len(b) > 0 && len(h.plan) > 0 {
		code, h.plan = h.plan[0], h.plan[1:]
	}
	h.mu.Unlock()
	w.WriteHeader(code)
}

func (h *hook) deliveries() []delivery {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]delivery(nil), h.got...)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestWebhooksSignedInOrderWithRetries(t *testing.T) {
	h := &hook{plan: []int{500, 204, 401}} // the first event fails three times
	rcv := httptest.NewServer(h)
	defer rcv.Close()
	url := rcv.URL + "/webhooks/codesignal"
	srv := codesignaltest.StartForTest(t, codesignaltest.Config{
		Data: codesignaltest.Sample(), APIKey: key,
		Webhook: codesignaltest.WebhookConfig{URL: url, Secret: "whsec", Interval: -1, RetryScale: 0.001},
	})
	fb := fetch.InterviewerFeedback{Author: fetch.User{ID: "u-101"}, Notes: "Late note: strong on testing."}
	if _, err := srv.EditFeedback("li-0004", fb); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.FinishInterview("li-0004"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.EditFeedback("nope", fb); err == nil {
		t.Fatal("EditFeedback of an unknown interview succeeded")
	}
	waitFor(t, "both events delivered", func() bool { return srv.WebhookStats().Delivered == 2 })
	got := h.deliveries()
	// verification, 3 failures and the success of the first event, the second event
	if len(got) != 6 || len(got[0].body) != 0 {
		t.Fatalf("%d deliveries, want 6 starting with the empty verification POST", len(got))
	}
	var names []string
	var first webhook.Event
	for i, d := range got[1:] {
		ev, err := webhook.ParseEvent(d.body)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = ev
		}
		if i < 4 && (ev.TriggeredOn != first.TriggeredOn || d.sig != got[1].sig) {
			t.Errorf("retry %d is not the same event, same signature", i)
		}
		v := webhook.Verifier{Secret: []byte("whsec"), EndpointURL: url}
		if err := v.Verify(d.sig, ev.Event, ev.TriggeredOn); err != nil {
			t.Errorf("delivery %d: %v", i+1, err)
		}
		names = append(names, ev.Event)
	}
	if want := "liveInterviewFeedbackUpdated liveInterviewFeedbackUpdated liveInterviewFeedbackUpdated liveInterviewFeedbackUpdated liveInterviewFinished"; strings.Join(names, " ") != want {
		t.Errorf("events %v", names)
	}
	// The documented schedule, scaled: 15..44 s after the first failure,
	// 16..75 s after the second, 31..120 s after the third.
	for i, bounds := range [][2]float64{{15, 44}, {16, 75}, {31, 120}} {
		gap := got[i+2].at.Sub(got[i+1].at).Seconds() * 1000
		if gap < bounds[0]*0.9 {
			t.Errorf("retry %d came %.1f scaled seconds after the failure, want at least %v", i+1, gap, bounds[0])
		}
	}
	var p struct {
		InterviewID   string `json:"interviewId"`
		InterviewerID string `json:"interviewerId"`
		Feedback      struct {
			GeneralNotes string `json:"generalNotes"`
		} `json:"feedback"`
	}
	json.Unmarshal(first.Payload, &p)
	if p.InterviewID != "li-0004" || p.InterviewerID != "u-101" || p.Feedback.GeneralNotes != fb.Notes {
		t.Errorf("payload %+v", p)
	}
	st := srv.WebhookStats()
	if st.Verification != 200 || st.Attempts != 5 || st.Failures != 3 || st.Disabled {
		t.Errorf("stats %+v", st)
	}
}

func TestWebhookDisabledAfterMaxAttempts(t *testing.T) {
	h := &hook{plan: []int{500, 500, 500, 500}}
	rcv := httptest.NewServer(h)
	defer rcv.Close()
	srv := codesignaltest.StartForTest(t, codesignaltest.Config{
		Data: codesignaltest.Sample(), APIKey: key,
		Webhook: codesignaltest.WebhookConfig{URL: rcv.URL, Secret: "whsec", Interval: -1, RetryScale: 0.0001, MaxAttempts: 3, SkipVerification: true},
	})
	srv.FinishInterview("li-0004")
	srv.FinishInterview("li-0018")
	waitFor(t, "the webhook disabled", func() bool { return srv.WebhookStats().Disabled })
	st := srv.WebhookStats()
	if st.Attempts != 3 || st.Delivered != 0 || st.Dropped != 2 || st.Queued != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestAdminFeedbackEndpoint(t *testing.T) {
	srv := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: key})
	body := `{"interviewId":"li-0001","feedback":{"author":{"id":"u-101","username":"x","profile":{"name":"X","email":"x@example.com"}},"notes":"EDITED note","categories":[]}}`
	send := func(auth, path, body string) int {
		req, _ := http.NewRequest("POST", srv.URL()+path, bytes.NewReader([]byte(body)))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := send("", "/admin/feedback", body); code != 401 {
		t.Errorf("without a key: %d, want 401", code)
	}
	if code := send("Bearer wrong", "/admin/feedback", body); code != 401 {
		t.Errorf("wrong key: %d, want 401", code)
	}
	if code := send("Bearer "+key, "/admin/feedback", `{"interviewId":"li-x","feedback":{"author":{"id":"u-1"}}}`); code != 404 {
		t.Errorf("unknown interview: %d, want 404", code)
	}
	if code := send("Bearer "+key, "/admin/feedback", `{"interviewId":"li-0001","bogus":1}`); code != 400 {
		t.Errorf("unknown field: %d, want 400", code)
	}
	if code := send("Bearer "+key, "/admin/feedback", body); code != 200 {
		t.Fatalf("edit: %d, want 200", code)
	}
	if code := send("Bearer "+key, "/admin/finish", `{"interviewId":"li-0004"}`); code != 200 {
		t.Fatalf("finish: %d, want 200", code)
	}
	src, err := fetch.NewAPISource(srv.GraphQLURL(), fetch.NewAPIKey(key, "test"), fetch.APIOptions{})
	if err != nil {
		t.Fatal(err)
	}
	li, err := src.Interview(t.Context(), "li-0001")
	if err != nil {
		t.Fatal(err)
	}
	if len(li.InterviewersFeedback) != 1 || li.InterviewersFeedback[0].Notes != "EDITED note" || li.InterviewersFeedback[0].Author.Profile.Email == "x@example.com" {
		t.Fatalf("after the edit: %+v", li.InterviewersFeedback)
	}
	li, _ = src.Interview(t.Context(), "li-0004")
	if li.Status != fetch.StatusOver || li.FinishDate == nil {
		t.Fatalf("after finishing: %s %v", li.Status, li.FinishDate)
	}
}

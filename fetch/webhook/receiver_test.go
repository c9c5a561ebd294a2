package webhook

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReceiver(t *testing.T) {
	secret := []byte("s3cret")
	const url = "https://hooks.example.com/webhooks/codesignal"
	now := time.Now()
	j, err := OpenJournal(filepath.Join(t.TempDir(), "journal.jsonl"), JournalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rc := &Receiver{Verifier: &Verifier{Secret: secret, EndpointURL: url}, Journal: j, MaxBody: 4096, AckStale: true}
	srv := httptest.NewServer(rc)
	defer srv.Close()

	post := func(method, body, sig string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL, strings.NewReader(body))
		if sig != "" {
			req.Header.Set(SignatureHeader, sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b)
	}
	event := func(name string, at time.Time, id string) string {
		return fmt.Sprintf(`{"event":%q,"triggeredOn":%d,"payload":{"interviewId":%q,"interviewerId":"u-1","feedback":{"generalNotes":"Maria was great"}}}`, name, at.UnixMilli(), id)
	}
	ms := now.UnixMilli()

	if code, _ := post("POST", "", ""); code != 200 {
		t.Errorf("verification POST: %d, want 200", code)
	}
	if code, _ := post("GET", "", ""); code != 405 {
		t.Errorf("GET: %d, want 405", code)
	}
	if code, _ := post("POST", strings.Repeat(" ", 5000)+"{}", ""); code != 413 {
		t.Errorf("large body: %d, want 413", code)
	}
	if code, _ := post("POST", "not json", Sign(secret, url, "x", ms)); code != 400 {
		t.Errorf("malformed body: %d, want 400", code)
	}
	body := event(LiveInterviewFeedbackUpdated, now, "li-1")
	if code, _ := post("POST", body, Sign([]byte("wrong"), url, LiveInterviewFeedbackUpdated, ms)); code != 401 {
		t.Errorf("forged: %d, want 401", code)
	}
	if code, _ := post("POST", body, ""); code != 401 {
		t.Errorf("unsigned: %d, want 401", code)
	}
	if len(j.Pending()) != 0 {
		t.Fatal("a refused event was journaled")
	}
	for i, want := range []string{"ok", "duplicate", "duplicate"} {
		sig := Sign(secret, url, LiveInterviewFeedbackUpdated, ms)
		if i == 2 {
			sig = SignLiteral(secret, url, ms)
		}
		code, text := post("POST", body, sig)
		if code != 200 || !strings.HasPrefix(text, want) {
			t.Errorf("delivery %d: %d %q, want 200 %s", i, code, text, want)
		}
	}
	if p := j.Pending(); len(p) != 1 || p[0].InterviewID != "li-1" || p[0].InterviewerID != "u-1" {
		t.Fatalf("pending %+v, want the one event", p)
	}
	old := now.Add(-3 * time.Hour)
	if code, text := post("POST", event(LiveInterviewFinished, old, "li-2"), Sign(secret, url, LiveInterviewFinished, old.UnixMilli())); code != 200 || !strings.HasPrefix(text, "stale") {
		t.Errorf("stale with AckStale: %d %q, want 200 stale", code, text)
	}
	rc.AckStale = false
	if code, _ := post("POST", event(LiveInterviewFinished, old, "li-2"), Sign(secret, url, LiveInterviewFinished, old.UnixMilli())); code != 403 {
		t.Errorf("stale without AckStale: %d, want 403", code)
	}
	future := now.Add(time.Hour)
	if code, _ := post("POST", event(LiveInterviewFinished, future, "li-2"), Sign(secret, url, LiveInterviewFinished, future.UnixMilli())); code != 403 {
		t.Errorf("future: %d, want 403", code)
	}
	test := fmt.Sprintf(`{"event":"companyTestSessionFinished","triggeredOn":%d,"payload":{"testSessionId":"t"}}`, ms)
	if code, text := post("POST", test, Sign(secret, url, CompanyTestSessionFinished, ms)); code != 200 || !strings.HasPrefix(text, "ignored") {
		t.Errorf("test-session event: %d %q, want 200 ignored", code, text)
	}
	if len(j.Pending()) != 1 {
		t.Fatal("stale, future or ignored events were journaled")
	}
	// Nothing durable, nothing acknowledged.
	j.Close()
	if code, _ := post("POST", event(LiveInterviewFinished, now, "li-3"), Sign(secret, url, LiveInterviewFinished, ms)); code != 503 {
		t.Errorf("journal closed: %d, want 503", code)
	}
	st := rc.Stats()
	if st.Accepted != 1 || st.Duplicates != 2 || st.Verifications != 1 || st.Ignored != 1 ||
		st.Rejected[ReasonBadSignature] != 1 || st.Rejected[ReasonMissingSignature] != 1 || st.Rejected[ReasonStale] != 2 ||
		st.Rejected[ReasonFuture] != 1 || st.Rejected[ReasonTooLarge] != 1 || st.Rejected[ReasonMethod] != 1 ||
		st.Rejected[ReasonMalformedBody] != 1 || st.Rejected[ReasonJournal] != 1 {
		t.Errorf("stats %+v", st)
	}
}

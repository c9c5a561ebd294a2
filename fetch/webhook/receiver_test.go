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
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
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

// TestReceiverReplayFlood: CodeSignal signs the URL, the event name and the
// time, not the payload, so one captured delivery used to be replayed with
// 1,500 other interview ids, all accepted, holding real events back behind
// them. Now a signature carries one event: every replay with another
// payload is refused and counted, the same delivery again is a harmless
// duplicate, a real event that follows is next in line, and a restart
// remembers which signature carried what.
func TestReceiverReplayFlood(t *testing.T) {
	secret := []byte("s3cret")
	const url = "https://hooks.example.com/webhooks/codesignal"
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rc := &Receiver{Verifier: &Verifier{Secret: secret, EndpointURL: url}, Journal: j}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	post := func(body, sig, contentType string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
		req.Header.Set(SignatureHeader, sig)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	event := func(ms int64, id string) string {
		return fmt.Sprintf(`{"event":%q,"triggeredOn":%d,"payload":{"interviewId":%q}}`, LiveInterviewFeedbackUpdated, ms, id)
	}
	ms := time.Now().UnixMilli()
	captured := Sign(secret, url, LiveInterviewFeedbackUpdated, ms)
	if code := post(event(ms, "li-real"), captured, "application/json"); code != 200 {
		t.Fatalf("the genuine delivery: %d", code)
	}
	const flood = 1500
	refused := 0
	for i := range flood {
		// Upper-case hex is the same signature.
		sig := captured
		if i%2 == 1 {
			sig = strings.ToUpper(captured)
		}
		if code := post(event(ms, fmt.Sprintf("li-forged-%d", i)), sig, "application/json"); code == http.StatusConflict {
			refused++
		}
	}
	if refused != flood {
		t.Errorf("%d of %d replays refused", refused, flood)
	}
	if code := post(event(ms, "li-real"), captured, "application/json"); code != 200 {
		t.Errorf("the genuine delivery again: %d, want 200 (duplicate)", code)
	}
	next := ms + 1
	if code := post(event(next, "li-next"), Sign(secret, url, LiveInterviewFeedbackUpdated, next), "application/json"); code != 200 {
		t.Fatalf("a later real event: %d", code)
	}
	var ids []string
	for _, p := range j.Pending() {
		ids = append(ids, p.InterviewID)
	}
	if strings.Join(ids, " ") != "li-real li-next" {
		t.Errorf("pending %v, want the real event and the next one only", ids)
	}
	st := rc.Stats()
	if st.Accepted != 2 || st.Duplicates != 1 || st.Rejected[ReasonReplay] != flood {
		t.Errorf("stats %+v", st)
	}

	// Other media types are not deliveries.
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "application/jsonx"} {
		if code := post(event(next+1, "li-x"), Sign(secret, url, LiveInterviewFeedbackUpdated, next+1), ct); code != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: %d, want 415", ct, code)
		}
	}
	if got := rc.Stats().Rejected[ReasonContentType]; got != 4 {
		t.Errorf("content_type rejections %d, want 4", got)
	}

	// After a restart the journal still knows which event the signature
	// carried.
	j.Close()
	j2, err := OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	rc2 := &Receiver{Verifier: rc.Verifier, Journal: j2, AckStale: true}
	srv2 := httptest.NewServer(rc2)
	defer srv2.Close()
	req, _ := http.NewRequest("POST", srv2.URL, strings.NewReader(event(ms, "li-after-restart")))
	req.Header.Set(SignatureHeader, captured)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// With AckStale, a replay is acknowledged so that CodeSignal's queue
	// moves on, and not journaled.
	if resp.StatusCode != 200 || !strings.HasPrefix(string(b), "replay") || len(j2.Pending()) != 2 || rc2.Stats().Rejected[ReasonReplay] != 1 {
		t.Errorf("replay after a restart: %d %q, %d pending", resp.StatusCode, b, len(j2.Pending()))
	}
}

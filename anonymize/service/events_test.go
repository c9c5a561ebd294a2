package service

import (
	"fmt"
	"testing"
	"time"

	"github.com/anonymize/anonymize/fetch/webhook"
)

// TestNextReadyRateLimitsPerInterview: an interview refreshed a moment ago
// waits, and the other interviews' events go first, however many events
// the busy interview has queued ahead of them.
func TestNextReadyRateLimitsPerInterview(t *testing.T) {
	now := time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)
	var pend []webhook.Record
	for i := range 1000 {
		pend = append(pend, webhook.Record{ID: fmt.Sprint("hot-", i), InterviewID: "li-hot"})
	}
	pend = append(pend, webhook.Record{ID: "real", InterviewID: "li-real"})
	for _, tc := range []struct {
		name      string
		notBefore map[string]time.Time
		want      int
		wait      time.Duration
	}{
		{"nothing paused", nil, 0, 0},
		{"the hot interview paused", map[string]time.Time{"li-hot": now.Add(time.Second)}, 1000, 0},
		{"pause over", map[string]time.Time{"li-hot": now}, 0, 0},
		{"both paused", map[string]time.Time{"li-hot": now.Add(2 * time.Second), "li-real": now.Add(time.Second)}, -1, time.Second},
	} {
		i, wait := nextReady(pend, tc.notBefore, now)
		if i != tc.want || wait != tc.wait {
			t.Errorf("%s: nextReady = %d, %v; want %d, %v", tc.name, i, wait, tc.want, tc.wait)
		}
	}
}

// TestBackoff: a failing event is retried after 2, 4, 8 and 16 seconds,
// holding back its interview only, and given up at the fifth failure; a
// done event holds its interview back for refreshEvery.
func TestBackoff(t *testing.T) {
	b := &backoff{attempts: map[string]int{}, notBefore: map[string]time.Time{}}
	rec := webhook.Record{ID: "r1", InterviewID: "li-1"}
	for i, want := range []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second} {
		attempt, wait, retry := b.failed(rec)
		if attempt != i+1 || wait != want || !retry {
			t.Fatalf("failure %d: attempt %d, wait %v, retry %v; want %d, %v, true", i+1, attempt, wait, retry, i+1, want)
		}
	}
	if attempt, _, retry := b.failed(rec); attempt != maxAttempts || retry {
		t.Errorf("failure %d: attempt %d, retry %v; want given up", maxAttempts, attempt, retry)
	}
	if len(b.notBefore) != 1 || b.notBefore["li-1"].IsZero() {
		t.Errorf("notBefore %v, want li-1 only", b.notBefore)
	}
	b.done(rec)
	if len(b.attempts) != 0 {
		t.Errorf("attempts %v after done, want none", b.attempts)
	}
	if until := time.Until(b.notBefore["li-1"]); until <= 0 || until > refreshEvery {
		t.Errorf("li-1 held back for %v after done, want up to %v", until, refreshEvery)
	}
	b.forget(time.Now().Add(refreshEvery))
	if len(b.notBefore) != 0 {
		t.Errorf("notBefore %v after the pause, want empty", b.notBefore)
	}
}

func TestSameInterview(t *testing.T) {
	pend := []webhook.Record{{ID: "a", InterviewID: "x"}, {ID: "b", InterviewID: "y"}, {ID: "c", InterviewID: "x"}}
	got := sameInterview(pend, "x")
	if len(got) != 2 || got[0].ID != "a" || got[1].ID != "c" {
		t.Errorf("sameInterview = %v, want a and c", got)
	}
}

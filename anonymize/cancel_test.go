package anonymize

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

// TestPacketReturnsWhenCancelled: Ctrl-C or SIGTERM used to wait for the
// packet in progress. Packet returns soon after its context ends, whatever
// the notes still being analysed (they finish in the background and are
// dropped).
func TestPacketReturnsWhenCancelled(t *testing.T) {
	pack, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := New(pack)
	if err != nil {
		t.Fatal(err)
	}
	para := strings.Repeat("Maria designed the retry policy and measured the p99 latency under load. ", 800)
	start, finish := int64(1_764_000_000_000), int64(1_764_003_600_000)
	li := fetch.LiveInterview{ID: "li-1", CandidateEmail: "maria@example.com", CandidateName: "Maria Lopez", Status: fetch.StatusOver,
		StartDate: &start, FinishDate: &finish}
	for i := range 8 {
		li.InterviewersFeedback = append(li.InterviewersFeedback, fetch.InterviewerFeedback{
			Author: fetch.User{ID: "u-" + string(rune('a'+i)), Profile: fetch.UserProfile{Name: "Interviewer " + string(rune('A'+i))}},
			Notes:  para,
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := eng.Packet(ctx, Person{Name: "Maria Lopez", Email: "maria@example.com"}, []fetch.LiveInterview{li})
		errc <- err
	}()
	time.Sleep(200 * time.Millisecond) // in the middle of the notes
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second): // a bound for liveness, far above any answer
		t.Fatal("Packet did not return after its context was cancelled")
	}
}

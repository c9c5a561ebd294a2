package fetch_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/anonymize/anonymize/fetch"
)

// TestLimiterSpacing: requests from many goroutines go one at a time, one
// interval apart (burst 1): n requests take at least n-1 intervals, the
// first goes at once, and a busy machine can only make them slower.
func TestLimiterSpacing(t *testing.T) {
	if got := fetch.NewLimiter(fetch.DefaultRateLimit).Interval(); got != 100*time.Millisecond {
		t.Errorf("the documented %d requests a second: interval %v, want 100ms", fetch.DefaultRateLimit, got)
	}
	const perSecond, workers, each = 50, 8, 3
	l := fetch.NewLimiter(perSecond)
	start := time.Now()
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > l.Interval() {
		t.Errorf("the first request waited %v", d)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if err := l.Wait(context.Background()); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	n := 1 + workers*each
	if elapsed, least := time.Since(start), time.Duration(n-1)*l.Interval(); elapsed < least-time.Millisecond {
		t.Errorf("%d requests at %d a second took %v, less than %v: not evenly spaced", n, perSecond, elapsed, least)
	}
}

func TestLimiterDeadline(t *testing.T) {
	l := fetch.NewLimiter(0.001)
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait past the deadline = %v, want context.DeadlineExceeded", err)
	}
}

package fetch

import (
	"context"
	"sync"
	"time"
)

// DefaultRateLimit is CodeSignal's documented limit: 10 requests a second
// per field.
const DefaultRateLimit = 10

// rateHeadroom is the fraction of the API's limit a source actually uses.
// The API counts requests as they arrive, so requests sent exactly 1/limit
// apart could arrive closer together after network jitter and trip it;
// sending 5% slower leaves 50 ms of slack in every one-second window, at a
// cost of 5% throughput.
const rateHeadroom = 0.95

// Limiter spaces requests evenly, at most perSecond a second: whatever
// the number of goroutines waiting, no two requests start closer together
// than 1/perSecond, so no one-second window ever holds more than perSecond
// of them (a token bucket with bursts would fill a window at once and then
// depend on the server counting windows the same way). One Limiter shared
// by every request of a process keeps the whole process under the limit.
type Limiter struct {
	interval time.Duration

	mu   sync.Mutex
	next time.Time // the earliest start of the next request
}

// NewLimiter returns a limiter for perSecond requests a second; zero or
// negative means no limit.
func NewLimiter(perSecond float64) *Limiter {
	if perSecond <= 0 {
		return &Limiter{}
	}
	return &Limiter{interval: time.Duration(float64(time.Second) / perSecond)}
}

// Interval returns the spacing between requests (0: no limit).
func (l *Limiter) Interval() time.Duration { return l.interval }

// Wait blocks until the caller may send a request, or ctx ends. A slot
// given up by cancellation is not handed to anyone else: that costs one
// interval, and keeps the guarantee simple.
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.interval == 0 {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	at := l.next
	if at.Before(now) {
		at = now
	}
	l.next = at.Add(l.interval)
	l.mu.Unlock()

	d := at.Sub(now)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

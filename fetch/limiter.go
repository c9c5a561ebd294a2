package fetch

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
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
// of them. It is golang.org/x/time/rate's token bucket with a burst of one:
// a bucket that holds a single token gives exactly that even spacing (a
// larger burst would fill a window at once and then depend on the server
// counting windows the same way). One Limiter shared by every request of a
// process keeps the whole process under the limit.
type Limiter struct {
	interval time.Duration
	bucket   *rate.Limiter // nil: no limit
}

// NewLimiter returns a limiter for perSecond requests a second; zero or
// negative means no limit.
func NewLimiter(perSecond float64) *Limiter {
	if perSecond <= 0 {
		return &Limiter{}
	}
	interval := time.Duration(float64(time.Second) / perSecond)
	return &Limiter{interval: interval, bucket: rate.NewLimiter(rate.Every(interval), 1)}
}

// Interval returns the spacing between requests (0: no limit).
func (l *Limiter) Interval() time.Duration { return l.interval }

// Wait blocks until the caller may send a request, or ctx ends. A slot
// given up by cancellation goes back to the bucket only as far as no later
// request has been promised it, so spacing holds either way. When ctx's
// deadline comes before the slot, Wait fails at once rather than wait in
// vain.
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.bucket == nil {
		return nil
	}
	if err := l.bucket.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The bucket knows the slot comes after ctx's deadline.
		return fmt.Errorf("%w: the next request may start only after the deadline (%v)", context.DeadlineExceeded, err)
	}
	return nil
}

package fetch

import (
	"context"
	"errors"

	"github.com/sourcegraph/conc/pool"
)

// DefaultConcurrency is how many candidates FetchCandidates fetches at
// once. The rate limiter, not this, bounds the request rate; this only has
// to cover the API's latency (10 requests a second at up to 800 ms each).
const DefaultConcurrency = 8

// CandidateInterviews is one candidate's interviews, or why they could not
// be fetched.
type CandidateInterviews struct {
	// Email is the candidate's email as asked for (FetchCandidates) or as
	// the first interview spells it (GroupByCandidate).
	Email      string
	Interviews []LiveInterview
	// Err says why this candidate's interviews are missing; nil when
	// Interviews is complete.
	Err error
}

// FetchCandidates fetches the interviews of every email concurrently
// (concurrency 0 means DefaultConcurrency), in the order given. A source's
// own limiter keeps the whole batch under the API's rate limit.
//
// A failure that concerns one candidate (retries exhausted, a malformed
// answer) is recorded in that candidate's Err and the batch goes on. A
// failure that would hit every candidate (a refused key, a denied
// permission, an insecure URL) or the end of ctx stops the batch: the
// fetches in flight are cancelled and the error is returned, with the
// results so far.
func FetchCandidates(ctx context.Context, src Source, emails []string, concurrency int) ([]CandidateInterviews, error) {
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	out := make([]CandidateInterviews, len(emails))
	p := pool.New().WithMaxGoroutines(concurrency).WithContext(ctx).WithCancelOnError().WithFirstError()
	for i, email := range emails {
		out[i].Email = email
		if ctx.Err() != nil {
			// Stopped: queue nothing more, Wait reports why.
			out[i].Err = ctx.Err()
			continue
		}
		p.Go(func(ctx context.Context) error {
			lis, err := src.Interviews(ctx, email)
			out[i].Interviews, out[i].Err = lis, err
			if isFatal(err) {
				return err
			}
			return nil
		})
	}
	err := p.Wait()
	if err == nil {
		// The pool's context ended without a fatal error from a task
		// only when the caller's did.
		err = ctx.Err()
	}
	return out, err
}

// isFatal reports whether err would recur for every other candidate.
func isFatal(err error) bool {
	return errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrAccessDenied) || errors.Is(err, ErrInsecureURL) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

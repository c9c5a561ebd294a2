package fetch_test

import (
	"context"

	"github.com/sourcegraph/conc/pool"

	"github.com/anonymize/anonymize/fetch"
)

// The tests read the API source the way a batch does: many candidates
// concurrently through one source, whose limiter keeps them all under the
// rate limit.

// fetched is one candidate's interviews, or why they could not be fetched.
type fetched struct {
	Email      string
	Interviews []fetch.LiveInterview
	Err        error
}

// fetchCandidates fetches the interviews of every email concurrently
// (concurrency 0 means 8), in the order given. A source's
// own limiter keeps the whole batch under the API's rate limit.
//
// A failure that concerns one candidate (retries exhausted, a malformed
// answer) is recorded in that candidate's Err and the batch goes on. A
// failure that would hit every candidate (a refused key, a denied
// permission, an insecure URL) or the end of ctx stops the batch: the
// fetches in flight are cancelled and the error is returned, with the
// results so far.
func fetchCandidates(ctx context.Context, src fetch.Source, emails []string, concurrency int) ([]fetched, error) {
	if concurrency <= 0 {
		concurrency = 8
	}
	out := make([]fetched, len(emails))
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
			if fetch.IsFatal(err) {
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

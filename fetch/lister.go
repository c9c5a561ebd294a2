package fetch

import "context"

// Lister yields every live interview of the company, for batches that work
// on a time window (--since) rather than on named candidates. APISource and
// FileSource implement it.
type Lister interface {
	// AllInterviews returns every live interview (neither deleted nor
	// archived) in the API's order.
	AllInterviews(ctx context.Context) ([]LiveInterview, error)
}

var (
	_ Lister = (*APISource)(nil)
	_ Lister = (*FileSource)(nil)
)

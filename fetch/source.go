package fetch

import "context"

// Source yields the interviews of one candidate.
type Source interface {
	// Interviews returns every live interview (neither deleted nor archived)
	// of the candidate with that email, in the API's order (startDate
	// descending, then id). Pending and active interviews are included;
	// callers check Held.
	Interviews(ctx context.Context, candidateEmail string) ([]LiveInterview, error)
}

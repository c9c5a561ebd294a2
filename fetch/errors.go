package fetch

import (
	"context"
	"errors"
)

// Errors APISource returns, for callers that choose exit codes or decide
// whether to go on with other candidates (errors.Is). The messages built
// around them say what happened and what to do.
var (
	// ErrUnauthorized: the API refused the key (HTTP 401). Retrying cannot
	// help; another key can.
	ErrUnauthorized = errors.New("CodeSignal refused the API key")
	// ErrAccessDenied: the key is valid but lacks the permission for a
	// field ("Access Denied").
	ErrAccessDenied = errors.New("CodeSignal denied access")
	// ErrRateLimited: the API still said "too often" after every retry.
	ErrRateLimited = errors.New("CodeSignal rate limit exceeded")
	// ErrUnavailable: network errors, timeouts or HTTP 5xx outlasted every
	// retry.
	ErrUnavailable = errors.New("CodeSignal API unavailable")
	// ErrMalformedResponse: the answer was not the GraphQL response the
	// schema promises.
	ErrMalformedResponse = errors.New("malformed response from the CodeSignal API")
	// ErrQuery: the API rejected the query itself (a GraphQL error other
	// than the above), which points at a bug in this client or a schema
	// change.
	ErrQuery = errors.New("CodeSignal rejected the query")
	// ErrInsecureURL: the API URL would send the key in clear text.
	ErrInsecureURL = errors.New("insecure API URL")
	// ErrUnreachable: the API's host name does not resolve, or its
	// certificate is not valid for it. Retrying cannot help; fixing the URL
	// or the machine's trust store can.
	ErrUnreachable = errors.New("CodeSignal API unreachable")
)

// IsFatal reports whether err, met fetching one candidate's interviews,
// would recur for every other candidate (a refused key, a denied
// permission, an insecure or unreachable URL) or ends the work (the
// context), so that a batch stops rather than failing each candidate alike.
func IsFatal(err error) bool {
	return errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrAccessDenied) ||
		errors.Is(err, ErrInsecureURL) || errors.Is(err, ErrUnreachable) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

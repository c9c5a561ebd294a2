package codesignaltest

import (
	"encoding/json"
	"maps"
	"net/http"
	"sync"
	"sync/atomic"
)

// Stats counts what the server served since it started. Once every request
// to /graphql has been answered, Requests is the sum of OK, QueryErrors,
// Unauthorized, InjectedErrors, BadRequests and Abandoned; the counters
// between them break QueryErrors down.
type Stats struct {
	Requests int64 `json:"requests"`

	OK          int64 `json:"ok"`          // served without errors
	QueryErrors int64 `json:"queryErrors"` // answered with GraphQL errors, of any kind
	// Breakdown of QueryErrors. RateLimited, AccessDenied and PageSize
	// count fields (a query may hit several); the caps count queries.
	RateLimited   int64 `json:"rateLimited"`   // fields refused by the rate limit
	AccessDenied  int64 `json:"accessDenied"`  // fields refused by Deny
	PageSize      int64 `json:"pageSize"`      // list fields refused for first > 20 (or negative)
	CostExceeded  int64 `json:"costExceeded"`  // queries over the cost cap
	DepthExceeded int64 `json:"depthExceeded"` // queries over the depth cap

	Unauthorized   int64 `json:"unauthorized"`   // HTTP 401: missing or wrong key
	InjectedErrors int64 `json:"injectedErrors"` // HTTP 5xx injected by ErrorRate
	BadRequests    int64 `json:"badRequests"`    // not a GraphQL POST
	Abandoned      int64 `json:"abandoned"`      // the client left before the answer (during Latency)

	// Fields counts the uses of each Query field that were admitted (not
	// denied, not rate-limited), once per request.
	Fields map[string]int64 `json:"fields"`
	// PeakPerWindow is, for each field, the most admitted uses by one key
	// within one rate-limit window (one second). It never exceeds the rate
	// limit; RateLimited says whether anyone tried.
	PeakPerWindow map[string]int `json:"peakPerWindow"`
}

// counters is the live form of Stats.
type counters struct {
	requests, ok, queryErrors, rateLimited, accessDenied, pageSizeRejected, costExceeded,
	depthExceeded, unauthorized, injectedErrors, badRequests, abandoned atomic.Int64

	mu     sync.Mutex
	fields map[string]int64
	peaks  map[string]int
}

func (c *counters) init() {
	c.fields = map[string]int64{}
	c.peaks = map[string]int{}
}

func (c *counters) field(name string) {
	c.mu.Lock()
	c.fields[name]++
	c.mu.Unlock()
}

func (c *counters) peak(field string, n int) {
	c.mu.Lock()
	if n > c.peaks[field] {
		c.peaks[field] = n
	}
	c.mu.Unlock()
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	c := &s.stats
	c.mu.Lock()
	fields, peaks := maps.Clone(c.fields), maps.Clone(c.peaks)
	c.mu.Unlock()
	return Stats{
		Requests:       c.requests.Load(),
		OK:             c.ok.Load(),
		QueryErrors:    c.queryErrors.Load(),
		RateLimited:    c.rateLimited.Load(),
		AccessDenied:   c.accessDenied.Load(),
		PageSize:       c.pageSizeRejected.Load(),
		CostExceeded:   c.costExceeded.Load(),
		DepthExceeded:  c.depthExceeded.Load(),
		Unauthorized:   c.unauthorized.Load(),
		InjectedErrors: c.injectedErrors.Load(),
		BadRequests:    c.badRequests.Load(),
		Abandoned:      c.abandoned.Load(),
		Fields:         fields,
		PeakPerWindow:  peaks,
	}
}

// serveStats answers /debug/stats with Stats as JSON. It needs no key: the
// counters reveal nothing of the seeded data.
func (s *Server) serveStats(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(s.Stats()) //nolint:errcheck // the client is gone if this fails
}

package codesignaltest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/anonymize/anonymize/fetch"
)

// The API's documented limits (schema.graphql, header comment).
const (
	DefaultRateLimit = 10    // requests per second, per key and field
	DefaultMaxCost   = 10000 // summed cost of a query's fields
	DefaultMaxDepth  = 10    // nesting of a query's selections
)

// Config says what the server serves and which faults it injects. The zero
// value of every fault option means "behave like the real API".
type Config struct {
	// Data seeds the organisation; typically Sample() or a decoded export.
	Data fetch.Export
	// APIKey is the only key accepted in "Authorization: Bearer <key>". It
	// must not be empty: an API without a key would test nothing.
	APIKey string

	// RateLimit is the number of requests per second allowed per key and
	// field, over any sliding one-second window. 0 means the documented
	// DefaultRateLimit; a negative value turns the limit off.
	RateLimit int
	// MaxCost caps a query's summed cost; 0 means DefaultMaxCost.
	MaxCost int
	// MaxDepth caps a query's nesting; 0 means DefaultMaxDepth.
	MaxDepth int

	// Latency delays every answer by this much.
	Latency time.Duration
	// ErrorRate is the fraction of requests answered with HTTP 500, 502 or
	// 503 instead of being served (0 to 1).
	ErrorRate float64
	// Deny lists Query fields answered with "Access Denied", as for a key
	// that lacks the permission.
	Deny []string
	// Seed makes injected errors reproducible: the n-th request gets the
	// same fate on every run with the same seed.
	Seed uint64

	// Webhook, when its URL is set, makes the server send CodeSignal's
	// webhooks for changes made through EditFeedback and FinishInterview
	// (or POST /admin/feedback and /admin/finish); see webhooks.go.
	Webhook WebhookConfig
}

// Server is the simulated API. It is an http.Handler serving /graphql and
// /debug/stats; Start runs it on a listener of its own.
type Server struct {
	cfg     Config
	schema  *graphql.Schema
	ordered []*liveInterviewR          // every interview, in the API's order
	byID    map[string]*liveInterviewR // liveInterview(liveInterviewId)
	users   map[string]*userR          // interviewers by id
	deny    map[string]bool

	stats   counters
	limiter windowLimiter

	faultMu sync.Mutex
	faults  *rand.Rand // guarded by faultMu

	mux *http.ServeMux

	// dataMu guards the seeded data: queries read it, the admin edits
	// (edit.go) change it.
	dataMu  sync.RWMutex
	webhook *webhookSender // nil without Config.Webhook.URL

	srvMu sync.Mutex
	srv   *http.Server
	url   string
}

// New builds a server from cfg. It fails when the configuration could not
// describe a working API (no key, an error rate outside 0..1, a field to
// deny that the schema does not have).
func New(cfg Config) (*Server, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("codesignaltest: Config.APIKey is empty; the simulator only serves requests with a key")
	}
	if cfg.ErrorRate < 0 || cfg.ErrorRate > 1 {
		return nil, fmt.Errorf("codesignaltest: error rate %v is outside 0..1", cfg.ErrorRate)
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.MaxCost <= 0 {
		cfg.MaxCost = DefaultMaxCost
	}
	if cfg.MaxDepth <= 0 {
		cfg.MaxDepth = DefaultMaxDepth
	}
	s := &Server{
		cfg:     cfg,
		byID:    map[string]*liveInterviewR{},
		users:   map[string]*userR{},
		deny:    map[string]bool{},
		faults:  rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		limiter: windowLimiter{limit: cfg.RateLimit, window: time.Second, seen: map[limitKey][]time.Time{}},
	}
	s.stats.init()
	schema, err := graphql.ParseSchema(schemaText, &query{s: s},
		graphql.UseFieldResolvers(),
		graphql.MaxDepth(cfg.MaxDepth),
	)
	if err != nil {
		// The schema is embedded and the resolvers are ours: this is a bug
		// in this package, reported rather than panicked on.
		return nil, fmt.Errorf("codesignaltest: building the schema: %w", err)
	}
	s.schema = schema
	for _, f := range cfg.Deny {
		if !slices.Contains(queryFields, f) {
			return nil, fmt.Errorf("codesignaltest: cannot deny %q: Query has no such field (it has %v)", f, queryFields)
		}
		s.deny[f] = true
	}

	lis := slices.Clone(cfg.Data.LiveInterviews)
	fetch.SortInterviews(lis)
	for _, li := range lis {
		if _, dup := s.byID[li.ID]; dup {
			return nil, fmt.Errorf("codesignaltest: seed data: interview id %q appears twice", li.ID)
		}
		r := toInterviewR(li)
		s.ordered = append(s.ordered, r)
		s.byID[li.ID] = r
		if r.InterviewersFeedback != nil {
			for _, fb := range *r.InterviewersFeedback {
				if _, ok := s.users[string(fb.Author.ID)]; !ok {
					s.users[string(fb.Author.ID)] = fb.Author
				}
			}
		}
	}

	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/graphql", s.serveGraphQL)
	s.mux.HandleFunc("/debug/stats", s.serveStats)
	s.mux.HandleFunc("/admin/feedback", s.serveAdminFeedback)
	s.mux.HandleFunc("/admin/finish", s.serveAdminFinish)
	if cfg.Webhook.URL != "" {
		if s.webhook, err = newWebhookSender(cfg.Webhook, cfg.Seed); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// queryFields are the fields of the schema's Query type.
var queryFields = []string{"liveInterview", "liveInterviews", "companyTestSession", "companyTestSessions", "companyTest", "user"}

// ServeHTTP routes /graphql and /debug/stats.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background.
// It returns the base URL, http://HOST:PORT; the GraphQL endpoint is the
// base URL followed by /graphql.
func (s *Server) Start(addr string) (string, error) {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.srv != nil {
		return "", errors.New("codesignaltest: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("codesignaltest: listening on %s: %w", addr, err)
	}
	host, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		ln.Close()
		return "", fmt.Errorf("codesignaltest: listener address %s: %w", ln.Addr(), err)
	}
	// A wildcard listener is reachable on loopback; name that, since
	// clients only send keys over plain HTTP to loopback addresses.
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	s.url = "http://" + net.JoinHostPort(host, port)
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln) //nolint:errcheck // Serve always returns an error after Shutdown/Close.
	return s.url, nil
}

// URL returns the base URL after Start, else "".
func (s *Server) URL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.url
}

// GraphQLURL returns the GraphQL endpoint after Start, else "".
func (s *Server) GraphQLURL() string {
	if u := s.URL(); u != "" {
		return u + "/graphql"
	}
	return ""
}

// Shutdown stops a started server gracefully: it stops accepting
// connections and waits for requests in flight, until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	if srv := s.stopWebhooks(); srv != nil {
		return srv.Shutdown(ctx)
	}
	return nil
}

// Close stops a started server at once, dropping requests in flight.
func (s *Server) Close() error {
	if srv := s.stopWebhooks(); srv != nil {
		return srv.Close()
	}
	return nil
}

// stopWebhooks stops sending webhooks and returns the HTTP server, nil
// when the server was not started.
func (s *Server) stopWebhooks() *http.Server {
	s.webhook.stop()
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.srv
}

// request is what one HTTP request carries through graphql-go to the
// resolvers.
type request struct {
	key    string
	dryRun bool
	cost   atomic.Int64

	mu sync.Mutex
	// admitted remembers each field's admission (deny and rate limit) so
	// that aliases of one field count as one use of it, as one request.
	admitted map[string]error
}

type requestKey struct{}

func requestFrom(ctx context.Context) *request {
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

func isDryRun(ctx context.Context) bool {
	r := requestFrom(ctx)
	return r != nil && r.dryRun
}

// enter is called by every Query resolver first. In the dry run it only
// adds the field's cost; in the real run it applies the field's access and
// rate limit, once per request.
func (s *Server) enter(ctx context.Context, field string, cost int) error {
	r := requestFrom(ctx)
	if r == nil {
		return errors.New("internal error: request state missing")
	}
	if r.dryRun {
		r.cost.Add(int64(cost))
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err, done := r.admitted[field]; done {
		return err
	}
	var err error
	switch {
	case s.deny[field]:
		s.stats.accessDenied.Add(1)
		err = errors.New("Access Denied")
	case !s.limiter.allow(limitKey{key: r.key, field: field}, time.Now(), &s.stats):
		s.stats.rateLimited.Add(1)
		err = fmt.Errorf("You are trying to access '%s' too often", field)
	default:
		s.stats.field(field)
	}
	r.admitted[field] = err
	return err
}

// graphQLRequest is the POST body of a GraphQL request.
type graphQLRequest struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
}

// maxBody bounds a request body; real queries are a few kilobytes.
const maxBody = 1 << 20

func (s *Server) serveGraphQL(w http.ResponseWriter, req *http.Request) {
	s.stats.requests.Add(1)
	// Read the body before anything else: net/http notices that a client
	// hung up (and cancels the request's context) only once the body has
	// been read, and the latency below must end when the client gives up.
	raw, readErr := io.ReadAll(io.LimitReader(req.Body, maxBody+1))
	if !s.wait(req) {
		return
	}
	if code := s.injectedError(); code != 0 {
		s.stats.injectedErrors.Add(1)
		// A gateway in front of the API answers in plain text, not JSON.
		http.Error(w, strconv.Itoa(code)+" "+http.StatusText(code)+" (injected by codesignaltest)", code)
		return
	}
	key, ok := s.authorize(req)
	if !ok {
		s.stats.unauthorized.Add(1)
		w.Header().Set("WWW-Authenticate", `Bearer realm="codesignal"`)
		writeJSONError(w, http.StatusUnauthorized, "Unauthorized: missing or invalid API key")
		return
	}
	if req.Method != http.MethodPost {
		s.stats.badRequests.Add(1)
		w.Header().Set("Allow", http.MethodPost)
		writeJSONError(w, http.StatusMethodNotAllowed, "use POST with a JSON body {query, variables}")
		return
	}
	body, err := decodeGraphQLRequest(raw, readErr)
	if err != nil {
		s.stats.badRequests.Add(1)
		writeJSONError(w, http.StatusBadRequest, "request body is not a GraphQL request: "+err.Error())
		return
	}
	if !s.withinCost(w, req, key, body) {
		return
	}
	live := &request{key: key, admitted: map[string]error{}}
	s.dataMu.RLock()
	resp := s.schema.Exec(context.WithValue(req.Context(), requestKey{}, live), body.Query, body.OperationName, body.Variables)
	s.dataMu.RUnlock()
	if len(resp.Errors) > 0 {
		s.stats.queryErrors.Add(1)
	} else {
		s.stats.ok.Add(1)
	}
	writeResponse(w, resp)
}

// wait holds the answer for the configured latency; false when the client
// gave up meanwhile (a timeout, a cancellation): nobody reads the answer.
func (s *Server) wait(req *http.Request) bool {
	if s.cfg.Latency <= 0 {
		return true
	}
	t := time.NewTimer(s.cfg.Latency)
	select {
	case <-t.C:
		return true
	case <-req.Context().Done():
		t.Stop()
		s.stats.abandoned.Add(1)
		return false
	}
}

// decodeGraphQLRequest reads a request body read as raw (readErr: reading
// it failed), with its numbers exact.
func decodeGraphQLRequest(raw []byte, readErr error) (graphQLRequest, error) {
	var body graphQLRequest
	if readErr != nil {
		return body, readErr
	}
	if len(raw) > maxBody {
		return body, fmt.Errorf("larger than %d bytes", maxBody)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return body, err
	}
	body.Variables = plainNumbers(body.Variables)
	return body, nil
}

// withinCost runs the query with resolvers that only add up its cost, so
// that a query over the cap is rejected as a whole, before any of it runs
// or counts against a rate limit. It also validates the query (syntax,
// fields, depth), which the real run would repeat. false: the query was
// refused, and the answer written.
func (s *Server) withinCost(w http.ResponseWriter, req *http.Request, key string, body graphQLRequest) bool {
	dry := &request{key: key, dryRun: true}
	ctx := context.WithValue(req.Context(), requestKey{}, dry)
	resp := s.schema.Exec(ctx, body.Query, body.OperationName, body.Variables)
	if len(resp.Errors) > 0 {
		for _, e := range resp.Errors {
			if e.Rule == "MaxDepthExceeded" {
				s.stats.depthExceeded.Add(1)
				break
			}
		}
		s.stats.queryErrors.Add(1)
		writeResponse(w, &graphql.Response{Errors: resp.Errors})
		return false
	}
	if cost := dry.cost.Load(); cost > int64(s.cfg.MaxCost) {
		s.stats.costExceeded.Add(1)
		s.stats.queryErrors.Add(1)
		writeResponse(w, &graphql.Response{Errors: []*gqlerrors.QueryError{{
			Message: fmt.Sprintf("Query cost %d exceeds the maximum cost of %d", cost, s.cfg.MaxCost),
		}}})
		return false
	}
	return true
}

// plainNumbers turns the json.Numbers of decoded variables into the Go
// types graphql-go expects (int32 for Int fits, float64 otherwise), keeping
// integers exact rather than passing them through float64.
func plainNumbers(v map[string]any) map[string]any {
	for k, x := range v {
		v[k] = plainNumber(x)
	}
	return v
}

func plainNumber(x any) any {
	switch t := x.(type) {
	case json.Number:
		if n, err := t.Int64(); err == nil {
			if n == int64(int32(n)) {
				return int32(n)
			}
			return n
		}
		f, _ := t.Float64()
		return f
	case map[string]any:
		return plainNumbers(t)
	case []any:
		for i := range t {
			t[i] = plainNumber(t[i])
		}
	}
	return x
}

// authorize checks the bearer key in constant time and returns it.
func (s *Server) authorize(req *http.Request) (string, bool) {
	const prefix = "Bearer "
	h := req.Header.Get("Authorization")
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		return "", false
	}
	key := h[len(prefix):]
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.cfg.APIKey)) != 1 {
		return "", false
	}
	return key, true
}

// injectedError decides, from the seeded generator, whether this request
// fails with a server error, and which.
func (s *Server) injectedError() int {
	if s.cfg.ErrorRate <= 0 {
		return 0
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	if s.faults.Float64() >= s.cfg.ErrorRate {
		return 0
	}
	return []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[s.faults.IntN(3)]
}

func writeJSONError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"message": msg}}}) //nolint:errcheck // the client is gone if this fails
}

func writeResponse(w http.ResponseWriter, resp *graphql.Response) {
	b, err := json.Marshal(resp)
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "encoding the response: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b) //nolint:errcheck // the client is gone if this fails
}

// limitKey identifies one rate-limit budget: a key's use of a field.
type limitKey struct{ key, field string }

// windowLimiter allows at most limit requests per key and field in any
// sliding window: stricter than a fixed window per wall-clock second, so a
// client that passes here passes there too.
type windowLimiter struct {
	limit  int
	window time.Duration

	mu   sync.Mutex
	seen map[limitKey][]time.Time // admitted requests within the window, oldest first
}

func (l *windowLimiter) allow(k limitKey, now time.Time, st *counters) bool {
	if l.limit < 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ts := l.seen[k]
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-l.window)) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.limit {
		l.seen[k] = ts
		return false
	}
	ts = append(ts, now)
	l.seen[k] = ts
	st.peak(k.field, len(ts))
	return true
}

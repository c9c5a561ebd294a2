package fetch

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	graphql "github.com/hasura/go-graphql-client"
)

// DefaultAPIURL is CodeSignal's GraphQL endpoint.
const DefaultAPIURL = "https://app.codesignal.com/graphql"

// PageSize is the first argument of every page: the largest the API allows
// public clients.
const PageSize = 20

// APIOptions tunes an APISource. The zero value is right for CodeSignal.
type APIOptions struct {
	// RateLimit is the API's limit in requests a second (0: the documented
	// DefaultRateLimit; negative: no client-side limit, for tests). The
	// source sends at 95% of it, see Limiter. Ignored when Limiter is set.
	RateLimit float64
	// Limiter, when set, is shared with whatever else uses it, so that
	// several sources of one process stay under one limit together.
	Limiter *Limiter
	// Timeout bounds each attempt of a request (0: 30s). A request that
	// times out is retried.
	Timeout time.Duration
	// MaxAttempts bounds the attempts of one request, the first included
	// (0: 8). Network errors, timeouts, HTTP 429 and 5xx, and the API's
	// "too often" error are retried; nothing else is.
	MaxAttempts int
	// BaseDelay is the pause before the first retry (0: 250ms); it doubles
	// with each retry, with random jitter, up to MaxDelay (0: 15s). After a
	// rate-limit error the pause is at least one second, the API's window.
	BaseDelay, MaxDelay time.Duration
	// Logf, when set, is told about each retry. Its messages never contain
	// the API key.
	Logf func(format string, args ...any)
	// MaxResponse bounds the size of one response body (0:
	// DefaultMaxResponse). A larger answer fails at once, without
	// retries, having cost at most that much memory.
	MaxResponse int64
	// ObserveRequest, when set, is told how long each attempt of a request
	// took (the wait for the rate limit not included) and how it ended,
	// for latency metrics.
	ObserveRequest func(d time.Duration, err error)
}

// The defaults of APIOptions.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMaxAttempts = 8
	DefaultBaseDelay   = 250 * time.Millisecond
	DefaultMaxDelay    = 15 * time.Second
	// rateWindow is the API's rate-limit window: after a "too often" error
	// waiting less than this cannot help.
	rateWindow = time.Second
	// maxRetryAfter caps how long a server's Retry-After may hold a batch.
	maxRetryAfter = time.Minute
	// DefaultMaxResponse: a page holds at most 20 interviews; 64 MiB is
	// hundreds of times what a real one takes.
	DefaultMaxResponse = 64 << 20
)

func (o APIOptions) withDefaults() APIOptions {
	if o.Limiter == nil {
		rate := o.RateLimit
		if rate == 0 {
			rate = DefaultRateLimit
		}
		o.Limiter = NewLimiter(rate * rateHeadroom)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = DefaultBaseDelay
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.MaxDelay < o.BaseDelay {
		o.MaxDelay = o.BaseDelay
	}
	if o.MaxResponse <= 0 {
		o.MaxResponse = DefaultMaxResponse
	}
	return o
}

// APISource reads interviews from CodeSignal's GraphQL API (or the
// simulator in fetch/codesignaltest). It is safe for concurrent use; all
// its requests share one rate limiter.
type APISource struct {
	endpoint string // as given, for requests
	shown    string // without userinfo, for messages
	userinfo []string
	key      APIKey
	client   *graphql.Client
	opts     APIOptions
}

var _ Source = (*APISource)(nil)

// NewAPISource returns a source for the GraphQL endpoint (DefaultAPIURL when
// empty; the simulator's is its base URL followed by /graphql) that
// authenticates with key. It refuses an http:// endpoint unless it is on the
// loopback interface, so the key never crosses a network in clear text.
func NewAPISource(endpoint string, key APIKey, opts APIOptions) (*APISource, error) {
	if endpoint == "" {
		endpoint = DefaultAPIURL
	}
	if err := checkEndpoint(endpoint); err != nil {
		return nil, err
	}
	if key.IsZero() {
		return nil, ErrNoAPIKey
	}
	s := &APISource{endpoint: endpoint, shown: RedactURL(endpoint), key: key, opts: opts.withDefaults()}
	if u, err := url.Parse(endpoint); err == nil && u.User != nil {
		// Every form a lower layer may print it in.
		s.userinfo = []string{u.User.String() + "@", u.User.Username() + ":xxxxx@", u.User.Username() + ":***@"}
		if p, ok := u.User.Password(); ok && len(p) >= 4 {
			s.userinfo = append(s.userinfo, p)
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// Keep a connection per concurrent fetch instead of reopening them.
	tr.MaxIdleConnsPerHost = 32
	hc := &http.Client{
		Transport: tr,
		// Never follow a redirect: it could carry the key to another host
		// or down to plain HTTP, and a GraphQL endpoint has no reason to
		// redirect a POST. The 3xx is reported instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	s.client = graphql.NewClient(endpoint, recordingDoer{hc, s.opts.MaxResponse}).WithRequestModifier(func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+key.Reveal())
	})
	return s, nil
}

// RedactURL returns a URL for messages and files: without its userinfo
// (user:password@), which may hold a credential. A string that does not
// parse as a URL is returned with anything up to an '@' before the first
// '/' after the scheme removed.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err == nil {
		u.User = nil
		return u.String()
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	host, path, _ := strings.Cut(rest, "/")
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	if path != "" || strings.Contains(rest, "/") {
		return scheme + "://" + host + "/" + path
	}
	return scheme + "://" + host
}

// checkEndpoint accepts https:// URLs, and http:// URLs on loopback only.
func checkEndpoint(raw string) error {
	endpoint := RedactURL(raw)
	u, err := url.Parse(raw)
	if err != nil {
		// url's message quotes the URL: leave it out.
		return fmt.Errorf("API URL %q: not a URL", endpoint)
	}
	if u.Host == "" {
		return fmt.Errorf("API URL %q has no host: give a full URL such as %s", endpoint, DefaultAPIURL)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%w: %s would send the API key unencrypted; use https://, or http:// only on the loopback interface (127.0.0.1, ::1, localhost) such as the simulator", ErrInsecureURL, endpoint)
	}
	return fmt.Errorf("API URL %q: scheme %q is not supported; use https://", endpoint, u.Scheme)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Endpoint returns the GraphQL endpoint the source talks to, without any
// userinfo (see RedactURL).
func (s *APISource) Endpoint() string { return s.shown }

// Interviews returns the candidate's live interviews (deleted and archived
// ones skipped; pending and active ones kept, see Held), in the API's order.
func (s *APISource) Interviews(ctx context.Context, candidateEmail string) ([]LiveInterview, error) {
	if strings.TrimSpace(candidateEmail) == "" {
		return nil, errors.New("fetching interviews: the candidate email is empty")
	}
	lis, err := s.list(ctx, &candidateEmail)
	if err != nil {
		return nil, fmt.Errorf("fetching the interviews of %s: %w", candidateEmail, err)
	}
	return lis, nil
}

// AllInterviews returns every live interview of the company (the query
// without candidateEmail), deleted and archived ones skipped, in the API's
// order. It pages through all of them: the API's order is not documented,
// so no page can be known to be the last one of interest.
func (s *APISource) AllInterviews(ctx context.Context) ([]LiveInterview, error) {
	lis, err := s.list(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("fetching all interviews: %w", err)
	}
	return lis, nil
}

// Interview returns one interview by id, whatever its status, or nil when
// the API does not know the id.
func (s *APISource) Interview(ctx context.Context, id string) (*LiveInterview, error) {
	data, err := s.do(ctx, "liveInterview", oneQuery, map[string]any{"id": id})
	if err != nil {
		return nil, fmt.Errorf("fetching interview %s: %w", id, err)
	}
	var out struct {
		LiveInterview *LiveInterview `json:"liveInterview"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("fetching interview %s: %w: %w", id, ErrMalformedResponse, describeJSONError(err))
	}
	if out.LiveInterview != nil {
		if err := out.LiveInterview.validate(); err != nil {
			return nil, fmt.Errorf("fetching interview %s: %w: %w", id, ErrMalformedResponse, err)
		}
	}
	return out.LiveInterview, nil
}

// list pages liveInterviews, for one candidate or (email nil) for all.
func (s *APISource) list(ctx context.Context, email *string) ([]LiveInterview, error) {
	doc := allQuery
	if email != nil {
		doc = candidateQuery
	}
	seen := map[string]bool{}
	out := []LiveInterview{}
	for offset := 0; ; offset += PageSize {
		vars := map[string]any{"first": PageSize, "offset": offset}
		if email != nil {
			vars["candidateEmail"] = *email
		}
		data, err := s.do(ctx, "liveInterviews", doc, vars)
		if err != nil {
			return nil, err
		}
		page, err := DecodeExport("response", bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%w at offset %d: %w", ErrMalformedResponse, offset, err)
		}
		n := len(page.LiveInterviews)
		if n > PageSize {
			return nil, fmt.Errorf("%w: %d interviews in a page of first: %d", ErrMalformedResponse, n, PageSize)
		}
		fresh := 0
		for _, li := range page.LiveInterviews {
			// Offset paging over data that changes meanwhile can repeat an
			// interview across pages; keep the first copy.
			if seen[li.ID] {
				continue
			}
			seen[li.ID] = true
			fresh++
			// The server matches emails itself; checking again keeps
			// another candidate's notes out of a packet whatever it does.
			if li.Live() && (email == nil || SameEmail(li.CandidateEmail, *email)) {
				out = append(out, li)
			}
		}
		if n < PageSize {
			break
		}
		if fresh == 0 {
			return nil, fmt.Errorf("%w: the page at offset %d repeats earlier interviews only; the API seems to ignore offset", ErrMalformedResponse, offset)
		}
	}
	SortInterviews(out)
	return out, nil
}

// Limiter returns the limiter the source's requests wait on.
func (s *APISource) Limiter() *Limiter { return s.opts.Limiter }

// do sends one request, retrying what may succeed on another attempt, and
// turns a final failure into an error that says what to do.
func (s *APISource) do(ctx context.Context, field, doc string, vars map[string]any) (json.RawMessage, error) {
	for attempt := 1; ; attempt++ {
		if err := s.opts.Limiter.Wait(ctx); err != nil {
			return nil, err
		}
		rec := &exchange{}
		actx, cancel := context.WithTimeout(context.WithValue(ctx, exchangeKey{}, rec), s.opts.Timeout)
		began := time.Now()
		data, err := s.client.ExecRaw(actx, doc, vars)
		timedOut := actx.Err() != nil
		cancel()
		if s.opts.ObserveRequest != nil {
			s.opts.ObserveRequest(time.Since(began), err)
		}
		if err == nil {
			if len(bytes.TrimSpace(data)) == 0 || bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
				return nil, fmt.Errorf("%w: no data and no errors", ErrMalformedResponse)
			}
			return data, nil
		}
		f := s.explain(ctx, field, rec, timedOut, err)
		if !f.retry {
			return nil, f.err
		}
		if attempt >= s.opts.MaxAttempts {
			return nil, fmt.Errorf("giving up after %d attempts: %w", attempt, f.err)
		}
		pause := s.backoff(attempt, f, rec)
		if s.opts.Logf != nil {
			s.opts.Logf("%v; retrying in %v (attempt %d of %d)", f.err, pause.Round(time.Millisecond), attempt+1, s.opts.MaxAttempts)
		}
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

// backoff returns the pause before the next attempt: exponential, with
// jitter so that concurrent fetches that failed together do not retry
// together; never shorter than the server's Retry-After or, after a rate
// limit, than the API's window.
func (s *APISource) backoff(attempt int, f failure, rec *exchange) time.Duration {
	d := s.opts.BaseDelay << min(attempt-1, 30)
	if d <= 0 || d > s.opts.MaxDelay {
		d = s.opts.MaxDelay
	}
	d = d/2 + rand.N(d/2+1) // "equal jitter": half fixed, half random
	if f.rateLimited && d < rateWindow {
		d = rateWindow
	}
	if ra := retryAfter(rec.header); ra > d {
		d = min(ra, maxRetryAfter)
	}
	return d
}

// retryAfter reads a Retry-After header in seconds (the form APIs use);
// zero when absent or in another form.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

// exchange records what the HTTP layer saw of one request, which the
// GraphQL client does not pass on in a usable form.
type exchange struct {
	status int
	header http.Header
	// tooLarge is set when the body passed the size limit.
	tooLarge bool
}

type exchangeKey struct{}

// recordingDoer is the GraphQL client's HTTP client, noting each response's
// status and headers in the exchange carried by the request's context, and
// cutting every body at max bytes.
type recordingDoer struct {
	c   *http.Client
	max int64
}

// errTooLarge is what reading a body past the limit returns.
var errTooLarge = errors.New("response body over the size limit")

func (d recordingDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req)
	rec, _ := req.Context().Value(exchangeKey{}).(*exchange)
	if rec == nil {
		rec = &exchange{}
	}
	if resp == nil {
		return resp, err
	}
	rec.status, rec.header = resp.StatusCode, resp.Header
	if resp.ContentLength > d.max {
		resp.Body.Close()
		rec.tooLarge = true
		return nil, errTooLarge
	}
	resp.Body = &cappedBody{rc: resp.Body, left: d.max + 1, rec: rec}
	return resp, err
}

// cappedBody reads at most left-1 bytes of a body; one byte more fails
// the read with errTooLarge and marks the exchange.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
	rec  *exchange
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		b.rec.tooLarge = true
		return 0, errTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left <= 0 {
		b.rec.tooLarge = true
		return 0, errTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// failure is one failed attempt: the error to report and whether another
// attempt may succeed.
type failure struct {
	err   error
	retry bool
	// rateLimited asks for a pause of a whole rate-limit window before the
	// next attempt.
	rateLimited bool
}

var tooOften = regexp.MustCompile(`You are trying to access '([^']*)' too often`)

// explain classifies a failed exchange. Every message it builds goes
// through scrub, whatever the layers below put in it.
func (s *APISource) explain(ctx context.Context, field string, rec *exchange, timedOut bool, err error) failure {
	f := s.classify(ctx, field, rec, timedOut, err)
	if f.err != nil {
		f.err = scrubbed{err: f.err, msg: s.scrub(f.err.Error())}
	}
	return f
}

// scrub removes the API key and the endpoint's userinfo from a message.
func (s *APISource) scrub(msg string) string {
	msg = s.key.scrub(msg)
	for _, u := range s.userinfo {
		msg = strings.ReplaceAll(msg, u, "")
	}
	return msg
}

// permanent reports whether a transport error cannot go away by retrying:
// a host name that does not exist, or a certificate that is not valid for
// the host. A DNS timeout or a temporary failure is retried.
func permanent(err error) (string, bool) {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return "the host name " + dns.Name + " does not resolve; check the API URL", true
	}
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &unknown), errors.As(err, &hostname), errors.As(err, &invalid), errors.As(err, &verify):
		return "the server's certificate is not valid for it; check the API URL and the machine's trusted certificates", true
	}
	return "", false
}

func (s *APISource) classify(ctx context.Context, field string, rec *exchange, timedOut bool, err error) failure {
	if ctx.Err() != nil {
		// The caller gave up: say so, not what the cut connection did.
		return failure{err: ctx.Err()}
	}
	if rec.tooLarge {
		return failure{err: fmt.Errorf("%w: the answer from %s is larger than %d bytes; a page of %d interviews never is", ErrMalformedResponse, s.shown, s.opts.MaxResponse, PageSize)}
	}
	if timedOut {
		// Checked before the error's kind: a timeout while reading the
		// body shows up as a decoding error.
		return failure{err: fmt.Errorf("%w: no answer from %s within %v", ErrUnavailable, s.shown, s.opts.Timeout), retry: true}
	}
	if why, ok := permanent(err); ok {
		return failure{err: fmt.Errorf("%w: %s: %w", ErrUnreachable, why, err)}
	}
	var gerrs graphql.Errors
	if !errors.As(err, &gerrs) {
		return failure{err: fmt.Errorf("%w: %w", ErrUnavailable, err), retry: true}
	}
	switch st := rec.status; {
	case st == http.StatusUnauthorized:
		return failure{err: fmt.Errorf("%w: HTTP 401 Unauthorized from %s for %s; check that %s or the file given to --api-key-file holds a current key of your CodeSignal company",
			ErrUnauthorized, s.shown, s.key, APIKeyEnv)}
	case st == http.StatusForbidden:
		return failure{err: fmt.Errorf("%w: HTTP 403 Forbidden from %s for %s; the key lacks the permission to read %s: ask a CodeSignal company admin to grant it, or use another key",
			ErrAccessDenied, s.shown, s.key, permissionFor(field))}
	case st == http.StatusTooManyRequests:
		return failure{err: fmt.Errorf("%w: HTTP 429 Too Many Requests from %s", ErrRateLimited, s.shown), retry: true, rateLimited: true}
	case st >= 500:
		return failure{err: fmt.Errorf("%w: HTTP %d %s from %s", ErrUnavailable, st, http.StatusText(st), s.shown), retry: true}
	case st == http.StatusNotFound:
		return failure{err: fmt.Errorf("%w: HTTP 404 Not Found from %s: is this the GraphQL endpoint? CodeSignal's is %s, the simulator's is its base URL followed by /graphql",
			ErrQuery, s.shown, DefaultAPIURL)}
	case st >= 300 && st < 400:
		return failure{err: fmt.Errorf("%w: unexpected HTTP %d %s from %s (redirects are not followed, so that the key goes nowhere else): check the API URL",
			ErrQuery, st, http.StatusText(st), s.shown)}
	case st >= 400:
		return failure{err: fmt.Errorf("%w: HTTP %d %s from %s: %s", ErrQuery, st, http.StatusText(st), s.shown, s.bodyOf(gerrs))}
	}
	var msgs []string
	for _, e := range gerrs {
		inner := e.Unwrap()
		if inner == nil {
			msgs = append(msgs, e.Message)
			continue
		}
		// An error of the client itself: the request did not get an
		// answer, or the answer was not JSON.
		if code, _ := e.Extensions["code"].(string); code == graphql.ErrJsonDecode {
			return failure{err: fmt.Errorf("%w: %w", ErrMalformedResponse, inner)}
		}
		if why, ok := permanent(inner); ok {
			return failure{err: fmt.Errorf("%w: %s: %w", ErrUnreachable, why, inner)}
		}
		return failure{err: fmt.Errorf("%w: %w", ErrUnavailable, inner), retry: true}
	}
	for _, m := range msgs {
		if sub := tooOften.FindStringSubmatch(m); sub != nil {
			return failure{err: fmt.Errorf("%w: %s", ErrRateLimited, m), retry: true, rateLimited: true}
		}
		if strings.Contains(strings.ToLower(m), "access denied") {
			return failure{err: fmt.Errorf("%w: %q for %s on %s; the key lacks the permission to read %s: ask a CodeSignal company admin to grant it, or use another key",
				ErrAccessDenied, m, s.key, field, permissionFor(field))}
		}
	}
	return failure{err: fmt.Errorf("%w: %s", ErrQuery, strings.Join(msgs, "; "))}
}

// bodyOf returns the start of an HTTP error's body, for messages: scrubbed
// first and cut after, so that a key the server echoed near the cut cannot
// survive in part.
func (s *APISource) bodyOf(errs graphql.Errors) string {
	for _, e := range errs {
		var ne graphql.NetworkError
		if errors.As(e.Unwrap(), &ne) {
			b := strings.TrimSpace(s.scrub(ne.Body()))
			if len(b) > 200 {
				b = strings.ToValidUTF8(b[:200], "") + "..."
			}
			return b
		}
	}
	return "(no body)"
}

// permissionFor names, for messages, what a key needs to read a field.
func permissionFor(field string) string {
	switch field {
	case "liveInterview", "liveInterviews":
		return "live interviews (field " + field + ")"
	}
	return "field " + field
}

// scrubbed is an error whose message had the API key removed; it still
// unwraps to the original for errors.Is.
type scrubbed struct {
	err error
	msg string
}

func (e scrubbed) Error() string { return e.msg }
func (e scrubbed) Unwrap() error { return e.err }

package codesignaltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/anonymize/anonymize/fetch/webhook"
)

// The documented delivery behaviour (webhooks.md).
const (
	DefaultWebhookInterval    = time.Second      // events are sent about one a second
	DefaultWebhookMaxAttempts = 25               // then the webhook is disabled and its queue cleared
	DefaultWebhookTimeout     = 10 * time.Second // the receiver must answer within it
)

// WebhookConfig makes the simulator send webhooks as CodeSignal does: when
// its data changes, events are signed and POSTed one at a time, in order;
// anything but exactly 200 is a failure, retried after
// (failCount-1)^4 + 15 + random(30)*failCount seconds, while later events
// wait; after MaxAttempts consecutive failures the webhook is disabled and
// its queue cleared.
type WebhookConfig struct {
	// URL is the endpoint; an empty URL sends nothing. It is also the
	// endpointURL of the signature.
	URL string
	// Secret keys the signature.
	Secret string
	// Interval is the pause after each delivered event
	// (DefaultWebhookInterval when 0; negative means none).
	Interval time.Duration
	// RetryScale multiplies the documented retry delays, so that tests
	// see the schedule in milliseconds (1 when 0).
	RetryScale float64
	// MaxAttempts is DefaultWebhookMaxAttempts when 0.
	MaxAttempts int
	// Timeout bounds one attempt (DefaultWebhookTimeout when 0).
	Timeout time.Duration
	// SkipVerification leaves out the empty POST CodeSignal sends when a
	// webhook is created; by default it is sent first, once.
	SkipVerification bool
	// Client sends the requests; a client with Timeout when nil.
	Client *http.Client
}

// RetryDelay is the documented pause before retrying an event that failed
// failCount times (failCount >= 1), with r the random(30) draw (0..29).
func RetryDelay(failCount, r int) time.Duration {
	f := float64(failCount - 1)
	return time.Duration((math.Pow(f, 4) + 15 + float64(r*failCount)) * float64(time.Second))
}

// WebhookStats counts the webhook's deliveries.
type WebhookStats struct {
	Queued    int   // events waiting, including the one being sent
	Delivered int64 // events answered with 200
	Attempts  int64 // POSTs of events, retries included
	Failures  int64 // attempts not answered with 200
	Dropped   int64 // events cleared when the webhook was disabled
	Disabled  bool
	// Verification is the status of the empty verification POST (0 before
	// it was sent, -1 when it could not be sent).
	Verification int
	// LastStatus is the status of the last attempt (-1: no answer).
	LastStatus int
}

type webhookSender struct {
	cfg    WebhookConfig
	secret []byte
	client *http.Client

	mu      sync.Mutex
	queue   []webhook.Event
	lastTS  int64
	stats   WebhookStats
	wake    chan struct{}
	randGen *rand.Rand

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

func newWebhookSender(cfg WebhookConfig, seed uint64) (*webhookSender, error) {
	if cfg.Secret == "" {
		return nil, fmt.Errorf("codesignaltest: webhook %s: the secret is empty", cfg.URL)
	}
	if cfg.Interval == 0 {
		cfg.Interval = DefaultWebhookInterval
	}
	if cfg.RetryScale == 0 {
		cfg.RetryScale = 1
	}
	if cfg.RetryScale < 0 {
		return nil, fmt.Errorf("codesignaltest: webhook retry scale %v is negative", cfg.RetryScale)
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultWebhookMaxAttempts
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultWebhookTimeout
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{Timeout: cfg.Timeout}
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &webhookSender{
		cfg: cfg, secret: []byte(cfg.Secret), client: client,
		wake: make(chan struct{}, 1), randGen: rand.New(rand.NewPCG(seed, seed^0x5bd1e995)),
		ctx: ctx, cancel: cancel, done: make(chan struct{}),
	}
	go w.run()
	return w, nil
}

// enqueue stamps ev with its triggeredOn (strictly increasing, so that two
// changes never look like one event) and queues it.
func (w *webhookSender) enqueue(ev webhook.Event) webhook.Event {
	w.mu.Lock()
	ts := time.Now().UnixMilli()
	if ts <= w.lastTS {
		ts = w.lastTS + 1
	}
	w.lastTS = ts
	ev.TriggeredOn = ts
	if !w.stats.Disabled {
		w.queue = append(w.queue, ev)
	} else {
		w.stats.Dropped++
	}
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return ev
}

func (w *webhookSender) stop() {
	if w == nil {
		return
	}
	w.once.Do(func() {
		w.cancel()
		<-w.done
	})
}

// sleep waits d or until the sender stops; it reports whether to go on.
func (w *webhookSender) sleep(d time.Duration) bool {
	if d <= 0 {
		return w.ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-w.ctx.Done():
		return false
	}
}

func (w *webhookSender) run() {
	defer close(w.done)
	if !w.cfg.SkipVerification {
		code := w.post(nil, "")
		w.mu.Lock()
		w.stats.Verification = code
		w.mu.Unlock()
	}
	fails := 0
	for {
		w.mu.Lock()
		if len(w.queue) == 0 {
			w.mu.Unlock()
			select {
			case <-w.wake:
				continue
			case <-w.ctx.Done():
				return
			}
		}
		ev := w.queue[0]
		w.mu.Unlock()

		body, _ := json.Marshal(ev) // RawMessage payload made by json.Marshal: cannot fail
		code := w.post(body, webhook.Sign(w.secret, w.cfg.URL, ev.Event, ev.TriggeredOn))
		w.mu.Lock()
		w.stats.Attempts++
		w.stats.LastStatus = code
		if code == http.StatusOK {
			w.stats.Delivered++
			w.queue = w.queue[1:]
			w.mu.Unlock()
			fails = 0
			if !w.sleep(w.cfg.Interval) {
				return
			}
			continue
		}
		w.stats.Failures++
		fails++
		if fails >= w.cfg.MaxAttempts {
			w.stats.Disabled = true
			w.stats.Dropped += int64(len(w.queue))
			w.queue = nil
			w.mu.Unlock()
			return
		}
		r := w.randGen.IntN(30)
		w.mu.Unlock()
		if !w.sleep(time.Duration(float64(RetryDelay(fails, r)) * w.cfg.RetryScale)) {
			return
		}
	}
}

// post sends one request and returns the status, or -1 without an answer.
func (w *webhookSender) post(body []byte, sig string) int {
	ctx, cancel := context.WithTimeout(w.ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return -1
	}
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set(webhook.SignatureHeader, sig)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return -1
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16)) //nolint:errcheck // only the status matters
	resp.Body.Close()
	return resp.StatusCode
}

func (w *webhookSender) snapshot() WebhookStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	st := w.stats
	st.Queued = len(w.queue)
	return st
}

// WebhookStats returns the webhook's counters; the zero value without a
// webhook.
func (s *Server) WebhookStats() WebhookStats {
	if s.webhook == nil {
		return WebhookStats{}
	}
	return s.webhook.snapshot()
}

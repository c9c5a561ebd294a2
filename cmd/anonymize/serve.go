package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/webhook"
)

// WebhookPath is where CodeSignal posts its webhooks.
const WebhookPath = "/webhooks/codesignal"

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "run as a service: prepare packets before each committee meeting and refresh them when CodeSignal's webhooks say feedback changed",
		Description: `Reads a service file (see docs/service.md): committees with their meeting times
and how long before each to prepare, the listen address, the webhook's URL and
secret (from a file or the environment), and the output root.

Serves POST ` + WebhookPath + ` (signed webhooks, journaled before the 200),
GET /healthz and GET /metrics (Prometheus text). No endpoint serves packets or keys.
SIGTERM or Ctrl-C finishes the packet in progress and stops.

Example:
   CODESIGNAL_API_KEY=... CODESIGNAL_WEBHOOK_SECRET=... anonymize serve --config service.yaml`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "service `FILE` (YAML)"},
			&cli.StringFlag{Name: "tls-cert", Usage: "serve HTTPS with this certificate `FILE` (PEM; with --tls-key)"},
			&cli.StringFlag{Name: "tls-key", Usage: "the certificate's private key `FILE` (PEM)"},
			&cli.StringFlag{Name: "log-format", Value: "json", Usage: "log lines as `json` or text"},
			&cli.DurationFlag{Name: "shutdown-grace", Value: 60 * time.Second, Usage: "how long (`DURATION`) the packet in progress may take to finish after SIGTERM"},
		},
		Action: func(c *cli.Context) error { return runServe(c) },
	}
}

func runServe(c *cli.Context) error {
	if c.NArg() > 0 {
		return withCode(exitUsage, fmt.Errorf("serve: unexpected argument %q", c.Args().First()))
	}
	if c.String("config") == "" {
		return withCode(exitUsage, errors.New("serve: say which service file: --config FILE (see docs/service.md)"))
	}
	cert, key := c.String("tls-cert"), c.String("tls-key")
	if (cert == "") != (key == "") {
		return withCode(exitUsage, errors.New("serve: give both --tls-cert and --tls-key, or neither"))
	}
	var logger *slog.Logger
	switch c.String("log-format") {
	case "json":
		logger = slog.New(slog.NewJSONHandler(c.App.ErrWriter, nil))
	case "text":
		logger = slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
	default:
		return withCode(exitUsage, fmt.Errorf("serve: --log-format %q: want json or text", c.String("log-format")))
	}
	cfg, err := batch.LoadServiceConfig(c.String("config"))
	if err != nil {
		return withCode(exitUsage, err)
	}
	sv, err := newService(cfg, logger)
	if err != nil {
		return err
	}
	return sv.run(c.Context, c.App.Writer, cert, key, c.Duration("shutdown-grace"))
}

// service is `anonymize serve` wired: receiver, journal, processor,
// scheduler, HTTP server and metrics.
type service struct {
	cfg      batch.ServiceConfig
	log      *slog.Logger
	source   *fetch.APISource
	engines  map[string]*anonymize.Engine // by rule packs
	journal  *webhook.Journal
	receiver *webhook.Receiver
	sched    *batch.Scheduler
	metrics  *serviceMetrics

	apiErrors, packetsDone, packetsQuarantined, packetFailures atomic.Int64
	eventsProcessed, eventsFailed                              atomic.Int64
}

func newService(cfg batch.ServiceConfig, logger *slog.Logger) (*service, error) {
	secret, err := cfg.Secret()
	if err != nil {
		return nil, withCode(exitUsage, err)
	}
	// serve has no key flag: the key comes from the service file or the
	// environment, and the message says so.
	apiKey, err := loadKey(cfg.APIKeyFile, "set "+fetch.APIKeyEnv+" or api.key_file in the service file "+cfg.File)
	if err != nil {
		return nil, err
	}
	metrics := newServiceMetrics()
	src, err := apiSource(cfg.APIURL, apiKey, fetch.APIOptions{ObserveRequest: metrics.observeAPI})
	if err != nil {
		return nil, err
	}
	sv := &service{cfg: cfg, log: logger, source: src, engines: map[string]*anonymize.Engine{}, metrics: metrics}
	metrics.reg.MustRegister(newServiceCounters(sv))
	// Every committee's rules are loaded now: a bad rule pack stops the
	// service at start, not at the first preparation.
	for _, m := range cfg.Meetings {
		rules := append(append([]string(nil), cfg.Rules...), m.Rules...)
		k := strings.Join(rules, "\x00")
		if sv.engines[k] == nil {
			if sv.engines[k], err = engineFromFlags(rules, nil); err != nil {
				return nil, err
			}
			for _, o := range sv.engines[k].Pack().Overrides() {
				logger.Warn("rules: not as in the default pack", "override", o)
			}
		}
	}
	maxAge := cfg.MaxAge
	if maxAge == 0 {
		maxAge = webhook.DefaultMaxAge
	}
	sv.journal, err = webhook.OpenJournal(filepath.Join(cfg.State, "webhooks.jsonl"), webhook.JournalOptions{Retain: maxAge + webhook.DefaultMaxSkew + time.Hour})
	if err != nil {
		return nil, err
	}
	sv.receiver = &webhook.Receiver{
		Verifier: &webhook.Verifier{Secret: secret, EndpointURL: cfg.WebhookURL, MaxAge: maxAge},
		Journal:  sv.journal,
		MaxBody:  cfg.MaxBody,
		AckStale: cfg.AcknowledgeStale,
		Logger:   logger,
	}
	sv.sched = &batch.Scheduler{
		Meetings:  cfg.Meetings,
		StatePath: filepath.Join(cfg.State, "schedule.json"),
		Work:      sv.work,
		Logger:    logger,
	}
	if err := sv.sched.Load(); err != nil {
		sv.journal.Close()
		return nil, err
	}
	return sv, nil
}

// work prepares one candidate's packet for a meeting. Logs and errors name
// the packet by code: the email is replaced wherever a message holds it.
func (sv *service) work(ctx context.Context, m batch.Meeting, email, reason string) error {
	coord, err := batch.CoordinatorOf(m.Out, m.Coordinator)
	if err != nil {
		sv.packetFailures.Add(1)
		return err
	}
	secret, err := packet.LoadOrCreateSecret(coord)
	if err != nil {
		sv.packetFailures.Add(1)
		return err
	}
	code := packet.Code(secret, email)
	eng := sv.engines[strings.Join(append(append([]string(nil), sv.cfg.Rules...), m.Rules...), "\x00")]
	start := time.Now()
	res, err := batch.PrepareOne(ctx, batch.Job{Email: email, Source: sv.source, Engine: eng, Out: m.Out, Coordinator: coord, MaxNote: sv.cfg.MaxNote,
		Meta: packet.Meta{Committee: m.Title(), Prepared: time.Now()}})
	prepared := "error"
	if err == nil {
		prepared = string(res.Status)
	}
	sv.metrics.prepare.WithLabelValues(prepared).Observe(time.Since(start).Seconds())
	if err != nil {
		sv.packetFailures.Add(1)
		if isAPIError(err) {
			sv.apiErrors.Add(1)
		}
		if ctx.Err() == nil {
			// The log names the code only; the key tells the coordinator
			// whose it is and why it failed.
			if kerr := batch.RecordFailure(coord, code, email, err); kerr != nil {
				sv.log.Error("key: recording the failure failed", "packet", code, "err", scrub(kerr.Error(), email, code))
			}
		}
		err = errors.New(scrub(err.Error(), email, code))
		sv.log.Error("packet failed", "packet", code, "meeting", m.Key(), "reason", reason, "err", err.Error())
		return err
	}
	switch res.Status {
	case batch.StatusQuarantined:
		sv.packetsQuarantined.Add(1)
		sv.log.Warn("packet quarantined: it failed the leak gate", "packet", code, "meeting", m.Key(), "reason", reason, "leaks", len(res.Leaks))
	default:
		sv.packetsDone.Add(1)
		sv.log.Info("packet written", "packet", code, "meeting", m.Key(), "reason", reason, "interviews", res.Held, "pending", res.Pending, "ms", time.Since(start).Milliseconds())
	}
	return nil
}

func isAPIError(err error) bool {
	return errors.Is(err, fetch.ErrUnauthorized) || errors.Is(err, fetch.ErrRateLimited) ||
		errors.Is(err, fetch.ErrAccessDenied) || errors.Is(err, fetch.ErrMalformedResponse) ||
		errors.Is(err, fetch.ErrUnavailable) || errors.Is(err, fetch.ErrQuery)
}

// scrub replaces an email, in any case, with the packet code.
func scrub(msg, email, code string) string {
	if email == "" {
		return msg
	}
	return regexp.MustCompile(`(?i)`+regexp.QuoteMeta(email)).ReplaceAllString(msg, code)
}

// refreshEvery is how often one interview's events may refresh packets:
// events of an interview refreshed less than this long ago wait (and are
// then handled by one refresh), while other interviews' events go first, so
// that a flood of events about one interview cannot starve the others.
const refreshEvery = 2 * time.Second

// process works through the journal's pending events, oldest first among
// the interviews that may refresh now (see refreshEvery): it re-reads the
// interview through the API (the payload is not trusted), refreshes its
// candidate's packets for upcoming meetings, and marks the event done.
// Pending events of the same interview are handled by the same refresh,
// since it reads the interview after they were journaled. A failed event
// is retried with backoff, holding back only its own interview. An event
// in progress at shutdown stays pending and is handled after a restart.
func (sv *service) process(stop, work context.Context) {
	attempts := map[string]int{}
	notBefore := map[string]time.Time{} // by interview id
	for {
		pend := sv.journal.Pending()
		if len(pend) == 0 {
			select {
			case <-stop.Done():
				return
			case <-sv.journal.Notify():
			case <-time.After(time.Minute):
			}
			continue
		}
		if stop.Err() != nil {
			return
		}
		i, wait := nextReady(pend, notBefore, time.Now())
		if i < 0 {
			select {
			case <-stop.Done():
				return
			case <-sv.journal.Notify():
			case <-time.After(wait):
			}
			continue
		}
		rec := pend[i]
		var group []string
		for _, p := range pend {
			if p.InterviewID == rec.InterviewID {
				group = append(group, p.ID)
			}
		}
		n, err := sv.handle(work, rec)
		if err != nil && stop.Err() != nil && work.Err() != nil {
			return
		}
		if err != nil {
			attempts[rec.ID]++
			if attempts[rec.ID] < 5 {
				wait := time.Duration(1<<attempts[rec.ID]) * time.Second
				notBefore[rec.InterviewID] = time.Now().Add(wait)
				sv.log.Warn("event processing failed; will retry", "record", rec.ID, "attempt", attempts[rec.ID], "retry_in", wait.String(), "err", err.Error())
				continue
			}
			sv.eventsFailed.Add(1)
			sv.log.Error("event processing failed; giving up", "record", rec.ID, "attempts", attempts[rec.ID], "err", err.Error())
		}
		delete(attempts, rec.ID)
		notBefore[rec.InterviewID] = time.Now().Add(refreshEvery)
		if err == nil && n > 0 {
			// Every event of the group took effect with this refresh.
			for _, p := range pend {
				if p.InterviewID == rec.InterviewID {
					sv.metrics.refreshDelay.Observe(time.Since(p.Received).Seconds())
				}
			}
		}
		if err := sv.journal.MarkDone(group...); err != nil {
			sv.log.Error("journal: marking events done failed", "err", err.Error())
			return
		}
		sv.eventsProcessed.Add(int64(len(group)))
		sv.log.Info("event processed", "record", rec.ID, "event", rec.Event, "coalesced", len(group), "packets_refreshed", n)
		// Forget interviews whose pause is over, so the map stays small.
		now := time.Now()
		for id, t := range notBefore {
			if !now.Before(t) {
				delete(notBefore, id)
			}
		}
	}
}

// nextReady returns the index of the oldest pending event whose interview
// may refresh at now, or -1 and how long until one may.
func nextReady(pend []webhook.Record, notBefore map[string]time.Time, now time.Time) (int, time.Duration) {
	wait := time.Duration(-1)
	for i, p := range pend {
		t, ok := notBefore[p.InterviewID]
		if !ok || !now.Before(t) {
			return i, 0
		}
		if d := t.Sub(now); wait < 0 || d < wait {
			wait = d
		}
	}
	return -1, wait
}

// handle re-reads an event's interview and refreshes its candidate.
func (sv *service) handle(ctx context.Context, rec webhook.Record) (int, error) {
	li, err := sv.source.Interview(ctx, rec.InterviewID)
	if err != nil {
		sv.apiErrors.Add(1)
		return 0, errors.New(scrubID(err.Error(), rec.InterviewID))
	}
	if li == nil || li.CandidateEmail == "" {
		// An id CodeSignal does not know: a forged payload under a
		// replayed signature, or a deleted interview. Nothing to do.
		sv.log.Warn("event names an interview the API does not know", "record", rec.ID)
		return 0, nil
	}
	return sv.sched.Refresh(ctx, li.CandidateEmail)
}

func scrubID(msg, id string) string { return strings.ReplaceAll(msg, id, "<interview>") }

// run serves until ctx ends, then shuts down gracefully.
func (sv *service) run(ctx context.Context, stdout io.Writer, certFile, keyFile string, grace time.Duration) error {
	defer sv.journal.Close()
	mux := http.NewServeMux()
	mux.Handle("POST "+WebhookPath, sv.receiver)
	mux.Handle(WebhookPath, sv.receiver) // other methods: 405 from the receiver, counted
	mux.HandleFunc("GET /healthz", sv.healthz)
	mux.Handle("GET /metrics", sv.metrics.handler())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(sv.log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", sv.cfg.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	scheme := "http"
	if certFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			ln.Close()
			return withCode(exitUsage, fmt.Errorf("serve: --tls-cert/--tls-key: %w", err))
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
		scheme = "https"
	}
	base := scheme + "://" + ln.Addr().String()
	// The base URL first and alone on its line, for scripts and tests.
	fmt.Fprintln(stdout, base)
	sv.log.Info("serving", "addr", ln.Addr().String(), "tls", certFile != "", "webhook", fetch.RedactURL(sv.cfg.WebhookURL),
		"meetings", len(sv.cfg.Meetings), "pending_events", len(sv.journal.Pending()))

	// stop ends the scheduler and the processor between packets; work ends
	// the packet in progress, grace after stop.
	stop, stopAll := context.WithCancel(context.Background())
	work, cancelWork := context.WithCancel(context.Background())
	defer cancelWork()
	var wg sync.WaitGroup
	var schedErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := sv.sched.Run(stop, work); err != nil {
			schedErr = err
			sv.log.Error("schedule stopped", "err", err.Error())
		}
	}()
	go func() { defer wg.Done(); sv.process(stop, work) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		stopAll()
		wg.Wait()
		return fmt.Errorf("serve: %w", err)
	}
	sv.log.Info("shutting down: finishing the packet in progress")
	stopAll()
	// The grace period covers everything: requests in flight and the
	// packet in progress end within it, or are abandoned.
	deadline := time.Now().Add(grace)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	sctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	srv.Shutdown(sctx) //nolint:errcheck // requests still in flight at the deadline are dropped
	srv.Close()
	select {
	case <-done:
	case <-time.After(time.Until(deadline)):
		sv.log.Warn("the packet in progress did not finish within the grace period; abandoning it", "grace", grace.String())
		cancelWork()
		// The pipeline returns at once when cancelled; a packet that
		// still does not stop is left (every file is written atomically,
		// and its event stays pending for the next start).
		select {
		case <-done:
		case <-time.After(abandonAfter):
			sv.log.Error("the packet in progress ignored cancellation; exiting without it", "waited", abandonAfter.String())
			sv.log.Info("stopped", "pending_events", len(sv.journal.Pending()))
			return errors.New("serve: stopped with a packet unfinished after the grace period; its event is processed after the next start")
		}
	}
	sv.log.Info("stopped", "pending_events", len(sv.journal.Pending()))
	return schedErr
}

// abandonAfter is how long, after the grace period, the service waits for
// a cancelled packet to notice before it exits without it.
const abandonAfter = time.Second

func (sv *service) healthz(w http.ResponseWriter, _ *http.Request) {
	if err := sv.journal.Err(); err != nil {
		http.Error(w, "journal broken", http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ok\n")
}

package service

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/webhook"
)

// Options are what the service takes from its caller rather than from its
// file: the logger, and how to open the API and the rule packs (the
// command line decides how their errors are reported).
type Options struct {
	Logger *slog.Logger
	// Secret is the webhooks' signing secret (see Config.Secret).
	Secret []byte
	// Source opens the CodeSignal API with the given options; the service
	// passes its metrics' observer.
	Source func(fetch.APIOptions) (*fetch.APISource, error)
	// Engine loads the default pack plus the given rule pack folders.
	Engine func(rules []string) (*anonymize.Engine, error)
}

// Service is the running service's parts: receiver, journal, processor,
// scheduler and metrics. Run serves it; Close releases it when Run is not
// called.
type Service struct {
	cfg      Config
	log      *slog.Logger
	source   *fetch.APISource
	engines  map[string]*anonymize.Engine // by rule packs
	journal  *webhook.Journal
	receiver *webhook.Receiver
	sched    *batch.Scheduler
	metrics  *metrics

	apiErrors, packetsDone, packetsQuarantined, packetFailures atomic.Int64
	eventsProcessed, eventsFailed                              atomic.Int64
}

// New wires the service of cfg. Every committee's rules are loaded now: a
// bad rule pack stops the service at start, not at the first preparation.
func New(cfg Config, opts Options) (*Service, error) {
	m := newMetrics()
	src, err := opts.Source(fetch.APIOptions{ObserveRequest: m.observeAPI})
	if err != nil {
		return nil, err
	}
	sv := &Service{cfg: cfg, log: opts.Logger, source: src, engines: map[string]*anonymize.Engine{}, metrics: m}
	m.reg.MustRegister(newCounters(sv))
	if err := sv.loadEngines(opts.Engine); err != nil {
		return nil, err
	}
	if err := sv.openWebhooks(opts.Secret); err != nil {
		return nil, err
	}
	sv.sched = &batch.Scheduler{
		Meetings:  cfg.Meetings,
		StatePath: filepath.Join(cfg.State, "schedule.json"),
		Work:      sv.work,
		Logger:    sv.log,
	}
	if err := sv.sched.Load(); err != nil {
		sv.journal.Close()
		return nil, err
	}
	return sv, nil
}

// Close releases what New opened; Run does it itself.
func (sv *Service) Close() error { return sv.journal.Close() }

// rulesOf is the rule pack folders of a meeting: the service's, then its own.
func (sv *Service) rulesOf(m batch.Meeting) []string {
	return append(append([]string(nil), sv.cfg.Rules...), m.Rules...)
}

func (sv *Service) loadEngines(load func([]string) (*anonymize.Engine, error)) error {
	for _, m := range sv.cfg.Meetings {
		rules := sv.rulesOf(m)
		k := strings.Join(rules, "\x00")
		if sv.engines[k] != nil {
			continue
		}
		eng, err := load(rules)
		if err != nil {
			return err
		}
		sv.engines[k] = eng
		for _, o := range eng.Pack().Overrides() {
			sv.log.Warn("rules: not as in the default pack", "override", o)
		}
	}
	return nil
}

// openWebhooks opens the journal and builds the receiver that verifies
// deliveries and journals them.
func (sv *Service) openWebhooks(secret []byte) error {
	maxAge := sv.cfg.MaxAge
	if maxAge == 0 {
		maxAge = webhook.DefaultMaxAge
	}
	var err error
	sv.journal, err = webhook.OpenJournal(filepath.Join(sv.cfg.State, "webhooks.jsonl"), webhook.JournalOptions{Retain: maxAge + webhook.DefaultMaxSkew + time.Hour})
	if err != nil {
		return err
	}
	sv.receiver = &webhook.Receiver{
		Verifier: &webhook.Verifier{Secret: secret, EndpointURL: sv.cfg.WebhookURL, MaxAge: maxAge},
		Journal:  sv.journal,
		MaxBody:  sv.cfg.MaxBody,
		AckStale: sv.cfg.AcknowledgeStale,
		Logger:   sv.log,
	}
	return nil
}

// work prepares one candidate's packet for a meeting. Logs and errors name
// the packet by code: the email is replaced wherever a message holds it.
func (sv *Service) work(ctx context.Context, m batch.Meeting, email, reason string) error {
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
	eng := sv.engines[strings.Join(sv.rulesOf(m), "\x00")]
	start := time.Now()
	res, err := batch.PrepareOne(ctx, batch.Job{Email: email, Source: sv.source, Engine: eng, Out: m.Out, Coordinator: coord, MaxNote: sv.cfg.MaxNote,
		Meta: packet.Meta{Committee: m.Title(), Prepared: time.Now()}})
	prepared := "error"
	if err == nil {
		prepared = string(res.Status)
	}
	sv.metrics.prepare.WithLabelValues(prepared).Observe(time.Since(start).Seconds())
	if err != nil {
		return sv.failed(ctx, m, coord, email, code, reason, err)
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

// failed counts and logs a packet that could not be prepared, records the
// failure in the key (unless the service is stopping) and returns the
// error with the email replaced by the packet code.
func (sv *Service) failed(ctx context.Context, m batch.Meeting, coord, email, code, reason string, err error) error {
	sv.packetFailures.Add(1)
	if isAPIError(err) {
		sv.apiErrors.Add(1)
	}
	if ctx.Err() == nil {
		// The log names the code only; the key tells the coordinator
		// whose it is and why it failed.
		if kerr := batch.RecordFailure(coord, code, email, err); kerr != nil {
			sv.log.Error("key: recording the failure failed", "packet", code, "err", batch.Scrub(kerr.Error(), email, code))
		}
	}
	err = errors.New(batch.Scrub(err.Error(), email, code))
	sv.log.Error("packet failed", "packet", code, "meeting", m.Key(), "reason", reason, "err", err.Error())
	return err
}

func isAPIError(err error) bool {
	return errors.Is(err, fetch.ErrUnauthorized) || errors.Is(err, fetch.ErrRateLimited) ||
		errors.Is(err, fetch.ErrAccessDenied) || errors.Is(err, fetch.ErrMalformedResponse) ||
		errors.Is(err, fetch.ErrUnavailable) || errors.Is(err, fetch.ErrQuery)
}

// handle re-reads an event's interview and refreshes its candidate.
func (sv *Service) handle(ctx context.Context, rec webhook.Record) (int, error) {
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

// scrubID replaces an interview's id in a message: logs do not link an
// event to an interview.
func scrubID(msg, id string) string { return strings.ReplaceAll(msg, id, "<interview>") }

package webhook

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"sync/atomic"
	"time"
)

// DefaultMaxBody bounds a delivery's body. Events are small; a feedback
// event carries the notes, which are seldom more than a few kilobytes.
const DefaultMaxBody = 1 << 20

// Receiver is the http.Handler for POST /webhooks/codesignal. It answers
// CodeSignal's empty verification POST with 200, verifies every event's
// signature, and answers 200 only once an interview event is in the
// journal, synced. It does no processing itself: whoever reads the
// journal's Pending does, after the answer.
type Receiver struct {
	Verifier *Verifier
	Journal  *Journal
	// MaxBody bounds a body (DefaultMaxBody when 0); larger ones get 413.
	MaxBody int64
	// AckStale answers a correctly signed but stale event with 200 without
	// journaling it. CodeSignal retries anything but 200 and keeps later
	// events waiting behind a failing one, so refusing an event that can
	// only get older blocks the webhook until CodeSignal disables it.
	// When false, a stale event gets 403 like the other refusals.
	AckStale bool
	// Logger gets one line per refusal and per accepted event, with the
	// reason or the record's id and event name; never a payload.
	Logger *slog.Logger
	// Now is the clock for the received time; time.Now when nil.
	Now func() time.Time

	stats receiverStats
}

type receiverStats struct {
	received, verifications, accepted, duplicates, ignored atomic.Int64
	rejected                                               [16]atomic.Int64 // by index in Reasons
}

// ReceiverStats counts what a Receiver answered.
type ReceiverStats struct {
	Received      int64            // every request to the handler
	Verifications int64            // empty verification POSTs
	Accepted      int64            // interview events newly journaled
	Duplicates    int64            // events journaled before, acknowledged again
	Ignored       int64            // signed events of other kinds, acknowledged
	Rejected      map[string]int64 // by reason (every reason present)
}

// Stats returns a snapshot of the counters.
func (rc *Receiver) Stats() ReceiverStats {
	s := ReceiverStats{
		Received:      rc.stats.received.Load(),
		Verifications: rc.stats.verifications.Load(),
		Accepted:      rc.stats.accepted.Load(),
		Duplicates:    rc.stats.duplicates.Load(),
		Ignored:       rc.stats.ignored.Load(),
		Rejected:      map[string]int64{},
	}
	for i, r := range Reasons {
		s.Rejected[r] = rc.stats.rejected[i].Load()
	}
	return s
}

func (rc *Receiver) logger() *slog.Logger {
	if rc.Logger != nil {
		return rc.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (rc *Receiver) count(reason string) {
	for i, x := range Reasons {
		if x == reason {
			rc.stats.rejected[i].Add(1)
		}
	}
}

func (rc *Receiver) reject(w http.ResponseWriter, r *http.Request, status int, reason, detail string) {
	rc.count(reason)
	rc.logger().Warn("webhook refused", "reason", reason, "detail", detail, "status", status, "remote", r.RemoteAddr)
	http.Error(w, "refused: "+reason, status)
}

// ServeHTTP handles one delivery.
func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.stats.received.Add(1)
	body, ok := rc.body(w, r)
	if !ok {
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		// CodeSignal's check when the webhook is created or updated. It
		// carries nothing to act on, so it needs no signature.
		rc.stats.verifications.Add(1)
		rc.logger().Info("webhook verification request answered")
		io.WriteString(w, "ok\n")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		// CodeSignal sends JSON; anything else is not a delivery.
		rc.reject(w, r, http.StatusUnsupportedMediaType, ReasonContentType, "want Content-Type: application/json")
		return
	}
	ev, err := ParseEvent(body)
	if err != nil {
		rc.reject(w, r, http.StatusBadRequest, ReasonMalformedBody, "not an event")
		return
	}
	if !rc.verify(w, r, ev) {
		return
	}
	if !IsInterviewEvent(ev.Event) {
		rc.stats.ignored.Add(1)
		rc.logger().Info("webhook event ignored", "event", ev.Event)
		io.WriteString(w, "ignored\n")
		return
	}
	rc.accept(w, r, ev)
}

// body reads a POST's body within MaxBody; ok is false when the request
// was refused.
func (rc *Receiver) body(w http.ResponseWriter, r *http.Request) (body []byte, ok bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		rc.reject(w, r, http.StatusMethodNotAllowed, ReasonMethod, r.Method)
		return nil, false
	}
	limit := rc.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			rc.reject(w, r, http.StatusRequestEntityTooLarge, ReasonTooLarge, "body over the limit")
			return nil, false
		}
		rc.reject(w, r, http.StatusBadRequest, ReasonMalformedBody, "reading the body failed")
		return nil, false
	}
	return body, true
}

// verify checks the delivery's signature and time; false when it was
// refused (or, stale under AckStale, acknowledged without acting).
func (rc *Receiver) verify(w http.ResponseWriter, r *http.Request, ev Event) bool {
	err := rc.Verifier.Verify(r.Header.Get(SignatureHeader), ev.Event, ev.TriggeredOn)
	if err == nil {
		return true
	}
	reason := ReasonOf(err)
	status := http.StatusUnauthorized
	switch reason {
	case ReasonStale:
		if rc.AckStale {
			rc.count(reason)
			rc.logger().Warn("webhook refused", "reason", reason, "event", ev.Event, "status", http.StatusOK, "detail", "acknowledged so that CodeSignal's queue moves on; not processed")
			io.WriteString(w, "stale: acknowledged, not processed\n")
			return false
		}
		status = http.StatusForbidden
	case ReasonFuture:
		status = http.StatusForbidden
	}
	rc.reject(w, r, status, reason, err.Error())
	return false
}

// accept makes a verified interview event durable and only then
// acknowledges it.
func (rc *Receiver) accept(w http.ResponseWriter, r *http.Request, ev Event) {
	refs, _ := ev.Refs() // ParseEvent checked them
	now := time.Now
	if rc.Now != nil {
		now = rc.Now
	}
	rec := NewRecord(ev, refs, now())
	rec.Sig = SignatureKey(r.Header.Get(SignatureHeader))
	dup, err := rc.Journal.Append(rec)
	if errors.Is(err, ErrReplay) {
		// The signature covers the URL, the event name and the time, not
		// the payload: the same signature with another payload is a
		// captured delivery replayed. It is counted and never journaled.
		// With AckStale it is answered 200 like a stale event, so that
		// CodeSignal's queue cannot stall on a genuine second event of the
		// same name in the same millisecond; otherwise 409.
		if rc.AckStale {
			rc.count(ReasonReplay)
			rc.logger().Warn("webhook refused", "reason", ReasonReplay, "event", ev.Event, "status", http.StatusOK, "detail", "acknowledged, not processed")
			io.WriteString(w, "replay: acknowledged, not processed\n")
			return
		}
		rc.reject(w, r, http.StatusConflict, ReasonReplay, "signature already used for another event")
		return
	}
	if err != nil {
		// Not durable, so not acknowledged: CodeSignal will retry.
		rc.reject(w, r, http.StatusServiceUnavailable, ReasonJournal, "journal append failed")
		rc.logger().Error("webhook journal append failed", "record", rec.ID, "err", err)
		return
	}
	if dup {
		rc.stats.duplicates.Add(1)
		rc.logger().Info("webhook event duplicate", "record", rec.ID, "event", ev.Event)
		io.WriteString(w, "duplicate\n")
		return
	}
	rc.stats.accepted.Add(1)
	rc.logger().Info("webhook event journaled", "record", rec.ID, "event", ev.Event)
	io.WriteString(w, "ok\n")
}

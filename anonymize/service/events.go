package service

import (
	"context"
	"time"

	"github.com/anonymize/anonymize/fetch/webhook"
)

// refreshEvery is how often one interview's events may refresh packets:
// events of an interview refreshed less than this long ago wait (and are
// then handled by one refresh), while other interviews' events go first, so
// that a flood of events about one interview cannot starve the others.
const refreshEvery = 2 * time.Second

// maxAttempts is how often an event is tried before it is given up.
const maxAttempts = 5

// process works through the journal's pending events, oldest first among
// the interviews that may refresh now (see refreshEvery): it re-reads the
// interview through the API (the payload is not trusted), refreshes its
// candidate's packets for upcoming meetings, and marks the event done.
// Pending events of the same interview are handled by the same refresh,
// since it reads the interview after they were journaled. A failed event
// is retried with backoff, holding back only its own interview. An event
// in progress at shutdown stays pending and is handled after a restart.
func (sv *Service) process(stop, work context.Context) {
	b := &backoff{attempts: map[string]int{}, notBefore: map[string]time.Time{}}
	for {
		pend := sv.journal.Pending()
		if len(pend) == 0 {
			if !sv.waitForEvents(stop, time.Minute) {
				return
			}
			continue
		}
		if stop.Err() != nil {
			return
		}
		i, wait := nextReady(pend, b.notBefore, time.Now())
		if i < 0 {
			if !sv.waitForEvents(stop, wait) {
				return
			}
			continue
		}
		if !sv.processEvent(stop, work, pend, pend[i], b) {
			return
		}
	}
}

// waitForEvents waits for a new event or d; false when stop ends first.
func (sv *Service) waitForEvents(stop context.Context, d time.Duration) bool {
	select {
	case <-stop.Done():
		return false
	case <-sv.journal.Notify():
	case <-time.After(d):
	}
	return true
}

// processEvent handles rec and, unless it is to be retried, marks it and
// the other pending events of its interview done. false: the processor
// must stop.
func (sv *Service) processEvent(stop, work context.Context, pend []webhook.Record, rec webhook.Record, b *backoff) bool {
	n, err := sv.handle(work, rec)
	if err != nil && stop.Err() != nil && work.Err() != nil {
		return false
	}
	if err != nil {
		attempt, wait, retry := b.failed(rec)
		if retry {
			sv.log.Warn("event processing failed; will retry", "record", rec.ID, "attempt", attempt, "retry_in", wait.String(), "err", err.Error())
			return true
		}
		sv.eventsFailed.Add(1)
		sv.log.Error("event processing failed; giving up", "record", rec.ID, "attempts", attempt, "err", err.Error())
	}
	b.done(rec)
	group := sameInterview(pend, rec.InterviewID)
	if err == nil && n > 0 {
		// Every event of the group took effect with this refresh.
		for _, p := range group {
			sv.metrics.refreshDelay.Observe(time.Since(p.Received).Seconds())
		}
	}
	ids := make([]string, len(group))
	for i, p := range group {
		ids[i] = p.ID
	}
	if err := sv.journal.MarkDone(ids...); err != nil {
		sv.log.Error("journal: marking events done failed", "err", err.Error())
		return false
	}
	sv.eventsProcessed.Add(int64(len(ids)))
	sv.log.Info("event processed", "record", rec.ID, "event", rec.Event, "coalesced", len(ids), "packets_refreshed", n)
	b.forget(time.Now())
	return true
}

// sameInterview is the pending events of one interview.
func sameInterview(pend []webhook.Record, interviewID string) []webhook.Record {
	var out []webhook.Record
	for _, p := range pend {
		if p.InterviewID == interviewID {
			out = append(out, p)
		}
	}
	return out
}

// backoff holds back interviews: after a refresh for refreshEvery, after a
// failure exponentially longer per attempt of the event.
type backoff struct {
	attempts  map[string]int       // by event record id
	notBefore map[string]time.Time // by interview id
}

// failed counts a failed attempt of rec; retry says whether to try again,
// after wait.
func (b *backoff) failed(rec webhook.Record) (attempt int, wait time.Duration, retry bool) {
	b.attempts[rec.ID]++
	attempt = b.attempts[rec.ID]
	if attempt >= maxAttempts {
		return attempt, 0, false
	}
	wait = time.Duration(1<<attempt) * time.Second
	b.notBefore[rec.InterviewID] = time.Now().Add(wait)
	return attempt, wait, true
}

// done forgets rec's attempts and holds its interview back for
// refreshEvery.
func (b *backoff) done(rec webhook.Record) {
	delete(b.attempts, rec.ID)
	b.notBefore[rec.InterviewID] = time.Now().Add(refreshEvery)
}

// forget drops interviews whose pause is over, so the map stays small.
func (b *backoff) forget(now time.Time) {
	for id, t := range b.notBefore {
		if !now.Before(t) {
			delete(b.notBefore, id)
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

package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
)

// Meeting is one committee meeting a service prepares packets for.
type Meeting struct {
	Name          string    // the meeting, shown in packet headers
	At            time.Time // when it starts
	PrepareBefore time.Duration
	Candidates    []string
	Out           string
	// Coordinator is the meeting's coordinator-only folder; empty: Out's
	// sibling (packet.DefaultCoordinatorDir).
	Coordinator string
	Rules       []string
	Concurrency int
}

// PrepareAt is when the meeting's packets are prepared.
func (m Meeting) PrepareAt() time.Time { return m.At.Add(-m.PrepareBefore) }

// Title is what the meeting's packets show as their committee.
func (m Meeting) Title() string { return m.Name + ", " + m.At.Format("2006-01-02") }

// Key identifies the meeting in the schedule's state: its name and time.
func (m Meeting) Key() string { return m.Name + "@" + m.At.UTC().Format(time.RFC3339) }

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// Slug is a folder name for the meeting: its name and date, and a short
// hash so that two meetings never share a folder.
func (m Meeting) Slug() string {
	s := strings.Trim(slugRE.ReplaceAllString(strings.ToLower(m.Name), "-"), "-")
	if len(s) > 40 {
		s = s[:40]
	}
	sum := sha256.Sum256([]byte(m.Key()))
	return s + "-" + m.At.Format("2006-01-02") + "-" + hex.EncodeToString(sum[:3])
}

// Has reports whether the candidate is on the meeting's agenda.
func (m Meeting) Has(email string) bool {
	for _, c := range m.Candidates {
		if fetch.SameEmail(c, email) {
			return true
		}
	}
	return false
}

// Work prepares one candidate's packet for a meeting; reason is "scheduled"
// or "refresh". The scheduler runs one Work at a time.
type Work func(ctx context.Context, m Meeting, email, reason string) error

// Scheduler runs each meeting's preparation at its time, once, and
// refreshes a candidate's packet on demand until the meeting. Its state (which
// preparations are done) is a JSON file written atomically after each
// preparation, so a restart neither repeats a preparation that finished
// nor skips one whose time came while the service was down (it runs at
// start, if the meeting has not begun).
type Scheduler struct {
	Meetings []Meeting
	// StatePath is the state file (e.g. STATE/schedule.json).
	StatePath string
	Work      Work
	// Clock tells the time; time.Now when nil.
	Clock func() time.Time
	// RetryAfter is the pause before retrying a preparation that failed
	// (a minute when 0).
	RetryAfter time.Duration
	Logger     *slog.Logger

	// busy serialises Work: one packet at a time, so a refresh never races
	// a preparation of the same packet, and shutdown has one to finish.
	busy sync.Mutex

	mu      sync.Mutex
	state   scheduleState
	running map[string]bool // meetings being prepared
	wake    chan struct{}

	runs, runFailures, refreshes, refreshFailures atomic.Int64
}

// scheduleState is the state file's content. It names meetings, never
// candidates.
type scheduleState struct {
	Version  int                     `json:"version"`
	Meetings map[string]meetingState `json:"meetings"`
}

type meetingState struct {
	Status   string    `json:"status"` // done | missed
	At       time.Time `json:"at"`     // when it was prepared (or found missed)
	Failures int       `json:"failures,omitempty"`
}

// Meeting states.
const (
	meetingDone   = "done"
	meetingMissed = "missed"
)

// SchedulerStats counts what the scheduler did since it started.
type SchedulerStats struct {
	Runs, RunFailures, Refreshes, RefreshFailures int64
}

// Stats returns the counters.
func (s *Scheduler) Stats() SchedulerStats {
	return SchedulerStats{s.runs.Load(), s.runFailures.Load(), s.refreshes.Load(), s.refreshFailures.Load()}
}

func (s *Scheduler) now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

func (s *Scheduler) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Load reads the state file (none yet is an empty state). Run calls it;
// call it earlier to use Refresh before Run.
func (s *Scheduler) Load() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wake == nil {
		s.wake = make(chan struct{}, 1)
	}
	if s.running == nil {
		s.running = map[string]bool{}
	}
	if s.state.Meetings != nil {
		return nil
	}
	s.state = scheduleState{Version: 1, Meetings: map[string]meetingState{}}
	b, err := os.ReadFile(s.StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("schedule state: %w", err)
	}
	if err := json.Unmarshal(b, &s.state); err != nil {
		return fmt.Errorf("schedule state %s: %w", s.StatePath, err)
	}
	if s.state.Meetings == nil {
		s.state.Meetings = map[string]meetingState{}
	}
	return nil
}

// saveLocked writes the state atomically. s.mu is held.
func (s *Scheduler) saveLocked() error {
	b, err := json.MarshalIndent(s.state, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.StatePath), 0o700); err != nil {
		return fmt.Errorf("schedule state: %w", err)
	}
	return packet.WriteFileAtomic(s.StatePath, append(b, '\n'), 0o600)
}

// Run runs preparations at their times until stop ends. A preparation
// in progress when stop ends finishes the candidate in progress (its Work
// gets work, which the caller ends after a grace period) and stops; it is
// not marked done, so it resumes after a restart.
func (s *Scheduler) Run(stop, work context.Context) error {
	if err := s.Load(); err != nil {
		return err
	}
	retry := s.RetryAfter
	if retry <= 0 {
		retry = time.Minute
	}
	notBefore := map[string]time.Time{} // failed preparations wait before the next try
	for {
		next, stopped, err := s.pass(stop, work, notBefore, retry)
		if err != nil || stopped {
			return err
		}
		d := next.Sub(s.now())
		if d <= 0 {
			continue
		}
		t := time.NewTimer(d)
		select {
		case <-stop.Done():
			t.Stop()
			return nil
		case <-t.C:
		case <-s.wake:
			t.Stop()
		}
	}
}

// pass goes over the meetings once: it marks those that began unprepared
// missed, prepares those whose time came, and returns when to look again.
// stopped: stop ended during a preparation.
func (s *Scheduler) pass(stop, work context.Context, notBefore map[string]time.Time, retry time.Duration) (next time.Time, stopped bool, err error) {
	now := s.now()
	next = now.Add(time.Hour) // look again at least hourly (clock changes, suspends)
	for _, m := range s.Meetings {
		k := m.Key()
		s.mu.Lock()
		st := s.state.Meetings[k]
		s.mu.Unlock()
		if st.Status != "" {
			continue
		}
		switch {
		case !now.Before(m.At):
			// The meeting began before its packets could be made (the
			// service was down): say so once, never prepare late.
			err := s.mark(m, meetingMissed, now)
			s.log().Warn("preparation missed: the meeting began while the service was not running", "meeting", k)
			if err != nil {
				return next, false, err
			}
		case now.Before(m.PrepareAt()):
			next = earlier(next, m.PrepareAt())
		case now.Before(notBefore[k]):
			next = earlier(next, notBefore[k])
		default:
			err := s.prepareMarked(stop, work, m)
			if stop.Err() != nil {
				return next, true, nil
			}
			if err != nil {
				s.runFailures.Add(1)
				notBefore[k] = s.now().Add(retry)
				s.log().Error("preparation failed; will retry", "meeting", k, "retry_in", retry.String(), "err", err)
				next = earlier(next, notBefore[k])
				continue
			}
			if err := s.mark(m, meetingDone, s.now()); err != nil {
				return next, false, err
			}
			// Counted only once the state file says so: a watcher that
			// sees the count (a test, an operator about to restart) must
			// be able to rely on a restart not repeating it.
			s.runs.Add(1)
			s.log().Info("preparation done", "meeting", k, "candidates", len(m.Candidates))
			next = s.now() // look again: time passed while preparing
		}
	}
	return next, false, nil
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// mark records the meeting's status in the state file.
func (s *Scheduler) mark(m Meeting, status string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Meetings[m.Key()] = meetingState{Status: status, At: at}
	return s.saveLocked()
}

// prepareMarked is prepare with the meeting marked running meanwhile, so
// that refreshes reach the candidates it has passed already.
func (s *Scheduler) prepareMarked(stop, work context.Context, m Meeting) error {
	s.mu.Lock()
	s.running[m.Key()] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.running, m.Key())
		s.mu.Unlock()
	}()
	return s.prepare(stop, work, m)
}

// prepare runs Work for every candidate of the meeting, one at a time,
// checking stop between them. A candidate's failure fails the preparation
// (it is retried whole; Work is idempotent) after the others ran.
func (s *Scheduler) prepare(stop, work context.Context, m Meeting) error {
	s.log().Info("preparation started", "meeting", m.Key(), "candidates", len(m.Candidates))
	var failed int
	var first error
	for _, email := range m.Candidates {
		if stop.Err() != nil {
			return stop.Err()
		}
		s.busy.Lock()
		err := s.Work(work, m, email, "scheduled")
		s.busy.Unlock()
		if err != nil {
			failed++
			if first == nil {
				first = err
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d candidate(s) failed, the first: %w", failed, len(m.Candidates), first)
	}
	return nil
}

// Upcoming returns the meetings the candidate is on whose preparation has
// run (or is running: it may have passed the candidate already) and which
// have not begun: those whose packets a change must refresh. A meeting not
// prepared yet reads the change when it is.
func (s *Scheduler) Upcoming(email string) []Meeting {
	now := s.now()
	var out []Meeting
	for _, m := range s.Meetings {
		if !m.Has(email) || !now.Before(m.At) {
			continue
		}
		s.mu.Lock()
		ok := s.state.Meetings[m.Key()].Status == meetingDone || s.running[m.Key()]
		s.mu.Unlock()
		if ok {
			out = append(out, m)
		}
	}
	return out
}

// Refresh prepares the candidate's packet again for every upcoming meeting
// they are on (see Upcoming) and returns how many packets it refreshed.
func (s *Scheduler) Refresh(ctx context.Context, email string) (int, error) {
	n := 0
	for _, m := range s.Upcoming(email) {
		s.busy.Lock()
		err := s.Work(ctx, m, email, "refresh")
		s.busy.Unlock()
		if err != nil {
			s.refreshFailures.Add(1)
			return n, err
		}
		s.refreshes.Add(1)
		n++
	}
	return n, nil
}

package webhook

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Record is what the journal keeps of an accepted event: its name, time and
// the ids it points at. Nothing of the payload's data (notes, names,
// emails) is kept, so the journal holds nothing a packet must not.
type Record struct {
	// ID identifies the event for deduplication: a hash of the event's
	// name, triggeredOn and ids, the same for every delivery of one event.
	ID            string    `json:"id"`
	Event         string    `json:"event"`
	TriggeredOn   int64     `json:"triggeredOn"`
	InterviewID   string    `json:"interviewId,omitempty"`
	InterviewerID string    `json:"interviewerId,omitempty"`
	Received      time.Time `json:"received"`
	// Sig identifies the signature the event was delivered under (see
	// SignatureKey). CodeSignal signs the URL, the event name and the time,
	// not the payload, so one signature must stand for one event only.
	Sig string `json:"sig,omitempty"`
}

// SignatureKey is what the journal keeps of a delivery's signature header
// (already checked to be hex of the right length): a hash, so that the
// journal holds no signature that could be replayed elsewhere.
func SignatureKey(signature string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(signature))))
	return hex.EncodeToString(sum[:16])
}

// NewRecord makes the journal record of an event.
func NewRecord(ev Event, refs Refs, received time.Time) Record {
	h := sha256.New()
	for _, s := range []string{ev.Event, strconv.FormatInt(ev.TriggeredOn, 10), refs.InterviewID, refs.InterviewerID} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return Record{
		ID:            "ev-" + hex.EncodeToString(h.Sum(nil))[:24],
		Event:         ev.Event,
		TriggeredOn:   ev.TriggeredOn,
		InterviewID:   refs.InterviewID,
		InterviewerID: refs.InterviewerID,
		Received:      received.UTC(),
	}
}

// journal line operations
const (
	opEvent = "event"
	opDone  = "done"
)

type line struct {
	Op string `json:"op"`
	Record
}

// ErrClosed is returned by a closed journal.
var ErrClosed = errors.New("webhook journal closed")

// ErrReplay is returned by Append for an event delivered under a signature
// that already carried another event: a captured delivery replayed with
// another payload.
var ErrReplay = errors.New("webhook signature already used for another event")

// JournalOptions tune OpenJournal.
type JournalOptions struct {
	// Retain is how long a processed event is remembered for
	// deduplication, counted from its triggeredOn. It should be at least
	// the verifier's MaxAge plus MaxSkew: an older delivery is refused
	// anyway. 0 keeps everything. Events not processed yet are always kept.
	Retain time.Duration
	// Now is the clock for Retain; time.Now when nil.
	Now func() time.Time
}

// Journal is a durable, append-only log of accepted events and of their
// processing. Append returns only once the event is on disk (the file
// synced), so an event acknowledged after Append is never lost; an event
// appended twice is kept once. Concurrent appends share one write and one
// sync (group commit).
//
// The file is JSON lines: {"op":"event",...} when an event is accepted,
// {"op":"done","id":...} when it has been processed. A torn last line, left
// by a crash in the middle of a write, is cut off when the journal is
// opened; it was never acknowledged.
type Journal struct {
	path string
	f    *os.File

	sendMu sync.RWMutex // held for reading while sending to reqs; for writing to close it
	closed bool         // guarded by sendMu
	reqs   chan *journalReq
	wg     sync.WaitGroup

	mu      sync.Mutex
	seen    map[string]*entry // every event in the journal, by id
	sigs    map[string]string // signature key -> the id of the event it carried
	pending []string          // ids of events not processed yet, in order of acceptance
	broken  error             // set when a write or sync failed: the file's tail is unknown
	size    int64
	notify  chan struct{}
}

type entry struct {
	rec     Record
	done    bool
	durable chan struct{} // closed once written and synced (or failed, see err)
	err     error
}

type journalReq struct {
	ev     *entry   // an event to append, or
	doneID []string // events processed
	result chan error
}

// OpenJournal opens (creating if needed) the journal at path and loads its
// state. It compacts the file when events fell out of the retention window.
func OpenJournal(path string, opts JournalOptions) (*Journal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("webhook journal: %w", err)
	}
	j := &Journal{path: path, seen: map[string]*entry{}, sigs: map[string]string{}, notify: make(chan struct{}, 1), reqs: make(chan *journalReq, 1024)}
	order, goodLen, err := j.load()
	if err != nil {
		return nil, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	dropped := 0
	if opts.Retain > 0 {
		cutoff := now().Add(-opts.Retain).UnixMilli()
		kept := order[:0]
		for _, id := range order {
			e := j.seen[id]
			if e.done && e.rec.TriggeredOn < cutoff {
				delete(j.seen, id)
				dropped++
				continue
			}
			kept = append(kept, id)
		}
		order = kept
	}
	if dropped > 0 {
		if err := j.rewrite(order); err != nil {
			return nil, err
		}
	} else if err := truncateTo(path, goodLen); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("webhook journal: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, fmt.Errorf("webhook journal: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("webhook journal: %w", err)
	}
	j.f, j.size = f, st.Size()
	for _, id := range order {
		if !j.seen[id].done {
			j.pending = append(j.pending, id)
		}
		if sig := j.seen[id].rec.Sig; sig != "" {
			j.sigs[sig] = id
		}
	}
	j.wg.Add(1)
	go j.writer()
	return j, nil
}

// load reads the file into seen and returns the ids in order and the length
// of the well-formed prefix.
func (j *Journal) load() ([]string, int64, error) {
	f, err := os.Open(j.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("webhook journal: %w", err)
	}
	defer f.Close()
	var order []string
	var good int64
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		b, err := r.ReadBytes('\n')
		if err == io.EOF {
			// A last line without its newline was being written when
			// the process died: it was never synced nor acknowledged.
			return order, good, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("webhook journal %s: %w", j.path, err)
		}
		var l line
		if err := json.Unmarshal(b, &l); err != nil || l.ID == "" {
			// A whole line that does not parse can only be a torn write
			// if nothing follows it.
			if rest, _ := r.Peek(1); len(rest) == 0 {
				return order, good, nil
			}
			return nil, 0, fmt.Errorf("webhook journal %s:%d: corrupt line", j.path, n)
		}
		good += int64(len(b))
		switch l.Op {
		case opEvent:
			if _, ok := j.seen[l.ID]; !ok {
				e := &entry{rec: l.Record, durable: make(chan struct{})}
				close(e.durable)
				j.seen[l.ID] = e
				order = append(order, l.ID)
			}
		case opDone:
			if e, ok := j.seen[l.ID]; ok {
				e.done = true
			}
		default:
			return nil, 0, fmt.Errorf("webhook journal %s:%d: unknown op %q", j.path, n, l.Op)
		}
	}
}

// rewrite replaces the file with the events in order (and their done
// marks), atomically.
func (j *Journal) rewrite(order []string) error {
	var buf bytes.Buffer
	for _, id := range order {
		e := j.seen[id]
		appendLine(&buf, line{Op: opEvent, Record: e.rec})
		if e.done {
			appendLine(&buf, line{Op: opDone, Record: Record{ID: id}})
		}
	}
	dir := filepath.Dir(j.path)
	tmp, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(j.path)+"-*")
	if err != nil {
		return fmt.Errorf("webhook journal: compacting: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("webhook journal: compacting: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("webhook journal: compacting: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("webhook journal: compacting: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return fmt.Errorf("webhook journal: compacting: %w", err)
	}
	if err := os.Rename(tmp.Name(), j.path); err != nil {
		return fmt.Errorf("webhook journal: compacting: %w", err)
	}
	return syncDir(dir)
}

func truncateTo(path string, n int64) error {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("webhook journal: %w", err)
	}
	if st.Size() == n {
		return nil
	}
	if err := os.Truncate(path, n); err != nil {
		return fmt.Errorf("webhook journal: cutting a torn last line: %w", err)
	}
	return nil
}

func appendLine(buf *bytes.Buffer, l line) {
	b, _ := json.Marshal(l) // plain strings and numbers: cannot fail
	buf.Write(b)
	buf.WriteByte('\n')
}

// Append writes rec to the journal and returns once it is synced to disk.
// It reports dup when an event with the same ID was appended before (in
// this process or an earlier one); then nothing is written, and Append
// returns once that earlier append is durable. A record whose Sig already
// carried an event with another ID is refused with ErrReplay, checked and
// claimed atomically, so that concurrent replays cannot both get in.
func (j *Journal) Append(rec Record) (dup bool, err error) {
	j.mu.Lock()
	if j.broken != nil {
		j.mu.Unlock()
		return false, j.broken
	}
	if owner, ok := j.sigs[rec.Sig]; rec.Sig != "" && ok && owner != rec.ID {
		j.mu.Unlock()
		return false, ErrReplay
	}
	if e, ok := j.seen[rec.ID]; ok {
		if rec.Sig != "" {
			// The same event under its other documented signature form.
			j.sigs[rec.Sig] = rec.ID
		}
		j.mu.Unlock()
		<-e.durable
		return e.err == nil, e.err
	}
	e := &entry{rec: rec, durable: make(chan struct{})}
	j.seen[rec.ID] = e
	if rec.Sig != "" {
		j.sigs[rec.Sig] = rec.ID
	}
	j.mu.Unlock()
	if err := j.send(&journalReq{ev: e}); err != nil {
		j.mu.Lock()
		delete(j.seen, rec.ID)
		if rec.Sig != "" && j.sigs[rec.Sig] == rec.ID {
			delete(j.sigs, rec.Sig)
		}
		j.mu.Unlock()
		e.err = err
		close(e.durable)
		return false, err
	}
	<-e.durable
	return false, e.err
}

// MarkDone records that the events with these ids were processed, synced.
// Unknown or already processed ids are ignored.
func (j *Journal) MarkDone(ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	req := &journalReq{doneID: ids, result: make(chan error, 1)}
	if err := j.send(req); err != nil {
		return err
	}
	return <-req.result
}

func (j *Journal) send(req *journalReq) error {
	j.sendMu.RLock()
	defer j.sendMu.RUnlock()
	if j.closed {
		return ErrClosed
	}
	j.reqs <- req
	return nil
}

// writer serves requests in groups: one write and one sync for as many
// requests as are waiting.
func (j *Journal) writer() {
	defer j.wg.Done()
	var buf bytes.Buffer
	for first := range j.reqs {
		group := j.gather(first)
		err := j.write(&buf, group)
		added := j.apply(group, err, int64(buf.Len()))
		for _, r := range group {
			if r.ev != nil {
				close(r.ev.durable)
			}
			if r.result != nil {
				r.result <- err
			}
		}
		if added {
			select {
			case j.notify <- struct{}{}:
			default:
			}
		}
	}
}

// gather is first and the requests waiting behind it, up to 512.
func (j *Journal) gather(first *journalReq) []*journalReq {
	group := []*journalReq{first}
	for len(group) < 512 {
		select {
		case r, ok := <-j.reqs:
			if !ok {
				return group
			}
			group = append(group, r)
		default:
			return group
		}
	}
	return group
}

// write appends the group's lines to the file and syncs it, unless the
// journal is already broken; buf holds the lines afterwards.
func (j *Journal) write(buf *bytes.Buffer, group []*journalReq) error {
	buf.Reset()
	j.mu.Lock()
	broken := j.broken
	j.mu.Unlock()
	for _, r := range group {
		if r.ev != nil {
			appendLine(buf, line{Op: opEvent, Record: r.ev.rec})
		}
		for _, id := range r.doneID {
			appendLine(buf, line{Op: opDone, Record: Record{ID: id}})
		}
	}
	if broken != nil {
		return broken
	}
	_, err := j.f.Write(buf.Bytes())
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		return fmt.Errorf("webhook journal %s: %w", j.path, err)
	}
	return nil
}

// apply brings the journal's state in line with the group's write: on
// success events become pending and done ids leave it; on failure the
// journal is broken and the events are forgotten. added: an event became
// pending.
func (j *Journal) apply(group []*journalReq, err error, written int64) (added bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil {
		j.broken = err
	} else {
		j.size += written
	}
	for _, r := range group {
		if r.ev != nil {
			if err != nil {
				delete(j.seen, r.ev.rec.ID)
				r.ev.err = err
			} else {
				j.pending = append(j.pending, r.ev.rec.ID)
				added = true
			}
		}
		if err == nil && len(r.doneID) > 0 {
			for _, id := range r.doneID {
				if e, ok := j.seen[id]; ok {
					e.done = true
				}
			}
			j.pending = removeDone(j.pending, j.seen)
		}
	}
	return added
}

func removeDone(ids []string, seen map[string]*entry) []string {
	out := ids[:0]
	for _, id := range ids {
		if e, ok := seen[id]; ok && !e.done {
			out = append(out, id)
		}
	}
	return out
}

// Pending returns the events not processed yet, oldest first.
func (j *Journal) Pending() []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Record, len(j.pending))
	for i, id := range j.pending {
		out[i] = j.seen[id].rec
	}
	return out
}

// Has reports whether an event with this id is in the journal, and whether
// it was processed.
func (j *Journal) Has(id string) (found, done bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.seen[id]
	if !ok {
		return false, false
	}
	select {
	case <-e.durable:
	default:
		return false, false // not durable yet
	}
	return e.err == nil, e.done
}

// Notify returns a channel that receives a value after new events were
// appended. Receivers then read Pending.
func (j *Journal) Notify() <-chan struct{} { return j.notify }

// Err returns the write error that broke the journal, if any: a broken
// journal refuses appends until it is reopened.
func (j *Journal) Err() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.broken
}

// Size returns the journal file's size in bytes.
func (j *Journal) Size() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.size
}

// Close waits for writes in flight and closes the file. Appends after
// Close fail with ErrClosed.
func (j *Journal) Close() error {
	j.sendMu.Lock()
	if j.closed {
		j.sendMu.Unlock()
		return nil
	}
	j.closed = true
	close(j.reqs)
	j.sendMu.Unlock()
	j.wg.Wait()
	return j.f.Close()
}

// syncDir makes a file's creation or rename in dir durable. Windows cannot
// sync a folder.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

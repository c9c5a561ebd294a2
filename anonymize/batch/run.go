package batch

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/sourcegraph/conc/pool"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
)

// More statuses, for a batch's outcomes; the manifest records done,
// quarantined and failed.
const (
	// StatusSkipped: input and rules unchanged since the packet was
	// published, so it was left as it is.
	StatusSkipped Status = "skipped"
	// StatusFailed: no packet this run (see the reason); the next run tries
	// again.
	StatusFailed Status = "failed"
)

// DefaultConcurrency is how many candidates a batch prepares at once when
// the caller says nothing. The rate limiter, not this, bounds the request
// rate; this only has to cover the API's latency (10 requests a second at
// up to 800 ms each).
const DefaultConcurrency = 8

// Shard selects a deterministic part of a batch's candidates, so that
// Count workers can share it: candidate email e belongs to shard
// hash(lower-cased e) mod Count. Index counts from 0, as a Kubernetes
// Indexed Job's JOB_COMPLETION_INDEX does. The zero value is the whole batch.
type Shard struct{ Index, Count int }

// ParseShard reads "I/N" (0 <= I < N).
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || cnt < 1 || idx < 0 || idx >= cnt {
		return Shard{}, fmt.Errorf("--shard %q: want I/N with 0 <= I < N, e.g. 0/4 for the first of four workers", s)
	}
	return Shard{Index: idx, Count: cnt}, nil
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Has reports whether the candidate with that email belongs to the shard.
func (s Shard) Has(email string) bool {
	if s.Count <= 1 {
		return true
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return binary.BigEndian.Uint64(sum[:8])%uint64(s.Count) == uint64(s.Index)
}

// Config is one batch.
type Config struct {
	Source fetch.Source
	Engine *anonymize.Engine
	// Out is the output folder, which the committee reads: packets in
	// Out/<code>/, the quarantine in Out/quarantine/, the manifest at its
	// top.
	Out string
	// Coordinator is the coordinator-only folder, never inside Out: the
	// packet secret, the key file (or keys/*.age) with a line for every
	// candidate, failed ones included. Empty: Out's sibling (see
	// packet.DefaultCoordinatorDir).
	Coordinator string
	// Candidates are emails; those outside Shard are left to other workers.
	Candidates []string
	// Concurrency bounds the candidates in flight, and with them memory
	// (0: DefaultConcurrency).
	Concurrency int
	Shard       Shard
	// Force prepares every candidate even if its input and rules did not
	// change.
	Force bool
	// MaxNote bounds each free text in bytes (0: DefaultMaxNote; negative:
	// no limit); a candidate with a larger note fails.
	MaxNote int64
	// Meta goes into every packet's header; a zero Prepared is Clock()'s
	// time at the start of the batch.
	Meta packet.Meta
	// RulesHash identifies the rules and settings (see RulesHash); empty
	// means RulesHash(Engine.Pack(), Meta.Committee).
	RulesHash string
	// KeyRecipients, when set, encrypt the key with age: this run's
	// entries go to Coordinator/keys/<run>.json.age (see KeysDir) and
	// Coordinator/key.json is not touched. Otherwise entries are merged
	// into Coordinator/key.json.
	KeyRecipients []age.Recipient
	// Progress, when set, hears about each candidate as it ends. Calls are
	// serialised; it must not block for long.
	Progress func(Event)
	// Clock tells the time (nil: time.Now); only for Prepared, the run's
	// name and throughput.
	Clock func() time.Time
}

// Event is one candidate's end, for progress reports. It names the
// candidate by code only.
type Event struct {
	Outcome
	Finished, Total int // candidates finished so far, and in this shard
}

// Outcome is how one candidate ended.
type Outcome struct {
	Code   string // empty only if the output folder's secret was unreadable
	Status Status
	// Unchanged marks a quarantined packet left as it was (input and rules
	// unchanged): still not published.
	Unchanged bool
	Notes     int // feedback texts redacted
	Leaks     int
	// Unknown counts the words kept without being understood, which the
	// coordinator's review page lists.
	Unknown int
	// Reason says why a candidate failed or was quarantined, without the
	// email.
	Reason string
}

// Summary is what a batch did. Problems lists failed and quarantined
// candidates, in the order they ended.
type Summary struct {
	Total                              int // candidates in this shard
	Done, Skipped, Quarantined, Failed int
	Unfinished                         int // not started or interrupted when the batch stopped early
	Notes                              int // feedback texts redacted
	Unknown                            int // words kept without being understood (see the review page)
	Requests                           int // API pages fetched (lower bound of requests: retries not counted)
	Started, Ended                     time.Time
	Problems                           []Outcome
	KeyFile                            string // where the key entries of this run went
	Review                             string // the coordinator's review page ("" if none was written)
	Out                                string
	Coordinator                        string // the coordinator-only folder
	ShardOf                            Shard
}

// Elapsed is the batch's wall time: never negative, and zero when the
// batch never started or its end was not recorded (a summary returned with
// an early error used to print the time since year 1, negated).
func (s Summary) Elapsed() time.Duration {
	if s.Started.IsZero() || s.Ended.IsZero() || s.Ended.Before(s.Started) {
		return 0
	}
	return s.Ended.Sub(s.Started)
}

// Run prepares the packets of cfg's candidates (those of its shard),
// Concurrency at a time. For each candidate it fetches the interviews,
// skips the candidate when the manifest says its packet was made from the
// same input and rules and the packet is still there (unless Force),
// otherwise redacts, renders and checks the packet, makes its key entry
// durable, publishes it (or quarantines it when the leak gate finds
// anything), and then records it in the manifest. A killed batch therefore
// never has a manifest line for a packet that is not fully written, and a
// rerun finishes what it left.
//
// A candidate's failure is recorded and the batch goes on. Errors that
// would hit every candidate (a refused key, a denied permission) or the end
// of ctx stop it: Run returns the error together with the summary so far.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	clock := cfg.Clock
	if clock == nil {
		clock = time.Now
	}
	sum, err := run(ctx, cfg, clock)
	if sum.Ended.IsZero() {
		sum.Ended = clock()
	}
	return sum, err
}

func run(ctx context.Context, cfg Config, clock func() time.Time) (Summary, error) {
	sum := Summary{Started: clock(), Out: cfg.Out, ShardOf: cfg.Shard}
	if cfg.Source == nil || cfg.Engine == nil || cfg.Out == "" {
		return sum, errors.New("batch: Source, Engine and Out are required")
	}
	meta := cfg.Meta
	if meta.Prepared.IsZero() {
		meta.Prepared = sum.Started
	}
	rulesHash := cfg.RulesHash
	if rulesHash == "" {
		h, err := RulesHash(cfg.Engine.Pack(), meta.Committee)
		if err != nil {
			return sum, err
		}
		rulesHash = h
	}
	emails := cfg.shardCandidates()
	sum.Total = len(emails)
	unlock, err := lockOut(cfg)
	if err != nil {
		return sum, err
	}
	defer unlock()
	r, err := openRun(cfg, meta, rulesHash, &sum, clock)
	if err != nil {
		return sum, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.all(ctx, cancel, emails, &sum)
	if sum.Done+sum.Quarantined+sum.Skipped > 0 {
		page, err := r.writeReview(sum.KeyFile)
		if err != nil {
			sum.Ended = clock()
			return sum, err
		}
		sum.Review = page
	}
	sum.Ended = clock()
	if cause := context.Cause(ctx); cause != nil {
		return sum, cause
	}
	return sum, nil
}

// shardCandidates is the candidates of cfg's shard.
func (cfg Config) shardCandidates() []string {
	var emails []string
	for _, e := range cfg.Candidates {
		if cfg.Shard.Has(e) {
			emails = append(emails, e)
		}
	}
	return emails
}

// lockOut makes the output folder and locks it for this run. One run at a
// time per folder (or per shard of one batch): two runs would clean up
// each other's temporary files and overwrite each other's manifest
// entries.
func lockOut(cfg Config) (unlock func(), err error) {
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	shard := ""
	if cfg.Shard.Count > 1 {
		shard = cfg.Shard.String()
	}
	return packet.LockFolder(cfg.Out, shard)
}

// openRun opens what the run writes besides the packets: the coordinator
// folder with its secret, the manifest and the key.
func openRun(cfg Config, meta packet.Meta, rulesHash string, sum *Summary, clock func() time.Time) (*runner, error) {
	coord, err := CoordinatorOf(cfg.Out, cfg.Coordinator)
	if err != nil {
		return nil, err
	}
	sum.Coordinator = coord
	secret, err := packet.LoadOrCreateSecret(coord)
	if err != nil {
		return nil, err
	}
	cleanSecretTemps(coord, clock())
	mf := newManifestFile(cfg.Out)
	prev, err := mf.load()
	if err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, meta: meta, rulesHash: rulesHash, secret: secret, prev: prev, manifest: newCommitter(mf.write), coord: coord}
	if err := r.openKey(sum); err != nil {
		return nil, err
	}
	return r, nil
}

// openKey opens the key this run adds to: a new encrypted file of its own
// (KeyRecipients), or the coordinator's key file, whose entries it keeps.
// It sets sum.KeyFile.
func (r *runner) openKey(sum *Summary) error {
	if recipients := r.cfg.KeyRecipients; len(recipients) > 0 {
		sum.KeyFile = filepath.Join(r.coord, packet.KeysDir, runName(sum.Started, r.cfg.Shard)+".json"+packet.AgeKeySuffix)
		file := sum.KeyFile
		r.keys = newCommitter(func(m map[string]packet.KeyEntry) error {
			if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
				return fmt.Errorf("key file: %w", err)
			}
			es := make([]packet.KeyEntry, 0, len(m))
			for _, e := range m {
				es = append(es, e)
			}
			return packet.WriteKeyEncrypted(file, es, recipients)
		})
		return nil
	}
	sum.KeyFile = filepath.Join(r.coord, packet.KeyFile)
	kf := newKeyFile(r.coord)
	known, err := kf.load()
	if err != nil {
		// An unreadable key file may be the only record of who is who:
		// stop rather than replace it.
		return err
	}
	r.known = known
	r.keys = newCommitter(kf.write)
	return nil
}

// all prepares the candidates, Concurrency at a time, counting their
// outcomes in sum. A fatal error (see fetch.IsFatal) cancels the rest.
func (r *runner) all(ctx context.Context, cancel context.CancelCauseFunc, emails []string, sum *Summary) {
	conc := r.cfg.Concurrency
	if conc <= 0 {
		conc = DefaultConcurrency
	}
	t := &tally{sum: sum, total: len(emails), progress: r.cfg.Progress}
	p := pool.New().WithMaxGoroutines(conc)
	for i, email := range emails {
		if ctx.Err() != nil {
			t.unfinished(len(emails) - i)
			break
		}
		p.Go(func() {
			var pages int
			o, err := r.one(ctx, email, &pages)
			if err != nil && fetch.IsFatal(err) {
				cancel(err)
			}
			// Stopped because of another candidate's fatal error or the
			// caller: not this candidate's failure.
			stopped := err != nil && fetch.IsFatal(err) && ctx.Err() != nil && !errors.Is(context.Cause(ctx), err)
			t.add(o, pages, stopped)
		})
	}
	p.Wait()
}

// tally counts the candidates' outcomes into a summary as they end, and
// reports each to progress. Its methods may be called concurrently.
type tally struct {
	mu       sync.Mutex // guards sum and finished, and serialises progress
	sum      *Summary
	finished int
	total    int
	progress func(Event)
}

func (t *tally) unfinished(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sum.Unfinished += n
}

// add counts one candidate's outcome; stopped means it did not end on its
// own account (the batch was stopping) and counts as unfinished.
func (t *tally) add(o Outcome, pages int, stopped bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	sum := t.sum
	sum.Requests += pages
	sum.Notes += o.Notes
	sum.Unknown += o.Unknown
	if stopped {
		sum.Unfinished++
		return
	}
	switch o.Status {
	case StatusDone:
		sum.Done++
	case StatusSkipped:
		sum.Skipped++
	case StatusQuarantined:
		sum.Quarantined++
		sum.Problems = append(sum.Problems, o)
	default:
		sum.Failed++
		sum.Problems = append(sum.Problems, o)
	}
	t.finished++
	if t.progress != nil {
		t.progress(Event{Outcome: o, Finished: t.finished, Total: t.total})
	}
}

// runName names this run's encrypted key file: when it started (UTC, to the
// second, so names sort by time), the shard, and a random suffix so that
// two runs in the same second never share a file.
func runName(start time.Time, s Shard) string {
	b := make([]byte, 3)
	rand.Read(b)
	name := "key-" + start.UTC().Format("20060102T150405Z")
	if s.Count > 1 {
		name += fmt.Sprintf("-shard%dof%d", s.Index, s.Count)
	}
	return name + "-" + hex.EncodeToString(b)
}

// cleanSecretTemps removes temporary files a killed run left while creating
// the folder's secret. The secret exists by now, so such a file is useless;
// a young one may belong to a run that is linking its own right now, and
// its link will fail harmlessly, but its removal would make that run fail,
// so only old ones go.
func cleanSecretTemps(out string, now time.Time) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".tmp-"+packet.SecretFile+"-") {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > 10*time.Second {
			os.Remove(filepath.Join(out, e.Name()))
		}
	}
}

type runner struct {
	mu        sync.Mutex
	reviews   []packet.ReviewPacket // this run's, when the key is encrypted
	cfg       Config
	meta      packet.Meta
	rulesHash string
	secret    []byte
	prev      map[string]Entry // the manifest as the batch found it
	manifest  *committer[Entry]
	keys      *committer[packet.KeyEntry]
	known     map[string]packet.KeyEntry // key entries before this run (nil with encrypted keys)
	coord     string                     // the coordinator folder
}

// review keeps a packet's review for the page: in the coordinator's folder
// in clear, or, when the key is encrypted, in memory until the run's
// encrypted page is written (a clear one would say who is who).
func (r *runner) review(rp packet.ReviewPacket) error {
	if len(r.cfg.KeyRecipients) == 0 {
		return packet.SaveReview(r.coord, rp)
	}
	r.mu.Lock()
	r.reviews = append(r.reviews, rp)
	r.mu.Unlock()
	return nil
}

// writeReview writes the run's review page and returns its path: every
// review recorded in the coordinator's folder, or this run's, encrypted to
// the key's recipients and named after the run's key file.
func (r *runner) writeReview(keyFile string) (string, error) {
	title := reviewTitle(r.meta)
	if len(r.cfg.KeyRecipients) == 0 {
		return packet.WriteReview(r.coord, title)
	}
	if len(r.reviews) == 0 {
		return "", nil
	}
	// Named after the run's key file, in the review folder: reveal reads
	// every *.age file of keys/ and of the output folder as a key.
	run := strings.TrimPrefix(strings.TrimSuffix(filepath.Base(keyFile), ".json"+packet.AgeKeySuffix), "key-")
	path := filepath.Join(r.coord, packet.ReviewDir, "review-"+run+".html"+packet.AgeKeySuffix)
	return path, packet.WriteReviewEncrypted(path, title, r.reviews, r.cfg.KeyRecipients)
}

// one prepares one candidate. It returns the outcome and the error that
// failed it (nil when it did not fail), and counts the API pages it fetched.
func (r *runner) one(ctx context.Context, email string, pages *int) (o Outcome, err error) {
	code := packet.Code(r.secret, email)
	defer func() {
		// A bug that panics on one candidate's notes must not take the
		// other candidates down with it: that candidate fails, the batch
		// goes on. The stack is left out: it could quote the notes.
		if p := recover(); p != nil {
			o, err = Outcome{Code: code, Status: StatusFailed, Reason: Scrub(fmt.Sprintf("internal error (a bug; please report it): %v", p), email, code)}, fmt.Errorf("internal error: %v", p)
		}
	}()
	o, err = r.prepare(ctx, email, code, pages)
	if err != nil {
		return r.fail(o, email, err)
	}
	return o, nil
}

// fail marks o failed by err. Unless err stops the batch, the failure is
// recorded: by code in the manifest, with the email in the key, so that
// the coordinator can tell who it was. A failure to record it is reported
// with it, and the next run tries the candidate again anyway.
func (r *runner) fail(o Outcome, email string, err error) (Outcome, error) {
	code := o.Code
	o.Status, o.Reason = StatusFailed, Scrub(err.Error(), email, code)
	if !fetch.IsFatal(err) {
		if kerr := r.keys.put(code, r.failedEntry(code, email, err)); kerr != nil {
			o.Reason += "; and the key could not be updated: " + Scrub(kerr.Error(), email, code)
		}
		if merr := r.manifest.put(code, Entry{Code: code, Status: StatusFailed, Reason: o.Reason}); merr != nil {
			o.Reason += "; and the manifest could not be updated: " + Scrub(merr.Error(), email, code)
		}
	}
	return o, err
}

// prepare fetches the candidate's interviews and, unless the packet is
// unchanged, builds, publishes and records it. An error fails the
// candidate (see fail).
func (r *runner) prepare(ctx context.Context, email, code string, pages *int) (Outcome, error) {
	o := Outcome{Code: code}
	lis, err := r.cfg.Source.Interviews(ctx, email)
	*pages = len(lis)/fetch.PageSize + 1
	if err != nil {
		return o, err
	}
	if len(lis) == 0 {
		return o, fmt.Errorf("%w (check the email, or that the interviews are not deleted or archived)", ErrNoInterviews)
	}
	input, err := InputHash(email, lis)
	if err != nil {
		return o, err
	}
	if prev, ok := r.prev[code]; ok && !r.cfg.Force && prev.Input == input && prev.Rules == r.rulesHash && r.intact(prev) {
		return r.unchanged(o, prev)
	}
	b, err := build(ctx, r.cfg.Engine, code, email, lis, r.meta, r.cfg.MaxNote)
	if err != nil {
		return o, err
	}
	o.Notes = b.notes
	o.Unknown = len(b.review.Unknown)
	if err := r.keys.put(code, b.key); err != nil {
		return o, err
	}
	res, err := publish(r.cfg.Out, r.coord, &b)
	if err != nil {
		return o, err
	}
	if err := r.review(b.review); err != nil {
		return o, err
	}
	o.Status, o.Leaks = res.Status, len(res.Leaks)
	if res.Status == StatusQuarantined {
		o.Reason = fmt.Sprintf("%d leak(s) found by the leak gate; see %s in the coordinator folder", len(res.Leaks), filepath.Join(QuarantineDir, code, ReportFile))
	}
	e := Entry{
		Code: code, Status: res.Status, Input: input, Rules: r.rulesHash,
		Interviews: res.Held, Pending: res.Pending, Notes: b.notes, Leaks: len(res.Leaks),
		Prepared: r.meta.Prepared.Format(time.RFC3339),
	}
	if err := r.manifest.put(code, e); err != nil {
		return o, err
	}
	return o, nil
}

// unchanged is the outcome of a candidate whose packet was made from the
// same input and rules and is still there (prev): skipped, or still
// quarantined.
func (r *runner) unchanged(o Outcome, prev Entry) (Outcome, error) {
	code := o.Code
	// A run killed while rewriting this unchanged packet (under --force)
	// may have left a temporary file beside it.
	for _, dir := range []string{filepath.Join(r.cfg.Out, code), filepath.Join(r.coord, QuarantineDir, code)} {
		if _, err := packet.CleanTempOf(dir, ""); err != nil {
			return o, err
		}
	}
	// And one killed while recording its review.
	if _, err := packet.CleanTempOf(filepath.Join(r.coord, packet.ReviewDir), code+".json"); err != nil {
		return o, err
	}
	o.Leaks = prev.Leaks
	switch prev.Status {
	case StatusDone:
		o.Status = StatusSkipped
	case StatusQuarantined:
		o.Status, o.Unchanged = StatusQuarantined, true
		o.Reason = fmt.Sprintf("%d leak(s), input and rules unchanged since the last run; see %s in the coordinator folder", prev.Leaks, filepath.Join(QuarantineDir, code, ReportFile))
	}
	return o, nil
}

// failedEntry is the key entry of a candidate who got no packet this run:
// what the key knew of them before (their last packet's labels still hold
// for it), with the email and why it failed.
func (r *runner) failedEntry(code, email string, err error) packet.KeyEntry {
	e, ok := r.known[code]
	if !ok {
		e = packet.KeyEntry{Code: code}
	}
	e.Email = strings.TrimSpace(email)
	e.Failure = err.Error()
	return e
}

// intact reports whether the files an entry speaks of are all there.
func (r *runner) intact(e Entry) bool {
	dir := filepath.Join(r.cfg.Out, e.Code)
	files := []string{packet.MarkdownFile, packet.JSONFile, packet.HTMLFile}
	switch e.Status {
	case StatusDone:
	case StatusQuarantined:
		dir = filepath.Join(r.coord, QuarantineDir, e.Code)
		files = append(files, ReportFile)
	default:
		return false
	}
	for _, f := range files {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// Scrub replaces the email (in any case) in a message by the packet code, so that logs
// and the manifest never name the candidate.
func Scrub(msg, email, code string) string {
	email = strings.TrimSpace(email)
	if email == "" {
		return msg
	}
	re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(email))
	return re.ReplaceAllLiteralString(msg, code)
}

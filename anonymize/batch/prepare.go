package batch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
)

// ErrNoInterviews says a candidate has no live interview: a wrong email,
// or nothing scheduled yet.
var ErrNoInterviews = errors.New("no live interviews")

// Status is how one candidate's preparation ended.
type Status string

// Statuses of Result.
const (
	StatusDone        Status = "done"
	StatusQuarantined Status = "quarantined"
)

// Result says what happened to one candidate. It names the packet by code
// only, so that it can be logged.
type Result struct {
	Code    string
	Status  Status
	Dir     string // where the packet (or its quarantine) is
	Held    int    // interviews in the packet
	Pending int    // interviews not held yet
	Changes map[string]int
	Leaks   []anonymize.Leak
	// Review is the coordinator's review page (PrepareOne only; Run
	// reports it in its Summary).
	Review string
}

// Job is one candidate to prepare.
type Job struct {
	Email  string
	Source fetch.Source
	Engine *anonymize.Engine
	Out    string // the output folder
	// Coordinator is the coordinator-only folder (the secret and the key);
	// empty: Out's sibling, packet.DefaultCoordinatorDir(Out).
	Coordinator string
	Meta        packet.Meta
	// MaxNote bounds each free text in bytes (0: DefaultMaxNote; negative:
	// no limit).
	MaxNote int64
}

// QuarantineDir is the folder, inside the coordinator folder, for packets
// that failed the leak gate. Nothing in it is for the committee: it may
// name people, so it is never in the output folder, and it is mode 0700.
const QuarantineDir = packet.QuarantineDir

// ReportFile is the leak report in a quarantined packet's folder.
const ReportFile = "report.txt"

// PrepareOne fetches, redacts, checks and writes one candidate's packet.
// Nothing is written until the interviews are fetched, so a wrong key or
// email leaves the output folder untouched. A packet that fails the leak
// gate goes to COORDINATOR/quarantine/<code>/ with a report that names the
// kind and place of each hit but not the hit itself.
func PrepareOne(ctx context.Context, j Job) (Result, error) {
	lis, err := j.Source.Interviews(ctx, j.Email)
	if err != nil {
		return Result{}, err
	}
	if len(lis) == 0 {
		return Result{}, fmt.Errorf("candidate %s: %w (check the email, or that the interviews are not deleted or archived)", j.Email, ErrNoInterviews)
	}
	if err := os.MkdirAll(j.Out, 0o755); err != nil {
		return Result{}, fmt.Errorf("output folder: %w", err)
	}
	unlock, err := packet.LockFolder(j.Out, "")
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	coord, err := CoordinatorOf(j.Out, j.Coordinator)
	if err != nil {
		return Result{}, err
	}
	secret, err := packet.LoadOrCreateSecret(coord)
	if err != nil {
		return Result{}, err
	}
	if j.Meta.Prepared.IsZero() {
		j.Meta.Prepared = time.Now()
	}
	b, err := build(ctx, j.Engine, packet.Code(secret, j.Email), j.Email, lis, j.Meta, j.MaxNote)
	if err != nil {
		return Result{}, fmt.Errorf("candidate %s: %w", j.Email, err)
	}
	if err := packet.WriteKey(coord, []packet.KeyEntry{b.key}); err != nil {
		return Result{}, err
	}
	res, err := publish(j.Out, coord, &b)
	if err != nil {
		return res, err
	}
	if err := packet.SaveReview(coord, b.review); err != nil {
		return res, err
	}
	if res.Review, err = packet.WriteReview(coord, reviewTitle(j.Meta)); err != nil {
		return res, err
	}
	return res, nil
}

// CoordinatorOf returns the coordinator folder of the output folder out
// (coord, or out's sibling when coord is empty), ready for use: created,
// checked not to be inside out, holding what older versions left in out.
func CoordinatorOf(out, coord string) (string, error) {
	if coord == "" {
		var err error
		if coord, err = packet.DefaultCoordinatorDir(out); err != nil {
			return "", err
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", fmt.Errorf("output folder: %w", err)
	}
	if err := packet.PrepareCoordinator(out, coord); err != nil {
		return "", err
	}
	return coord, nil
}

func reviewTitle(meta packet.Meta) string {
	if meta.Committee != "" {
		return meta.Committee
	}
	return "packets"
}

// built is one candidate's packet, rendered and checked, not yet written.
type built struct {
	res      Result
	key      packet.KeyEntry
	rendered packet.Rendered
	review   packet.ReviewPacket
	notes    int // feedback texts redacted
}

// build redacts a candidate's interviews, renders the packet and passes
// the rendered bytes through the leak gate.
func build(ctx context.Context, eng *anonymize.Engine, code, email string, lis []fetch.LiveInterview, meta packet.Meta, maxNote int64) (built, error) {
	if err := checkNoteSizes(lis, maxNote); err != nil {
		return built{}, err
	}
	lis = cleanInterviews(lis)
	cand := anonymize.Person{Email: email}
	for _, li := range lis {
		if strings.TrimSpace(li.CandidateName) != "" {
			cand.Name = strings.TrimSpace(li.CandidateName)
			break
		}
	}
	p, err := eng.Packet(ctx, cand, lis)
	if err != nil {
		return built{}, err
	}
	rendered, err := packet.Render(code, p, meta)
	if err != nil {
		return built{}, err
	}
	// The gate checks the bytes that would be published, in every format,
	// not only the fields the engine rewrote.
	// The template's own words ("no-referrer") are no handles, whoever
	// interviewed: an empty packet of the same date shows them.
	fixed, err := packet.Render(code, anonymize.Packet{}, packet.Meta{Prepared: meta.Prepared})
	if err != nil {
		return built{}, err
	}
	verify := eng.VerifierBesides(anonymize.RosterOf(cand, lis), string(fixed.Markdown)+"\n"+string(fixed.JSON)+"\n"+string(fixed.HTML))
	leaks := append([]anonymize.Leak(nil), p.Leaks...)
	for _, f := range []struct {
		name string
		data []byte
	}{{packet.MarkdownFile, rendered.Markdown}, {packet.JSONFile, rendered.JSON}, {packet.HTMLFile, rendered.HTML}} {
		leaks = append(leaks, verify(f.name, string(f.data))...)
	}
	notes := 0
	for _, li := range p.Interviews {
		notes += len(li.InterviewersFeedback)
	}
	return built{
		res:      Result{Code: code, Held: len(p.Interviews), Pending: p.Pending, Changes: p.Changes, Leaks: leaks},
		key:      packet.NewKeyEntry(code, p),
		rendered: rendered,
		review:   packet.NewReviewPacket(code, p, meta),
		notes:    notes,
	}, nil
}

// publish writes a built packet where the committee reads it (out), or,
// when it failed the leak gate, to the quarantine in the coordinator folder
// (coord), and removes the other copy. The caller has made the key entry
// durable first, so that no published packet is ever without its key.
func publish(out, coord string, b *built) (Result, error) {
	res, code := b.res, b.res.Code
	if len(res.Leaks) > 0 {
		qdir := filepath.Join(coord, QuarantineDir)
		// A quarantined packet may name someone: only the owner may read
		// the quarantine.
		if err := os.MkdirAll(qdir, 0o700); err != nil {
			return Result{}, fmt.Errorf("packet %s: create the quarantine: %w", code, err)
		}
		if err := os.Chmod(qdir, 0o700); err != nil {
			return Result{}, fmt.Errorf("packet %s: %w", code, err)
		}
		if _, err := packet.CleanTempOf(filepath.Join(qdir, code), ""); err != nil {
			return Result{}, err
		}
		w, err := packet.WriteRendered(qdir, code, b.rendered)
		if err != nil {
			return Result{}, err
		}
		if err := packet.WriteFileAtomic(filepath.Join(w.Dir, ReportFile), []byte(leakReport(code, res.Leaks)), 0o600); err != nil {
			return Result{}, err
		}
		// A packet published by an earlier run must not stay where the
		// committee reads it once it no longer passes.
		if err := os.RemoveAll(filepath.Join(out, code)); err != nil {
			return Result{}, fmt.Errorf("packet %s: removing the earlier published copy: %w", code, err)
		}
		res.Status, res.Dir = StatusQuarantined, w.Dir
		b.review.Status, b.review.Leaks = string(StatusQuarantined), res.Leaks
		b.review.Reason = fmt.Sprintf("Not published: the leak gate found %d hit(s); see %s.", len(res.Leaks), filepath.Join(QuarantineDir, code, ReportFile))
		return res, nil
	}
	if _, err := packet.CleanTempOf(filepath.Join(out, code), ""); err != nil {
		return Result{}, err
	}
	w, err := packet.Publish(out, code, b.rendered, res.Leaks)
	if err != nil {
		return Result{}, err
	}
	if err := os.RemoveAll(filepath.Join(coord, QuarantineDir, code)); err != nil {
		return Result{}, fmt.Errorf("packet %s: removing the stale quarantined copy: %w", code, err)
	}
	res.Status, res.Dir = StatusDone, w.Dir
	return res, nil
}

func leakReport(code string, leaks []anonymize.Leak) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Packet %s failed the leak gate: %d hit(s). The hits themselves are not repeated here.\n", code, len(leaks))
	b.WriteString("Fix the rules (anonymize explain shows what each rule did), then run again.\n\n")
	for _, l := range leaks {
		fmt.Fprintf(&b, "%s\tbyte %d\t%s\n", l.Field, l.Offset, l.Kind)
	}
	return b.String()
}

// RecordFailure notes in the key of the coordinator folder coord that the
// candidate with code and email got no packet, and why (err, email and
// all: only the coordinator reads the key). What the key knew of them (the
// labels of their last packet) is kept.
func RecordFailure(coord, code, email string, err error) error {
	entries, rerr := packet.ReadKey(filepath.Join(coord, packet.KeyFile))
	if rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
		return rerr
	}
	e := packet.KeyEntry{Code: code}
	for _, old := range entries {
		if old.Code == code {
			e = old
		}
	}
	e.Email, e.Failure = strings.TrimSpace(email), err.Error()
	return packet.WriteKey(coord, []packet.KeyEntry{e})
}

package batch

import (
	"context"
	"errors"
	"fmt"
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
	Meta   packet.Meta
}

// QuarantineDir is the folder, inside the output folder, for packets that
// failed the leak gate. Nothing in it is for the committee: it may name
// people, so it is mode 0700.
const QuarantineDir = "quarantine"

// ReportFile is the leak report in a quarantined packet's folder.
const ReportFile = "report.txt"

// PrepareOne fetches, redacts, checks and writes one candidate's packet.
// Nothing is written until the interviews are fetched, so a wrong key or
// email leaves the output folder untouched. A packet that fails the leak
// gate goes to OUT/quarantine/<code>/ with a report that names the kind
// and place of each hit but not the hit itself.
func PrepareOne(ctx context.Context, j Job) (Result, error) {
	lis, err := j.Source.Interviews(ctx, j.Email)
	if err != nil {
		return Result{}, err
	}
	if len(lis) == 0 {
		return Result{}, fmt.Errorf("candidate %s: %w (check the email, or that the interviews are not deleted or archived)", j.Email, ErrNoInterviews)
	}
	secret, err := packet.LoadOrCreateSecret(j.Out)
	if err != nil {
		return Result{}, err
	}
	if j.Meta.Prepared.IsZero() {
		j.Meta.Prepared = time.Now()
	}
	b, err := build(ctx, j.Engine, packet.Code(secret, j.Email), j.Email, lis, j.Meta)
	if err != nil {
		return Result{}, fmt.Errorf("candidate %s: %w", j.Email, err)
	}
	if err := packet.WriteKey(j.Out, []packet.KeyEntry{b.key}); err != nil {
		return Result{}, err
	}
	res, err := publish(j.Out, &b)
	if err != nil {
		return res, err
	}
	if err := packet.SaveReview(ReviewDir(j.Out), b.review); err != nil {
		return res, err
	}
	if res.Review, err = packet.WriteReview(ReviewDir(j.Out), reviewTitle(j.Meta)); err != nil {
		return res, err
	}
	return res, nil
}

// ReviewDir is the coordinator's folder of an output folder, where the
// review page and its records go: beside the key file, never in a packet's
// folder. Today that is the output folder's top, where key.json is; when
// the key moves to a coordinator-only folder (issue 13), this is the one
// place that changes.
func ReviewDir(out string) string { return out }

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
func build(ctx context.Context, eng *anonymize.Engine, code, email string, lis []fetch.LiveInterview, meta packet.Meta) (built, error) {
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
	roster := anonymize.RosterOf(cand, lis)
	leaks := append([]anonymize.Leak(nil), p.Leaks...)
	for _, f := range []struct {
		name string
		data []byte
	}{{packet.MarkdownFile, rendered.Markdown}, {packet.JSONFile, rendered.JSON}, {packet.HTMLFile, rendered.HTML}} {
		leaks = append(leaks, eng.Verify(f.name, string(f.data), roster)...)
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

// publish writes a built packet where the committee reads it, or, when it
// failed the leak gate, to the quarantine, and removes the other copy. The
// caller has made the key entry durable first, so that no published packet
// is ever without its key.
func publish(out string, b *built) (Result, error) {
	res, code := b.res, b.res.Code
	if len(res.Leaks) > 0 {
		qdir := filepath.Join(out, QuarantineDir)
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
	w, err := packet.WriteRendered(out, code, b.rendered)
	if err != nil {
		return Result{}, err
	}
	if err := os.RemoveAll(filepath.Join(out, QuarantineDir, code)); err != nil {
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

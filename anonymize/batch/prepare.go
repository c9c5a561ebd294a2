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
// failed the leak gate. Nothing in it is for the committee.
const QuarantineDir = "quarantine"

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
	cand := anonymize.Person{Email: j.Email}
	for _, li := range lis {
		if strings.TrimSpace(li.CandidateName) != "" {
			cand.Name = strings.TrimSpace(li.CandidateName)
			break
		}
	}
	p, err := j.Engine.Packet(ctx, cand, lis)
	if err != nil {
		return Result{}, fmt.Errorf("candidate %s: %w", j.Email, err)
	}
	secret, err := packet.LoadOrCreateSecret(j.Out)
	if err != nil {
		return Result{}, err
	}
	code := packet.Code(secret, j.Email)
	if j.Meta.Prepared.IsZero() {
		j.Meta.Prepared = time.Now()
	}
	rendered, err := packet.Render(code, p, j.Meta)
	if err != nil {
		return Result{}, err
	}
	// The gate checks the bytes that would be published, in every format,
	// not only the fields the engine rewrote.
	roster := anonymize.RosterOf(cand, lis)
	leaks := append([]anonymize.Leak(nil), p.Leaks...)
	for name, b := range map[string][]byte{"packet.md": rendered.Markdown, "packet.json": rendered.JSON, "packet.html": rendered.HTML} {
		leaks = append(leaks, j.Engine.Verify(name, string(b), roster)...)
	}
	res := Result{Code: code, Held: len(p.Interviews), Pending: p.Pending, Changes: p.Changes, Leaks: leaks}
	if err := packet.WriteKey(j.Out, []packet.KeyEntry{packet.NewKeyEntry(code, p)}); err != nil {
		return Result{}, err
	}
	if len(leaks) > 0 {
		qdir := filepath.Join(j.Out, QuarantineDir)
		w, err := packet.WriteRendered(qdir, code, rendered)
		if err != nil {
			return Result{}, err
		}
		if err := packet.WriteFileAtomic(filepath.Join(w.Dir, "report.txt"), []byte(leakReport(code, leaks)), 0o600); err != nil {
			return Result{}, err
		}
		// A packet published by an earlier run must not stay where the
		// committee reads it once it no longer passes.
		if err := os.RemoveAll(filepath.Join(j.Out, code)); err != nil {
			return Result{}, fmt.Errorf("packet %s: removing the earlier published copy: %w", code, err)
		}
		res.Status, res.Dir = StatusQuarantined, w.Dir
		return res, nil
	}
	w, err := packet.WriteRendered(j.Out, code, rendered)
	if err != nil {
		return Result{}, err
	}
	if err := os.RemoveAll(filepath.Join(j.Out, QuarantineDir, code)); err != nil {
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

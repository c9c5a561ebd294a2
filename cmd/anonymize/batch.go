package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
)

func batchCommand() *cli.Command {
	return &cli.Command{
		Name:      "batch",
		Usage:     "prepare the packets of every candidate of a committee file, or of everyone interviewed recently",
		ArgsUsage: "[COMMITTEE.yaml]",
		Description: `Prepares many packets at once, concurrently, under one shared API rate limit.
Candidates come from a committee file or from --since (every candidate with an
interview that finished in the window; each gets all their interviews).

Every file is written atomically, and OUT/manifest.json records each packet's
status and the hashes of its input and rules, so a rerun skips what did not
change (--force redoes it) and finishes what an interrupted run left. Logs and
the manifest name candidates by packet code only.

Examples:
   anonymize batch committee.yaml
   anonymize batch --since 7d --out packets/this-week
   anonymize batch --shard 2/4 committee.yaml         # the third of four workers
   anonymize batch committee.yaml --key-recipient age1...

` + exitCodesHelp(),
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "since", Usage: "every candidate with an interview finished in the last `DURATION` (7d, 2w, 36h) instead of a committee file"},
			&cli.StringFlag{Name: "out", Usage: "output `DIR`", DefaultText: "the committee file's out, else packets"},
			&cli.StringFlag{Name: "coordinator", Usage: "the coordinator-only `DIR`: the packet secret, the key (with a line for every candidate, failed ones too), the quarantine and the review; never inside OUT", DefaultText: "the committee file's coordinator, else OUT.coordinator beside OUT"},
			&cli.StringSliceFlag{Name: "rules", Usage: "extra rule pack `DIR` (repeatable), after the committee file's"},
			&cli.StringFlag{Name: "committee", Usage: "committee `NAME` shown in packet headers", DefaultText: "the committee file's meeting and date"},
			&cli.IntFlag{Name: "concurrency", Usage: "candidates prepared at once `N`", DefaultText: "the committee file's, else 8"},
			&cli.StringFlag{Name: "shard", Usage: "prepare only shard `I/N` (0 <= I < N) of the candidates, with 1/N of the API rate limit"},
			&cli.BoolFlag{Name: "force", Usage: "prepare every packet again, even if its input and rules did not change"},
			&cli.StringFlag{Name: "prepared", Usage: "the prepared `TIME` (RFC 3339) shown in packets, for reproducible output", DefaultText: "now"},
			&cli.StringSliceFlag{Name: "key-recipient", Usage: "encrypt the key to this age public `KEY` (repeatable): each run writes COORDINATOR/keys/key-<time>-<id>.json.age"},
		}, append(sourceFlags(),
			&cli.Float64Flag{Name: "rate-limit", Value: fetch.DefaultRateLimit, Usage: "the API's limit in requests a `SECOND` for this key, shared by all shards"},
			maxNoteSizeFlag(),
			&cli.StringFlag{Name: "progress", Value: "auto", Usage: "`MODE`: bar, lines, or auto (a bar on a terminal, lines otherwise)"},
		)...),
		Action: batchAction,
	}
}

func batchAction(c *cli.Context) error {
	com, since, window, err := batchCandidatesFlags(c)
	if err != nil {
		return err
	}
	cfg, mode, err := batchConfig(c, com)
	if err != nil {
		return err
	}
	eng, err := engineFromFlags(append(append([]string(nil), com.Rules...), c.StringSlice("rules")...), nil)
	if err != nil {
		return err
	}
	reportOverrides(c.App.ErrWriter, eng.Pack())
	cfg.Engine = eng
	var retries atomic.Int64
	if cfg.Source, err = batchSource(c, cfg.Shard, &retries); err != nil {
		return err
	}
	w := c.App.Writer
	cfg.Candidates = com.Candidates
	listPages := 0
	if since != "" {
		if cfg.Candidates, listPages, err = recentCandidates(c.Context, w, cfg.Source, since, window); err != nil {
			return err
		}
	}
	rep := newReporter(w, mode)
	cfg.Progress = rep.event
	sum, runErr := batch.Run(c.Context, cfg)
	rep.close(sum)
	requests := -1 // an export file: no API
	if c.String("input") == "" {
		requests = sum.Requests + listPages + int(retries.Load())
	}
	printSummary(w, sum, requests)
	return batchOutcome(sum, runErr)
}

// batchCandidatesFlags checks that the candidates come from one committee
// file or from --since (the window given as since), and reads the file.
func batchCandidatesFlags(c *cli.Context) (com batch.Committee, since string, window time.Duration, err error) {
	since = strings.TrimSpace(c.String("since"))
	switch {
	case c.NArg() > 1:
		err = fmt.Errorf("batch: one committee file at most, got %d arguments", c.NArg())
	case c.NArg() == 1 && since != "":
		err = errors.New("batch: give a committee file or --since, not both")
	case c.NArg() == 0 && since == "":
		err = errors.New("batch: say which candidates: a committee file (anonymize batch committee.yaml) or --since 7d")
	case c.NArg() == 1:
		if com, err = batch.LoadCommittee(c.Args().First()); err != nil {
			err = fmt.Errorf("committee file:\n%w", err)
		}
	default:
		window, err = fetch.ParseSince(since)
	}
	if err != nil {
		return com, since, 0, withCode(exitUsage, err)
	}
	return com, since, window, nil
}

// batchConfig is the run's settings from the flags, over the committee
// file's; mode is the progress display's.
func batchConfig(c *cli.Context, com batch.Committee) (cfg batch.Config, mode string, err error) {
	cfg = batch.Config{Out: firstNonEmpty(c.String("out"), com.Out, "packets"), Coordinator: firstNonEmpty(c.String("coordinator"), com.Coordinator),
		Concurrency: com.Concurrency, Force: c.Bool("force"), Meta: packet.Meta{Committee: com.Title()}, Clock: time.Now}
	if s := c.String("shard"); s != "" {
		if cfg.Shard, err = batch.ParseShard(s); err != nil {
			return cfg, "", withCode(exitUsage, err)
		}
	}
	if s := c.String("prepared"); s != "" {
		if cfg.Meta.Prepared, err = time.Parse(time.RFC3339, s); err != nil {
			return cfg, "", withCode(exitUsage, fmt.Errorf("--prepared %q: want an RFC 3339 time such as 2025-03-14T09:00:00Z", s))
		}
	}
	if cfg.KeyRecipients, err = packet.ParseRecipients(c.StringSlice("key-recipient")); err != nil {
		return cfg, "", withCode(exitUsage, err)
	}
	mode = c.String("progress")
	if mode != "auto" && mode != "bar" && mode != "lines" {
		return cfg, "", withCode(exitUsage, fmt.Errorf("--progress %q: want bar, lines or auto", mode))
	}
	if cfg.MaxNote, err = maxNoteFlag(c); err != nil {
		return cfg, "", err
	}
	if c.IsSet("concurrency") {
		cfg.Concurrency = c.Int("concurrency")
		if cfg.Concurrency < 1 || cfg.Concurrency > batch.MaxConcurrency {
			return cfg, "", withCode(exitUsage, fmt.Errorf("--concurrency %d: want 1 to %d", cfg.Concurrency, batch.MaxConcurrency))
		}
	}
	if c.IsSet("committee") {
		cfg.Meta.Committee = c.String("committee")
	}
	return cfg, mode, nil
}

// batchSource opens the export file or the API. Each shard takes its share
// of the key's rate limit, so that N workers together stay under it. Retry
// messages are counted, not printed: they could quote a candidate's email,
// and logs name candidates by code only.
func batchSource(c *cli.Context, shard batch.Shard, retries *atomic.Int64) (fetch.Source, error) {
	rate := c.Float64("rate-limit")
	if c.String("input") == "" && rate <= 0 {
		return nil, withCode(exitUsage, fmt.Errorf("--rate-limit %v: want a positive number of requests a second", rate))
	}
	if shard.Count > 1 {
		rate /= float64(shard.Count)
	}
	return sourceFromFlags(c, "use --input FILE with an export", fetch.APIOptions{
		RateLimit: rate,
		Logf:      func(string, ...any) { retries.Add(1) },
	})
}

// recentCandidates lists the candidates with an interview finished in the
// last window (since as the user wrote it); listPages is the API requests
// the listing took.
func recentCandidates(ctx context.Context, w io.Writer, src fetch.Source, since string, window time.Duration) (emails []string, listPages int, err error) {
	lister, ok := src.(fetch.Lister)
	if !ok {
		return nil, 0, errors.New("batch --since: this source cannot list every interview")
	}
	now := time.Now()
	groups, err := fetch.FinishedBetween(ctx, lister, now.Add(-window), now)
	if err != nil {
		return nil, 0, err
	}
	n := 0
	for _, g := range groups {
		n += len(g.Interviews)
		if g.Email == "" {
			fmt.Fprintf(w, "warning: %d interview(s) in the window have no candidate email and are left out\n", len(g.Interviews))
			continue
		}
		emails = append(emails, g.Email)
	}
	fmt.Fprintf(w, "%d candidate(s) with an interview finished in the last %s\n", len(emails), since)
	return emails, n/fetch.PageSize + 1, nil
}

// batchOutcome is the command's error (and exit code) for a finished run.
func batchOutcome(sum batch.Summary, runErr error) error {
	switch {
	case runErr != nil && errors.Is(runErr, context.Canceled):
		return fmt.Errorf("batch interrupted; run it again to finish (finished packets are kept and skipped)")
	case runErr != nil:
		return runErr
	case sum.Failed > 0:
		return withCode(exitSomeFailed, fmt.Errorf("%d candidate(s) failed; run the batch again to retry them", sum.Failed))
	case sum.Quarantined > 0:
		return withCode(exitQuarantined, fmt.Errorf("%d packet(s) failed the leak gate and are in %s", sum.Quarantined, filepath.Join(sum.Coordinator, batch.QuarantineDir)))
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// reporter shows a batch's progress: a bar on a terminal, one line per
// candidate otherwise. Both name candidates by packet code only.
type reporter struct {
	w        io.Writer
	progress *mpb.Progress
	bar      *mpb.Bar
	problems atomic.Int64
}

func newReporter(w io.Writer, mode string) *reporter {
	r := &reporter{w: w}
	if mode == "bar" || mode == "auto" && isTerminal(w) {
		r.progress = mpb.New(mpb.WithOutput(w), mpb.WithWidth(40), mpb.WithRefreshRate(150*time.Millisecond))
	}
	return r
}

func (r *reporter) event(e batch.Event) {
	if r.progress == nil {
		line := fmt.Sprintf("[%d/%d] %s %s", e.Finished, e.Total, e.Code, e.Status)
		if e.Reason != "" {
			line += ": " + e.Reason
		}
		fmt.Fprintln(r.w, line)
		return
	}
	if r.bar == nil {
		r.bar = r.progress.AddBar(int64(e.Total),
			mpb.PrependDecorators(decor.Name("packets "), decor.CountersNoUnit("%d/%d")),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
				if n := r.problems.Load(); n > 0 {
					return fmt.Sprintf(" %d problem(s)", n)
				}
				return ""
			}), decor.Name(" "), decor.AverageETA(decor.ET_STYLE_GO)),
		)
	}
	if e.Status == batch.StatusFailed || e.Status == batch.StatusQuarantined {
		r.problems.Add(1)
		// Printed above the bar.
		fmt.Fprintf(r.progress, "%s %s: %s\n", e.Code, e.Status, e.Reason)
	}
	r.bar.Increment()
}

func (r *reporter) close(sum batch.Summary) {
	if r.progress == nil {
		return
	}
	if r.bar != nil && !r.bar.Completed() {
		r.bar.Abort(false)
	}
	r.progress.Wait()
}

// printSummary prints the counts, the throughput and every problem.
// requests counts the API requests (-1: no API was used).
func printSummary(w io.Writer, s batch.Summary, requests int) {
	secs := s.Elapsed().Seconds()
	rate := func(n int) string {
		if secs <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f/s", float64(n)/secs)
	}
	fmt.Fprintf(w, "\nbatch of %d candidate(s)", s.Total)
	if s.ShardOf.Count > 1 {
		fmt.Fprintf(w, " (shard %s)", s.ShardOf)
	}
	fmt.Fprintf(w, " in %s, %s\n", s.Out, s.Elapsed().Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  done\t%d\n", s.Done)
	fmt.Fprintf(tw, "  skipped (unchanged)\t%d\n", s.Skipped)
	fmt.Fprintf(tw, "  quarantined\t%d\n", s.Quarantined)
	fmt.Fprintf(tw, "  failed\t%d\n", s.Failed)
	if s.Unfinished > 0 {
		fmt.Fprintf(tw, "  not finished\t%d\n", s.Unfinished)
	}
	fmt.Fprintf(tw, "  notes redacted\t%d\t(%s)\n", s.Notes, rate(s.Notes))
	if requests >= 0 {
		fmt.Fprintf(tw, "  API requests\t%d\t(%s)\n", requests, rate(requests))
	}
	if s.Unknown > 0 {
		fmt.Fprintf(tw, "  words kept, not understood\t%d\t(listed on the review page)\n", s.Unknown)
	}
	tw.Flush()
	if len(s.Problems) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PACKET\tSTATUS\tREASON")
		for _, p := range s.Problems {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Code, p.Status, oneLineReason(p.Reason))
		}
		tw.Flush()
	}
	if s.Done+s.Quarantined+s.Failed > 0 && s.KeyFile != "" {
		fmt.Fprintf(w, "\nwho is who: %s (coordinator only; keep it away from the committee)\n", s.KeyFile)
	}
	if s.Review != "" {
		if s.Done+s.Quarantined == 0 {
			fmt.Fprintln(w)
		}
		printReview(w, s.Review)
	}
}

func oneLineReason(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

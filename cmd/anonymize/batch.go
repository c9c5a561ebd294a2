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
		Flags: []cli.Flag{
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
			&cli.StringFlag{Name: "api-url", Value: defaultAPIURL, Usage: "CodeSignal's GraphQL endpoint `URL`"},
			&cli.StringFlag{Name: "api-key-file", Usage: "read the API key from `FILE`", DefaultText: "the CODESIGNAL_API_KEY environment variable"},
			&cli.StringFlag{Name: "input", Usage: "read interviews from an export `FILE` instead of the API"},
			&cli.Float64Flag{Name: "rate-limit", Value: fetch.DefaultRateLimit, Usage: "the API's limit in requests a `SECOND` for this key, shared by all shards"},
			&cli.StringFlag{Name: "max-note-size", Value: "128KiB", Usage: "refuse a candidate with a note larger than `SIZE` (bytes, KiB or MiB): redaction time grows faster than a note"},
			&cli.StringFlag{Name: "progress", Value: "auto", Usage: "`MODE`: bar, lines, or auto (a bar on a terminal, lines otherwise)"},
		},
		Action: batchAction,
	}
}

func batchAction(c *cli.Context) error {
	since := strings.TrimSpace(c.String("since"))
	var com batch.Committee
	switch {
	case c.NArg() > 1:
		return withCode(exitUsage, fmt.Errorf("batch: one committee file at most, got %d arguments", c.NArg()))
	case c.NArg() == 1 && since != "":
		return withCode(exitUsage, errors.New("batch: give a committee file or --since, not both"))
	case c.NArg() == 0 && since == "":
		return withCode(exitUsage, errors.New("batch: say which candidates: a committee file (anonymize batch committee.yaml) or --since 7d"))
	case c.NArg() == 1:
		var err error
		if com, err = batch.LoadCommittee(c.Args().First()); err != nil {
			return withCode(exitUsage, fmt.Errorf("committee file:\n%w", err))
		}
	}
	var window time.Duration
	if since != "" {
		var err error
		if window, err = fetch.ParseSince(since); err != nil {
			return withCode(exitUsage, err)
		}
	}
	shard := batch.Shard{}
	if s := c.String("shard"); s != "" {
		var err error
		if shard, err = batch.ParseShard(s); err != nil {
			return withCode(exitUsage, err)
		}
	}
	prepared := time.Time{}
	if s := c.String("prepared"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return withCode(exitUsage, fmt.Errorf("--prepared %q: want an RFC 3339 time such as 2025-03-14T09:00:00Z", s))
		}
		prepared = t
	}
	recipients, err := packet.ParseRecipients(c.StringSlice("key-recipient"))
	if err != nil {
		return withCode(exitUsage, err)
	}
	mode := c.String("progress")
	if mode != "auto" && mode != "bar" && mode != "lines" {
		return withCode(exitUsage, fmt.Errorf("--progress %q: want bar, lines or auto", mode))
	}
	maxNote, err := maxNoteFlag(c)
	if err != nil {
		return err
	}
	out := firstNonEmpty(c.String("out"), com.Out, "packets")
	conc := com.Concurrency
	if c.IsSet("concurrency") {
		conc = c.Int("concurrency")
		if conc < 1 || conc > batch.MaxConcurrency {
			return withCode(exitUsage, fmt.Errorf("--concurrency %d: want 1 to %d", conc, batch.MaxConcurrency))
		}
	}
	title := com.Title()
	if c.IsSet("committee") {
		title = c.String("committee")
	}
	eng, err := engineFromFlags(append(append([]string(nil), com.Rules...), c.StringSlice("rules")...), nil)
	if err != nil {
		return err
	}
	reportOverrides(c.App.ErrWriter, eng.Pack())

	// The source: each shard takes its share of the key's rate limit, so
	// that N workers together stay under it.
	var retries atomic.Int64
	var src fetch.Source
	if in := c.String("input"); in != "" {
		if src, err = fetch.NewFileSource(in); err != nil {
			return err
		}
	} else {
		key, err := loadKey(c.String("api-key-file"), "set "+fetch.APIKeyEnv+" or pass --api-key-file FILE (or use --input FILE with an export)")
		if err != nil {
			return err
		}
		rate := c.Float64("rate-limit")
		if rate <= 0 {
			return withCode(exitUsage, fmt.Errorf("--rate-limit %v: want a positive number of requests a second", rate))
		}
		if shard.Count > 1 {
			rate /= float64(shard.Count)
		}
		src, err = apiSource(c.String("api-url"), key, fetch.APIOptions{
			RateLimit: rate,
			// Retry messages are counted, not printed: they could quote a
			// candidate's email, and logs name candidates by code only.
			Logf: func(string, ...any) { retries.Add(1) },
		})
		if err != nil {
			return err
		}
	}

	w := c.App.Writer
	emails := com.Candidates
	listPages := 0
	if since != "" {
		lister, ok := src.(fetch.Lister)
		if !ok {
			return errors.New("batch --since: this source cannot list every interview")
		}
		now := time.Now()
		groups, err := fetch.FinishedBetween(c.Context, lister, now.Add(-window), now)
		if err != nil {
			return err
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
		listPages = n/fetch.PageSize + 1
		fmt.Fprintf(w, "%d candidate(s) with an interview finished in the last %s\n", len(emails), since)
	}

	rep := newReporter(w, mode)
	sum, runErr := batch.Run(c.Context, batch.Config{
		Source: src, Engine: eng, Out: out, Coordinator: firstNonEmpty(c.String("coordinator"), com.Coordinator), Candidates: emails,
		Concurrency: conc, Shard: shard, Force: c.Bool("force"), MaxNote: maxNote,
		Meta:          packet.Meta{Committee: title, Prepared: prepared},
		KeyRecipients: recipients,
		Progress:      rep.event,
		Clock:         time.Now,
	})
	rep.close(sum)
	requests := -1 // an export file: no API
	if c.String("input") == "" {
		requests = sum.Requests + listPages + int(retries.Load())
	}
	printSummary(w, sum, requests)
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

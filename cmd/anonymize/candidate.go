package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
)

func candidateFlags() []cli.Flag {
	flags := []cli.Flag{&cli.StringFlag{Name: "candidate", Usage: "the candidate's `EMAIL` (CodeSignal keys interviews by it)"}}
	flags = append(flags, sourceFlags()...)
	return append(flags,
		&cli.StringFlag{Name: "out", Value: "packets", Usage: "output `DIR` the committee reads: packets in DIR/<code>/"},
		&cli.StringFlag{Name: "coordinator", Usage: "the coordinator-only `DIR`: the packet secret, the key (with a line for every candidate, failed ones too), the quarantine and the review; never inside OUT", DefaultText: "OUT.coordinator beside OUT"},
		&cli.StringSliceFlag{Name: "rules", Usage: "extra rule pack `DIR` (repeatable): adds, overrides or disables default rules"},
		&cli.StringFlag{Name: "committee", Usage: "committee `NAME` shown in the packet header"},
		maxNoteSizeFlag(),
	)
}

func candidateAction(c *cli.Context) error {
	email := strings.TrimSpace(c.String("candidate"))
	if email == "" {
		if c.NArg() > 0 {
			return withCode(exitUsage, fmt.Errorf("unknown command %q (see --help)", c.Args().First()))
		}
		cli.ShowAppHelp(c)
		return withCode(exitUsage, fmt.Errorf("say which candidate: --candidate EMAIL (or try: anonymize demo)"))
	}
	maxNote, err := maxNoteFlag(c)
	if err != nil {
		return err
	}
	src, err := sourceFromFlags(c, "use --input FILE with an export, or try: anonymize demo", fetch.APIOptions{})
	if err != nil {
		return err
	}
	eng, err := engineFromFlags(c.StringSlice("rules"), nil)
	if err != nil {
		return err
	}
	reportOverrides(c.App.ErrWriter, eng.Pack())
	res, err := batch.PrepareOne(c.Context, batch.Job{
		Email: email, Source: src, Engine: eng, Out: c.String("out"), Coordinator: c.String("coordinator"), MaxNote: maxNote,
		Meta: packet.Meta{Committee: c.String("committee"), Prepared: time.Now()},
	})
	if err != nil {
		return err
	}
	return report(c, res)
}

// report prints where one packet went and what changed.
func report(c *cli.Context, res batch.Result) error {
	w := c.App.Writer
	switch res.Status {
	case batch.StatusQuarantined:
		fmt.Fprintf(w, "packet %s QUARANTINED in %s: %d leak(s) survived redaction; see report.txt there\n", res.Code, res.Dir, len(res.Leaks))
	default:
		fmt.Fprintf(w, "packet %s written to %s (%d interview(s)", res.Code, res.Dir, res.Held)
		if res.Pending > 0 {
			fmt.Fprintf(w, ", %d not held yet", res.Pending)
		}
		fmt.Fprintf(w, "; %s)\n", changeSummary(res.Changes))
	}
	printReview(w, res.Review)
	if res.Status == batch.StatusQuarantined {
		return withCode(exitQuarantined, fmt.Errorf("packet %s failed the leak gate", res.Code))
	}
	return nil
}

// printReview says where the coordinator's review page is.
func printReview(w io.Writer, page string) {
	if page != "" {
		fmt.Fprintf(w, "review every change before sending: %s (coordinator only)\n", page)
	}
}

func changeSummary(changes map[string]int) string {
	if len(changes) == 0 {
		return "no changes"
	}
	ids := make([]string, 0, len(changes))
	for id := range changes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s %d", id, changes[id])
	}
	return strings.Join(parts, ", ")
}

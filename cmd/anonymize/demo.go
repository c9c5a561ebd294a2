package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "anonymize a sample organisation served by a built-in CodeSignal simulator (no API key needed)",
		Description: `Starts the CodeSignal simulator on 127.0.0.1 with the embedded sample
organisation, fetches every candidate through its GraphQL API, and writes their
packets, exactly as a real run would.

Example:
   anonymize demo --out /tmp/demo-packets`,
		Flags: []cli.Flag{
			// The default is outside the working folder, so that trying the
			// demo in a checkout leaves nothing behind in it.
			&cli.StringFlag{Name: "out", Value: filepath.Join(os.TempDir(), "anonymize-demo"), Usage: "output `DIR`"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return withCode(exitUsage, fmt.Errorf("demo: unexpected argument %q (demo takes only --out DIR)", c.Args().First()))
			}
			return runDemo(c.Context, c, c.String("out"))
		},
	}
}

func runDemo(ctx context.Context, c *cli.Context, out string) error {
	w := c.App.Writer
	keyBytes := make([]byte, 16)
	if _, err := rand.Read(keyBytes); err != nil {
		return err
	}
	apiKey := hex.EncodeToString(keyBytes)
	sim, err := codesignaltest.New(codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: apiKey})
	if err != nil {
		return fmt.Errorf("demo simulator: %w", err)
	}
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo simulator: %w", err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		sim.Shutdown(sctx)
	}()
	fmt.Fprintf(w, "CodeSignal simulator with the sample organisation at %s\n", base)
	src, err := fetch.NewAPISource(sim.GraphQLURL(), fetch.NewAPIKey(apiKey, "the demo's simulator"), fetch.APIOptions{})
	if err != nil {
		return err
	}
	all, err := src.AllInterviews(ctx)
	if err != nil {
		return err
	}
	var emails []string
	seen := map[string]bool{}
	for _, li := range all {
		if li.CandidateEmail != "" && !seen[li.CandidateEmail] {
			seen[li.CandidateEmail] = true
			emails = append(emails, li.CandidateEmail)
		}
	}
	sort.Strings(emails)
	eng, err := engineFromFlags(nil, nil)
	if err != nil {
		return err
	}
	totals := map[string]int{}
	quarantined := 0
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PACKET\tSTATUS\tINTERVIEWS\tCHANGES")
	prepared := time.Now()
	coord, err := packet.DefaultCoordinatorDir(out)
	if err != nil {
		return err
	}
	review := ""
	for _, email := range emails {
		res, err := batch.PrepareOne(ctx, batch.Job{Email: email, Source: src, Engine: eng, Out: out,
			Meta: packet.Meta{Committee: "Demo committee", Prepared: prepared}})
		if err != nil {
			return err
		}
		review = res.Review
		n := 0
		for id, k := range res.Changes {
			totals[id] += k
			n += k
		}
		if res.Status == batch.StatusQuarantined {
			quarantined++
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", res.Code, res.Status, res.Held, n)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d packet(s) in %s; who is who: %s (coordinator only; keep it away from the committee)\n", len(emails), out, filepath.Join(coord, packet.KeyFile))
	fmt.Fprintf(w, "changes by rule: %s\n", changeSummary(totals))
	printReview(w, review)
	if quarantined > 0 {
		return withCode(exitQuarantined, fmt.Errorf("%d packet(s) failed the leak gate and are in %s", quarantined, filepath.Join(coord, batch.QuarantineDir)))
	}
	return nil
}

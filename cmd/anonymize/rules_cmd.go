package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/rules"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:      "rules",
		Usage:     "list the active rules or run their inline tests",
		ArgsUsage: "list|test [DIR]...",
		Description: `rules list shows what is active; rules test runs every rule's inline tests.

Example:
   anonymize rules test ./our-rules`,
		// Without a subcommand urfave/cli would show help and exit 0, and
		// with an unknown one print "No help topic" and exit 1.
		Action: func(c *cli.Context) error {
			if c.Args().First() == "help" {
				return cli.ShowSubcommandHelp(c)
			}
			if c.NArg() == 0 {
				cli.ShowSubcommandHelp(c)
				return withCode(exitUsage, errors.New("rules: say what to do: rules list [DIR]... or rules test [DIR]..."))
			}
			return withCode(exitUsage, fmt.Errorf("rules: unknown subcommand %q: want list or test", c.Args().First()))
		},
		Subcommands: []*cli.Command{
			{
				Name:      "list",
				Usage:     "show every active rule, its kind and category, and where it came from",
				ArgsUsage: "[DIR]...",
				Description: `With DIRs, the default pack is extended by those packs as --rules would.

Example:
   anonymize rules list ./our-rules`,
				Action: rulesListAction,
			},
			{
				Name:      "test",
				Usage:     "run the inline tests of the default pack and of the given packs",
				ArgsUsage: "[DIR]...",
				Description: `Every rule file may carry tests: in/out examples run through the pipeline with
only that rule active, and match/nomatch samples for pattern and sentence rules.
Exit code 4 when a test fails.

Example:
   anonymize rules test ./our-rules`,
				Action: rulesTestAction,
			},
		},
	}
}

func rulesListAction(c *cli.Context) error {
	checkEveryExpression()
	pack, err := rules.Load(c.Args().Slice()...)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("rules:\n%w", err))
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tCATEGORY\tACTION\tSOURCE\tDESCRIPTION")
	for _, r := range pack.Rules {
		action := string(r.Action)
		if r.Kind == rules.KindAllow || r.Kind == rules.KindLexicon {
			action = "-" // an allow list protects; it has no action
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Kind, dash(r.Category), action, r.Source, r.Description)
	}
	for id, file := range pack.Disabled {
		fmt.Fprintf(tw, "%s\t-\t-\tdisabled\t%s\t\n", id, file)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if o := pack.Overrides(); len(o) > 0 {
		fmt.Fprintf(c.App.Writer, "\nnot as in the default pack (the leak gate's identity and contact checks still apply):\n  %s\n", strings.Join(o, "\n  "))
	}
	return nil
}

func rulesTestAction(c *cli.Context) error {
	checkEveryExpression()
	anonymize.Preload()
	pack, err := rules.Load(c.Args().Slice()...)
	if err != nil {
		return withCode(exitUsage, fmt.Errorf("rules:\n%w", err))
	}
	var fails []string
	tests := 0
	for _, r := range pack.Rules {
		tests += len(r.Tests)
		fs, err := anonymize.TestRule(pack, r)
		if err != nil {
			return err
		}
		fails = append(fails, fs...)
	}
	for _, f := range fails {
		fmt.Fprintln(c.App.Writer, "FAIL "+f)
	}
	fmt.Fprintf(c.App.Writer, "%d rule(s), %d test(s), %d failed\n", len(pack.Rules), tests, len(fails))
	if len(fails) > 0 {
		return withCode(exitRuleTests, fmt.Errorf("%d rule test(s) failed", len(fails)))
	}
	return nil
}

// checkEveryExpression makes the rules commands compile and check every
// expression of every file, as a load without a cache does, whatever the
// cache's ledger says (rules.Ledger): checking rules is what they are for.
// It is called before any rule is read.
func checkEveryExpression() {
	rules.UseLedger(nil)
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// reportOverrides says, when rules are loaded for real work, which default
// rules a pack disabled or replaced and which allow lists it extended.
func reportOverrides(w io.Writer, p *rules.Pack) {
	for _, o := range p.Overrides() {
		fmt.Fprintf(w, "rules: %s\n", o)
	}
}

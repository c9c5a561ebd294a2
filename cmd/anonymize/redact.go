package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/batch"
)

func textFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "candidate", Usage: "the candidate's `NAME`, or \"NAME <EMAIL>\""},
		&cli.StringSliceFlag{Name: "interviewer", Usage: "an interviewer's `NAME`, or \"NAME <EMAIL>\" (repeatable)"},
		&cli.StringFlag{Name: "only", Usage: "run only these rule ids, comma-separated (`RULE,...`); allow lists always apply"},
		&cli.StringSliceFlag{Name: "rules", Usage: "extra rule pack `DIR` (repeatable)"},
		&cli.StringFlag{Name: "reflexive", Usage: "reflexive of singular they: `themselves` (the pack's default) or themself"},
		&cli.StringFlag{Name: "max-note-size", Value: "128KiB", Usage: "refuse a text larger than `SIZE` (bytes, KiB or MiB): redaction time grows faster than a text"},
	}
}

func redactCommand() *cli.Command {
	return &cli.Command{
		Name:      "redact",
		Usage:     "redact one text (a file or stdin) to stdout, for trying rules",
		ArgsUsage: "[FILE|-]",
		Description: `Runs the whole pipeline on a text (FILE, or stdin when there is none or it is -)
and prints the result, line structure kept. Known identities come from the
flags, as they would from the API record.

Examples:
   anonymize redact --candidate "Maria Lopez <maria@example.com>" --interviewer "Kenji Watanabe" notes.md
   echo "She said her tests pass." | anonymize redact --only pronouns
   anonymize redact --only pronouns --reflexive themself < sentences.txt`,
		Flags: textFlags(),
		Action: func(c *cli.Context) error {
			_, res, err := redactInput(c)
			if err != nil {
				return err
			}
			_, err = io.WriteString(c.App.Writer, res.Out)
			return err
		},
	}
}

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "list every change the rules make to a text, with position, rule and before -> after",
		ArgsUsage: "[FILE|-]",
		Description: `For tuning rules: each line is LINE:COL, the rule id, and what became what.
Flagged findings (rules with action: flag) are listed but not changed.
Capitalised words no lexicon, allow list or rule explains (not opening a
sentence) are listed as "unknown" with their context: kept, or removed where
the pack's pack.yaml says unknown_words: remove.

Example:
   anonymize explain --candidate "Maria Lopez" --rules ./our-rules notes.md`,
		Flags: textFlags(),
		Action: func(c *cli.Context) error {
			text, res, err := redactInput(c)
			if err != nil {
				return err
			}
			w := c.App.Writer
			for _, ch := range res.Changes {
				line, col := lineCol(text, ch.Start)
				verb := "->"
				if ch.Flag {
					verb = "flagged"
				}
				if ch.Flag {
					fmt.Fprintf(w, "%d:%d\t%s\t%q %s\n", line, col, ch.Rule, ch.Before, verb)
				} else {
					fmt.Fprintf(w, "%d:%d\t%s\t%q %s %q\n", line, col, ch.Rule, ch.Before, verb, ch.After)
				}
			}
			for _, l := range res.Leaks {
				line, col := lineCol(res.Out, l.Offset)
				fmt.Fprintf(w, "LEAK\toutput %d:%d\t%s\n", line, col, l.Kind)
			}
			// Words kept without being understood: what a reader should
			// check, since a name no rule knows looks like this.
			for _, u := range res.Unknown {
				line, col := lineCol(text, u.Offset)
				verb := "kept, not understood"
				if u.Removed {
					verb = "removed, not understood"
				}
				fmt.Fprintf(w, "%d:%d\tunknown\t%q %s: %s\n", line, col, u.Word, verb, u.Context)
			}
			fmt.Fprintf(w, "%d change(s), %d leak(s)\n", countChanges(res.Changes), len(res.Leaks))
			if len(res.Unknown) > 0 {
				fmt.Fprintf(w, "%d capitalised word(s) not understood\n", len(res.Unknown))
			}
			return nil
		},
	}
}

func countChanges(cs []anonymize.Change) int {
	n := 0
	for _, c := range cs {
		if !c.Flag {
			n++
		}
	}
	return n
}

// lineCol turns a byte offset into a 1-based line and column (in runes).
func lineCol(text string, off int) (int, int) {
	if off > len(text) {
		off = len(text)
	}
	before := text[:off]
	line := strings.Count(before, "\n") + 1
	col := len([]rune(before[strings.LastIndex(before, "\n")+1:])) + 1
	return line, col
}

// redactInput reads the text of a redact or explain command and runs the
// pipeline on it.
func redactInput(c *cli.Context) (string, anonymize.Text, error) {
	text, eng, roster, err := textInput(c)
	if err != nil {
		return "", anonymize.Text{}, err
	}
	res, err := eng.Redact(text, roster)
	return text, res, err
}

// textInput reads the text (FILE or stdin) and builds the engine and the
// known identities from the flags.
func textInput(c *cli.Context) (string, *anonymize.Engine, anonymize.Roster, error) {
	var r io.Reader = c.App.Reader
	name := "stdin"
	switch {
	case c.NArg() == 0 || c.NArg() == 1 && c.Args().First() == "-":
	case c.NArg() == 1:
		name = c.Args().First()
		f, err := os.Open(name)
		if err != nil {
			return "", nil, anonymize.Roster{}, err
		}
		defer f.Close()
		r = f
	default:
		return "", nil, anonymize.Roster{}, withCode(exitUsage, fmt.Errorf("%s takes at most one FILE", c.Command.Name))
	}
	max, err := maxNoteFlag(c)
	if err != nil {
		return "", nil, anonymize.Roster{}, err
	}
	// Read at most one byte more than allowed: /dev/zero or a huge paste
	// is refused without being held in memory.
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return "", nil, anonymize.Roster{}, fmt.Errorf("reading %s: %w", name, err)
	}
	if int64(len(data)) > max {
		return "", nil, anonymize.Roster{}, fmt.Errorf("%s: %w: more than %d bytes (raise --max-note-size if the text is genuine)", name, batch.ErrNoteTooLarge, max)
	}
	var only []string
	for _, id := range strings.Split(c.String("only"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			only = append(only, id)
		}
	}
	eng, err := engineWith(c.StringSlice("rules"), only, c.String("reflexive"))
	if err != nil {
		return "", nil, anonymize.Roster{}, err
	}
	roster := anonymize.Roster{Candidate: parsePerson(c.String("candidate"))}
	for _, iv := range c.StringSlice("interviewer") {
		roster.Interviewers = append(roster.Interviewers, parsePerson(iv))
	}
	return string(data), eng, roster, nil
}

var personWithEmail = regexp.MustCompile(`^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$`)

// parsePerson reads "Name" or "Name <email>".
func parsePerson(s string) anonymize.Person {
	if m := personWithEmail.FindStringSubmatch(s); m != nil {
		return anonymize.Person{Name: m[1], Email: m[2]}
	}
	return anonymize.Person{Name: strings.TrimSpace(s)}
}

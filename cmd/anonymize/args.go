package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// permute lets flags follow arguments, as people type them ("anonymize
// reveal P-0M45256F --key packets"). urfave/cli v2 parses with the standard
// library's flag package, which stops at the first argument that is not a
// flag, so the line is reordered before it is parsed: the command path is
// found, and every flag after it (with its value, for a flag that takes one)
// is moved before that command's arguments. "--" ends the flags: what
// follows stays an argument, in place. A lone "-" (stdin) is an argument.
//
// A word starting with "-" that is no flag of the command is moved too, so
// that the parser reports it as an unknown flag (exit 2) rather than the
// command seeing a strange argument.
func permute(app *cli.App, args []string) []string {
	if len(args) == 0 {
		return args
	}
	out := []string{args[0]}
	flags, cmds := app.Flags, app.Commands
	rest := args[1:]
	for {
		// Flags of this level that come before the next word.
		var lead []string
		i := 0
		for i < len(rest) && isFlag(rest[i]) {
			lead = append(lead, rest[i])
			if takesValue(flags, rest[i]) && i+1 < len(rest) {
				lead = append(lead, rest[i+1])
				i++
			}
			i++
		}
		out = append(out, lead...)
		rest = rest[i:]
		if len(rest) == 0 {
			return out
		}
		if rest[0] == "--" {
			return append(out, rest...)
		}
		if sub := findCommand(cmds, rest[0]); sub != nil {
			out = append(out, rest[0])
			flags, cmds = sub.Flags, sub.Subcommands
			rest = rest[1:]
			continue
		}
		// The command's arguments, with its flags among them. A "--" the
		// line holds goes right after the moved flags, so that what
		// followed it stays an argument; what came before it cannot look
		// like a flag, since every such word was moved.
		var fl, pos []string
		dashes := false
		for j := 0; j < len(rest); j++ {
			a := rest[j]
			switch {
			case a == "--":
				dashes = true
				pos = append(pos, rest[j+1:]...)
				j = len(rest)
			case isFlag(a):
				fl = append(fl, a)
				if takesValue(flags, a) && j+1 < len(rest) {
					fl = append(fl, rest[j+1])
					j++
				}
			default:
				pos = append(pos, a)
			}
		}
		out = append(out, fl...)
		if dashes {
			out = append(out, "--")
		}
		return append(out, pos...)
	}
}

// isFlag reports whether a word of the command line is a flag ("-x",
// "--name", "--name=value"); "-" and "--" are not.
func isFlag(a string) bool {
	return len(a) > 1 && a[0] == '-' && a != "--"
}

// flagName is the name a flag word gives, without dashes and value.
func flagName(a string) (string, bool) {
	name := strings.TrimLeft(a, "-")
	name, _, hasValue := strings.Cut(name, "=")
	return name, hasValue
}

// takesValue reports whether the flag word a is a flag of flags that reads
// the next word as its value ("--key DIR", not "--key=DIR" or "--force").
func takesValue(flags []cli.Flag, a string) bool {
	name, inline := flagName(a)
	if inline {
		return false
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if v, ok := f.(cli.DocGenerationFlag); ok {
				return v.TakesValue()
			}
			return false
		}
	}
	return false
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

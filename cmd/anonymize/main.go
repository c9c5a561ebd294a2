package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize"
)

// Exit codes: one table for every command, the same as the README's and
// doc.go's (exitTable, which TestExitCodeTable checks against both).
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitQuarantined = 3
	exitRuleTests   = 4
	// exitSomeFailed: the batch ran to its end, but some candidates have
	// no fresh packet (see the summary); rerunning tries them again. It
	// wins over exitQuarantined when both happened.
	exitSomeFailed = 5
)

// exitTable says what each exit code means, for every command; help texts
// show it and the README holds the same table.
var exitTable = []struct {
	code    int
	meaning string
}{
	{exitOK, "done (or nothing changed)"},
	{exitError, "an error: network, API, files, interrupted; run it again to finish"},
	{exitUsage, "bad usage: an unknown command or flag, a bad value, a committee, service or rule file with errors, no API key, an API URL that would send the key in clear"},
	{exitQuarantined, "a packet failed the leak gate and was quarantined"},
	{exitRuleTests, "rule tests failed (rules test)"},
	{exitSomeFailed, "some candidates of a batch failed (rerun to retry them); wins over 3"},
}

// exitCodesHelp is exitTable as help text.
func exitCodesHelp() string {
	var b strings.Builder
	b.WriteString("Exit codes (every command):\n")
	for _, e := range exitTable {
		fmt.Fprintf(&b, "   %d  %s\n", e.code, e.meaning)
	}
	return strings.TrimRight(b.String(), "\n")
}

// exitError carries an exit code with its message.
type codedError struct {
	code int
	err  error
}

func (e codedError) Error() string { return e.err.Error() }
func (e codedError) Unwrap() error { return e.err }

func withCode(code int, err error) error { return codedError{code, err} }

// noCacheEnv names the environment variable that, set to anything but "",
// keeps the command out of the user's cache folder: the tagger's tables
// and the analyses of the rules' expressions are then built at every
// start.
const noCacheEnv = "ANONYMIZE_NO_CACHE"

func main() {
	useCache()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// useCache keeps what the engine builds the same way at every start (the
// tagger's tables, the analyses of the rules' expressions) in the user's
// cache folder (os.UserCacheDir()/anonymize, e.g. ~/.cache/anonymize),
// unless noCacheEnv says not to or there is no such folder. Only the
// command does: tests that run it in-process, and programs that use the
// package, write nothing.
func useCache() {
	if os.Getenv(noCacheEnv) != "" {
		return
	}
	if dir, err := os.UserCacheDir(); err == nil {
		anonymize.UseCache(filepath.Join(dir, "anonymize"))
	}
}

// run is the whole program with its I/O passed in, so that tests can run it
// in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	err := app.RunContext(ctx, permute(app, args))
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "anonymize: %v\n", err)
	var ce codedError
	if errors.As(err, &ce) {
		return ce.code
	}
	return exitError
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "anonymize",
		Usage: "turn CodeSignal interview notes into packets a hiring committee can judge without knowing who the candidate is",
		Description: `Fetches every live interview of a candidate, removes names, contact details, gendered
language and other bias-revealing details from every note, and writes a packet
(packet.md, packet.json, packet.html) under OUT/<code>/. Who is who goes to the
coordinator folder only (--coordinator, default OUT.coordinator beside OUT).

Examples:
   CODESIGNAL_API_KEY=... anonymize --candidate maria@example.com --out packets
   anonymize --candidate maria@example.com --input export.json --out packets
   anonymize demo

Flags may come before or after arguments, for every command.

` + exitCodesHelp(),
		Version:         version(debug.ReadBuildInfo()),
		Reader:          stdin,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Flags:           candidateFlags(),
		Action:          candidateAction,
		Commands: []*cli.Command{
			redactCommand(),
			explainCommand(),
			demoCommand(),
			rulesCommand(),
			batchCommand(),
			revealCommand(),
			serveCommand(),
		},
		ExitErrHandler: func(*cli.Context, error) {}, // run reports errors and picks the code
		OnUsageError:   usageError,
	}
	// A usage error is exit 2 whichever command it is in: urfave/cli asks
	// each command's own OnUsageError, and prints help and exits 1 where a
	// command has none.
	// A switch's help says what it does, not "(default: false)".
	quiet := func(fs []cli.Flag) {
		for _, f := range fs {
			if b, ok := f.(*cli.BoolFlag); ok {
				b.DisableDefaultText = true
			}
		}
	}
	quiet(app.Flags)
	var each func([]*cli.Command)
	each = func(cs []*cli.Command) {
		for _, c := range cs {
			c.OnUsageError = usageError
			c.HideHelpCommand = true
			quiet(c.Flags)
			each(c.Subcommands)
		}
	}
	each(app.Commands)
	return app
}

func usageError(c *cli.Context, err error, _ bool) error {
	return withCode(exitUsage, fmt.Errorf("%w (see --help)", err))
}

// version says which build this is: the module's version (a tag when
// installed with go install, "(devel)" when built in a checkout), and the
// VCS revision, its time and whether the tree had changes, when the
// build recorded them.
func version(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "unknown (no build information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v + ", " + info.GoVersion
	}
	v += ", revision " + rev
	if at != "" {
		v += " (" + at + ")"
	}
	if modified {
		v += " with local changes"
	}
	return v + ", " + info.GoVersion
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

// Exit codes, documented in the README and in doc.go.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitQuarantined = 3
	exitRuleTests   = 4
)

// exitError carries an exit code with its message.
type codedError struct {
	code int
	err  error
}

func (e codedError) Error() string { return e.err.Error() }
func (e codedError) Unwrap() error { return e.err }

func withCode(code int, err error) error { return codedError{code, err} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program with its I/O passed in, so that tests can run it
// in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	err := app.RunContext(ctx, args)
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
	return &cli.App{
		Name:  "anonymize",
		Usage: "turn CodeSignal interview notes into packets a hiring committee can judge without knowing who the candidate is",
		Description: `Fetches every live interview of a candidate, removes names, contact details, gendered
language and other bias-revealing details from every note, and writes a packet
(packet.md, packet.json, packet.html) under OUT/<code>/. Who is who goes to the
coordinator folder only (--coordinator, default OUT.coordinator beside OUT).

Examples:
   CODESIGNAL_API_KEY=... anonymize --candidate maria@example.com --out packets
   anonymize --candidate maria@example.com --input export.json --out packets
   anonymize demo`,
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
		OnUsageError: func(c *cli.Context, err error, isSubcommand bool) error {
			return withCode(exitUsage, fmt.Errorf("%w (see --help)", err))
		},
	}
}

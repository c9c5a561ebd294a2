package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

func TestPermute(t *testing.T) {
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"flags first already", []string{"reveal", "--key", "k", "P-1"}, []string{"reveal", "--key", "k", "P-1"}},
		{"flag with value after the argument", []string{"reveal", "P-1", "--key", "k"}, []string{"reveal", "--key", "k", "P-1"}},
		{"flag=value after", []string{"reveal", "P-1", "--key=k"}, []string{"reveal", "--key=k", "P-1"}},
		{"switch between arguments", []string{"batch", "c.yaml", "--force", "--out", "o"}, []string{"batch", "--force", "--out", "o", "c.yaml"}},
		{"repeated flag", []string{"redact", "f.md", "--interviewer", "A", "--interviewer", "B"}, []string{"redact", "--interviewer", "A", "--interviewer", "B", "f.md"}},
		{"a value that looks like an argument stays with its flag", []string{"redact", "--candidate", "Maria Lopez", "f.md"}, []string{"redact", "--candidate", "Maria Lopez", "f.md"}},
		{"stdin dash is an argument", []string{"redact", "-", "--only", "pronouns"}, []string{"redact", "--only", "pronouns", "-"}},
		{"double dash keeps what follows an argument", []string{"redact", "--only", "pronouns", "--", "-odd-name.md"}, []string{"redact", "--only", "pronouns", "--", "-odd-name.md"}},
		{"double dash after an argument", []string{"redact", "a.md", "--", "--only"}, []string{"redact", "--", "a.md", "--only"}},
		{"global flags around no command", []string{"--out", "o", "--candidate", "x@y.z"}, []string{"--out", "o", "--candidate", "x@y.z"}},
		{"subcommand", []string{"rules", "list", "pack", "--help"}, []string{"rules", "list", "--help", "pack"}},
		{"unknown flag moves to be reported", []string{"reveal", "P-1", "--bogus"}, []string{"reveal", "--bogus", "P-1"}},
		{"flag without its value at the end", []string{"reveal", "P-1", "--key"}, []string{"reveal", "--key", "P-1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := permute(app, append([]string{"anonymize"}, tc.in...))
			if diff := cmp.Diff(append([]string{"anonymize"}, tc.want...), got); diff != "" {
				t.Errorf("permute(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// Every command that takes arguments, run for real with its flags after
// them.
func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	if err := os.WriteFile(export, codesignaltest.SampleJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	emails := candidateEmails(codesignaltest.Sample())
	out := filepath.Join(dir, "out")
	committee := writeCommittee(t, dir, out, emails[:2])
	note := filepath.Join(dir, "note.md")
	os.WriteFile(note, []byte("Maria wrote Go. She is careful.\n"), 0o644)
	pack := t.TempDir()
	os.WriteFile(filepath.Join(pack, "codenames.yaml"), []byte("kind: swap\npairs: {Falcon: \"[project]\"}\n"), 0o644)

	code, stdout, stderr := runCLI(t, "", "batch", committee, "--input", export, "--prepared", fixedPrepared, "--progress", "lines", "--concurrency", "2")
	if code != exitOK || !strings.Contains(stdout, "done") {
		t.Fatalf("batch FILE --flags: exit %d\n%s%s", code, stdout, stderr)
	}
	packetCode := regexp.MustCompile(`P-[0-9A-Z]{8}`).FindString(stdout)
	if packetCode == "" {
		t.Fatalf("batch names no packet code:\n%s", stdout)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"reveal CODE --key DIR", "", []string{"reveal", packetCode, "--key", out}, "packet " + packetCode + ": "},
		{"redact FILE --candidate X", "", []string{"redact", note, "--candidate", "Maria Lopez"}, "The candidate wrote Go. They are careful.\n"},
		{"redact - --only", "She is here.", []string{"redact", "-", "--only", "pronouns"}, "They are here."},
		{"explain FILE --candidate X", "", []string{"explain", note, "--candidate", "Maria Lopez", "--only", "people"}, `"Maria" -> "The candidate"`},
		{"rules list DIR", "", []string{"rules", "list", pack}, "codenames"},
		{"candidate with flags in any order", "", []string{"--input", export, "--out", filepath.Join(dir, "one"), "--candidate", emails[0]}, "written to"},
	} {
		code, stdout, stderr := runCLI(t, tc.stdin, tc.args...)
		if code != exitOK || !strings.Contains(stdout, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, want %q\nstderr: %s", tc.name, code, stdout, tc.want, stderr)
		}
	}
}

// TestExitCodes runs one case of every code of the table, and every
// command with an unknown flag.
func TestExitCodes(t *testing.T) {
	t.Setenv(fetch.APIKeyEnv, "")
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	if err := os.WriteFile(export, codesignaltest.SampleJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	emails := candidateEmails(codesignaltest.Sample())
	withNobody := writeCommittee(t, t.TempDir(), filepath.Join(dir, "b"), append(emails[:1:1], "nobody@example.com"))
	failing := t.TempDir()
	os.WriteFile(filepath.Join(failing, "codenames.yaml"), []byte("kind: swap\npairs: {Falcon: \"[project]\"}\ntests:\n  - {in: Falcon shipped., out: Falcon shipped.}\n"), 0o644)
	flagOnly := t.TempDir()
	os.WriteFile(filepath.Join(flagOnly, "pack.yaml"), []byte("categories:\n  contact: flag\n"), 0o644)
	keyFile := writeKeyFile(t, testKey)
	svc := func(apiURL string) string {
		p := filepath.Join(t.TempDir(), "service.yaml")
		os.WriteFile(p, []byte("out: "+filepath.Join(dir, "svc")+"\nstate: "+filepath.Join(dir, "state")+"\napi: {url: '"+apiURL+"'}\nwebhook: {url: 'https://h.test/webhooks/codesignal', secret_env: TEST_HOOK_SECRET}\ncommittees: []\n"), 0o600)
		return p
	}
	t.Setenv("TEST_HOOK_SECRET", "s3cret")
	var quarantineEmail string
	for _, li := range codesignaltest.Sample().LiveInterviews {
		for _, fb := range li.InterviewersFeedback {
			if emailRE.MatchString(fb.Notes) && li.Held() {
				quarantineEmail = li.CandidateEmail
			}
		}
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"0: done", []string{"rules", "list"}, exitOK, ""},
		{"1: a file that cannot be read", []string{"--candidate", "x@example.com", "--input", filepath.Join(dir, "missing.json"), "--out", t.TempDir()}, exitError, "missing.json"},
		{"1: no key entry", []string{"reveal", "P-00000000", "--key", export}, exitError, "reveal"},
		{"2: unknown command", []string{"frob"}, exitUsage, `unknown command "frob"`},
		{"2: an argument demo does not take", []string{"demo", "extra"}, exitUsage, `demo: unexpected argument "extra"`},
		{"2: unknown rules subcommand", []string{"rules", "frob"}, exitUsage, `unknown subcommand "frob": want list or test`},
		{"2: rules without a subcommand", []string{"rules"}, exitUsage, "rules list"},
		{"2: missing key, main", []string{"--candidate", "x@example.com", "--out", t.TempDir()}, exitUsage, "--api-key-file"},
		{"2: missing key, batch", []string{"batch", withNobody}, exitUsage, "--api-key-file"},
		{"2: missing key, serve", []string{"serve", "--config", svc("https://api.test/graphql")}, exitUsage, "api.key_file in the service file"},
		{"2: plain http, main", []string{"--candidate", "x@example.com", "--api-url", "http://api.test/graphql", "--api-key-file", keyFile}, exitUsage, "insecure API URL"},
		{"2: plain http, batch", []string{"batch", withNobody, "--api-url", "http://api.test/graphql", "--api-key-file", keyFile}, exitUsage, "insecure API URL"},
		{"2: bad value", []string{"batch", withNobody, "--input", export, "--concurrency", "0"}, exitUsage, "--concurrency 0"},
		{"3: quarantined", []string{"--candidate", quarantineEmail, "--input", export, "--out", t.TempDir(), "--rules", flagOnly}, exitQuarantined, "leak gate"},
		{"4: rule tests failed", []string{"rules", "test", failing}, exitRuleTests, "rule test(s) failed"},
		{"5: a candidate failed", []string{"batch", withNobody, "--input", export, "--progress", "lines"}, exitSomeFailed, "1 candidate(s) failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("%q: exit %d, stderr %q; want exit %d and %q\nstdout: %s", tc.args, code, stderr, tc.code, tc.want, stdout)
			}
		})
	}
	t.Run("2: plain http, serve", func(t *testing.T) {
		t.Setenv(fetch.APIKeyEnv, testKey)
		code, _, stderr := runCLI(t, "", "serve", "--config", svc("http://api.test/graphql"))
		if code != exitUsage || !strings.Contains(stderr, "insecure API URL") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})

	// An unknown flag is bad usage in every command, before or after its
	// arguments.
	for _, p := range commandPaths() {
		for _, args := range [][]string{append(append([]string(nil), p...), "--no-such-flag"), append(append([]string(nil), p...), "x", "--no-such-flag")} {
			code, _, stderr := runCLI(t, "", args...)
			if code != exitUsage || !strings.Contains(stderr, "no-such-flag") {
				t.Errorf("%q: exit %d, stderr %q; want %d", args, code, stderr, exitUsage)
			}
		}
	}
}

// The README's exit-code table is the program's.
func TestExitCodeTableInREADME(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, e := range exitTable {
		row := "| `" + string(rune('0'+e.code)) + "` | " + e.meaning + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README lacks the row %q", row)
		}
	}
	for _, f := range []string{"doc.go"} {
		b, _ := os.ReadFile(f)
		for _, e := range exitTable {
			if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(string(b), "//", "")), " "), strings.Join(strings.Fields(e.meaning), " ")) {
				t.Errorf("%s lacks exit code %d: %q", f, e.code, e.meaning)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "--version")
	info, ok := debug.ReadBuildInfo()
	if code != exitOK || !strings.HasPrefix(stdout, "anonymize version ") || !strings.Contains(stdout, version(info, ok)) {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "unknown (no build information)"},
		{"checkout without VCS", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, "(devel), go1.26.8"},
		{"tagged, clean", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0ba323a93eb6c8b62637796b40620f392ff2029c"}, {Key: "vcs.time", Value: "2026-11-27T11:19:41Z"}, {Key: "vcs.modified", Value: "false"},
		}}, "v1.4.0, revision 0ba323a93eb6c8b62637796b40620f392ff2029c (2026-11-27T11:19:41Z), go1.26.8"},
		{"local changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"},
		}}, "(devel), revision abc with local changes, go1.26.8"},
	} {
		if got := version(tc.info, tc.info != nil); got != tc.want {
			t.Errorf("%s: version = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestVersionOfABuiltBinary builds the program the way a release is built
// (with VCS stamping on, where the checkout allows it) and reads its
// --version: the module version, and the revision when Go recorded one.
func TestVersionOfABuiltBinary(t *testing.T) {
	bin := binary(t)
	b, err := exec.Command(bin, "--version").CombinedOutput()
	out := string(b)
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`^anonymize version (\(devel\)|v\S+)(, revision [0-9a-f]{7,40}( \([^)]*\))?( with local changes)?)?, go\d`).MatchString(out) {
		t.Errorf("--version printed %q", out)
	}
}

// The help texts' examples are real command lines: each parses with the
// command's own flags (the actions replaced by a recorder, so nothing
// runs), and reaches the command whose help shows it. Every command has at
// least one.
func TestHelpExamples(t *testing.T) {
	var help bytes.Buffer
	app := newApp(strings.NewReader(""), &help, &help)
	type example struct{ command, line string }
	var examples []example
	var reached string
	var walk func(prefix string, cs []*cli.Command)
	collect := func(name, text string) {
		n := 0
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if i := strings.Index(line, "anonymize "); i >= 0 && (i == 0 || strings.Contains(line[:i], "=") || strings.HasSuffix(line[:i], "| ")) {
				examples = append(examples, example{name, line[i:]})
				n++
			}
		}
		if n == 0 {
			t.Errorf("the help of %q has no example", name)
		}
	}
	collect("", app.Description)
	app.Action = func(*cli.Context) error { reached = ""; return nil }
	walk = func(prefix string, cs []*cli.Command) {
		for _, c := range cs {
			name := strings.TrimSpace(prefix + " " + c.Name)
			collect(name, c.Description)
			c.Action = func(*cli.Context) error { reached = name; return nil }
			walk(name, c.Subcommands)
		}
	}
	walk("", app.Commands)
	for _, ex := range examples {
		args := shellWords(ex.line)
		reached = "?"
		err := app.RunContext(context.Background(), permute(app, args))
		if err != nil {
			t.Errorf("example %q of %q: %v", ex.line, ex.command, err)
			continue
		}
		if reached == "?" || !strings.HasPrefix(reached, ex.command) {
			t.Errorf("example %q in the help of %q runs %q", ex.line, ex.command, reached)
		}
	}
}

// shellWords splits a command line as a shell would for these examples:
// quotes group words, and a comment, a redirection or a pipe ends it.
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case (r == '#' || r == '<' || r == '>' || r == '|') && !inWord:
			return words
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// The review page is written for batches, single candidates and the demo,
// beside the key file in the coordinator folder, never in the output
// folder, and each says where it is.
func TestReviewPageIsPrinted(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	if err := os.WriteFile(export, codesignaltest.SampleJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	emails := candidateEmails(codesignaltest.Sample())
	batchOut := filepath.Join(dir, "batch")
	oneOut := filepath.Join(dir, "one")
	for _, tc := range []struct {
		name string
		args []string
		out  string
	}{
		{"batch", []string{"batch", writeCommittee(t, t.TempDir(), batchOut, emails[:3]), "--input", export, "--progress", "lines"}, batchOut},
		{"candidate", []string{"--candidate", emails[0], "--input", export, "--out", oneOut}, oneOut},
		{"batch again, all skipped", []string{"batch", writeCommittee(t, t.TempDir(), batchOut, emails[:3]), "--input", export, "--progress", "lines"}, batchOut},
	} {
		code, stdout, stderr := runCLI(t, "", tc.args...)
		page := filepath.Join(tc.out+".coordinator", "review.html")
		if code != exitOK || !strings.Contains(stdout, "review every change before sending: "+page) {
			t.Errorf("%s: exit %d, stdout lacks the review page %s:\n%s%s", tc.name, code, page, stdout, stderr)
			continue
		}
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		packets, _ := filepath.Glob(filepath.Join(tc.out, "P-*"))
		if n := strings.Count(string(b), `<section class="packet"`); n != len(packets) || n == 0 {
			t.Errorf("%s: the review page shows %d packet(s), the folder has %d", tc.name, n, len(packets))
		}
		for _, p := range append(packets, tc.out) {
			if files, _ := filepath.Glob(filepath.Join(p, "*review*")); len(files) > 0 {
				t.Errorf("%s: review files in the output folder: %v", tc.name, files)
			}
		}
	}
}

// Every command's --help exits 0, says what the command takes, shows an
// example, and gives each flag's default once.
func TestHelpTexts(t *testing.T) {
	for _, p := range commandPaths() {
		code, stdout, stderr := runCLI(t, "", append(append([]string(nil), p...), "--help")...)
		name := strings.Join(append([]string{"anonymize"}, p...), " ")
		if code != exitOK || !strings.Contains(stdout, "USAGE:") {
			t.Errorf("%s --help: exit %d\n%s%s", name, code, stdout, stderr)
			continue
		}
		if !strings.Contains(stdout, "Example") {
			t.Errorf("%s --help shows no example", name)
		}
		for _, line := range strings.Split(stdout, "\n") {
			if strings.Count(line, "(default:") > 1 || strings.Contains(line, "(default: false)") {
				t.Errorf("%s --help: %q", name, strings.TrimSpace(line))
			}
		}
	}
}

// commandPaths is every command of the CLI as its words: the root (none),
// each command and each subcommand.
func commandPaths() [][]string {
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
	paths := [][]string{{}}
	for _, c := range app.Commands {
		paths = append(paths, []string{c.Name})
		for _, s := range c.Subcommands {
			paths = append(paths, []string{c.Name, s.Name})
		}
	}
	return paths
}

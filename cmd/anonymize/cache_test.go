package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMain keeps every command a test starts out of the user's cache
// folder: a test that wants the tagger's cache gives its command a folder
// of its own (cacheEnv).
func TestMain(m *testing.M) {
	os.Setenv(noCacheEnv, "1")
	os.Exit(m.Run())
}

// cacheEnv is the environment of a command that keeps its cache under
// home (os.UserCacheDir reads HOME, or XDG_CACHE_HOME where set).
func cacheEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, noCacheEnv+"=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
}

// TestRedactWithCache runs `anonymize redact` without a cache, with a
// missing one (which it writes), with the one written, with a damaged one
// and with the cache switched off: the output is the same every time, and
// the cache is where the user's cache folder is.
func TestRedactWithCache(t *testing.T) {
	bin := binary(t)
	note := filepath.Join(t.TempDir(), "note.md")
	if err := os.WriteFile(note, []byte("Maria Lopez said she tested her code in Lisbon.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	cache := filepath.Join(home, ".cache", "anonymize")
	run := func(env []string) string {
		t.Helper()
		cmd := exec.Command(bin, "redact", "--candidate", "Maria Lopez", note)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("redact: %v\n%s", err, out)
		}
		return string(out)
	}
	want := run(os.Environ()) // TestMain switched the cache off
	if _, err := os.Stat(cache); !os.IsNotExist(err) {
		t.Fatalf("cache folder made with the cache off: %v", err)
	}
	files := []string{"tagger-tables.bin", "literal-analyses.bin", "literal-automata.bin", "checked-rules.bin"}
	// The shapes of expressions tried at their starts are kept only once a
	// note has needed one, which depends on the rules the note meets.
	optional := map[string]bool{"confine-shapes.bin": true}
	cached := func(step string) {
		t.Helper()
		if got := run(cacheEnv(home)); got != want {
			t.Errorf("%s: output %q, want %q", step, got, want)
		}
		entries, err := os.ReadDir(cache)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		for _, en := range entries {
			if !optional[en.Name()] && !slices.Contains(files, en.Name()) {
				t.Fatalf("%s: want %v (and perhaps %v) in %s, got %v", step, files, optional, cache, entries)
			}
		}
		for _, f := range files {
			if info, err := os.Stat(filepath.Join(cache, f)); err != nil || info.Size() < 1<<10 {
				t.Fatalf("%s: %s: %v, %v", step, f, info, err)
			}
		}
	}
	cached("missing cache")
	cached("cache written")
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(cache, f), []byte("damaged"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cached("damaged cache") // and written again
}

// TestRuleErrorsWithCache: with the cache (whose ledger keeps the rule files
// that loaded without an error), a bad expression in a pack is still
// reported at its place, at every run, before any text is redacted, and
// so is one written into a file that an earlier run kept; rules test
// reports it too.
func TestRuleErrorsWithCache(t *testing.T) {
	bin := binary(t)
	note := filepath.Join(t.TempDir(), "note.md")
	if err := os.WriteFile(note, []byte("Maria Lopez studied at MIT.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pack := t.TempDir()
	good := "kind: pattern\npatterns:\n  - name: school\n    regex: '\\bMIT\\b'\n    replace: '[school]'\n"
	if err := os.WriteFile(filepath.Join(pack, "schools.yaml"), []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	env := cacheEnv(t.TempDir())
	run := func(args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, _ := cmd.CombinedOutput()
		return string(out), cmd.ProcessState.ExitCode()
	}
	redact := []string{"redact", "--candidate", "Maria Lopez", "--rules", pack, note}
	for i := 0; i < 2; i++ { // the second run reads the kept files
		if out, code := run(redact...); code != exitOK || !strings.Contains(out, "[school]") {
			t.Fatalf("run %d: exit %d: %s", i, code, out)
		}
	}
	bad := strings.Replace(good, `'\bMIT\b'`, `'\bMIT(\b'`, 1)
	if err := os.WriteFile(filepath.Join(pack, "schools.yaml"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(pack, "schools.yaml") + ":4:12: schools: patterns[0].regex: bad regular expression"
	for i := 0; i < 2; i++ {
		if out, code := run(redact...); code != exitUsage || !strings.Contains(out, want) || strings.Contains(out, "[school]") {
			t.Errorf("redact, run %d: exit %d, want %d and %q:\n%s", i, code, exitUsage, want, out)
		}
	}
	if out, code := run("rules", "test", pack); code != exitUsage || !strings.Contains(out, want) {
		t.Errorf("rules test: exit %d, want %d and %q:\n%s", code, exitUsage, want, out)
	}
}

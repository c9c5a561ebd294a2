package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

// TestFailedCandidateIsInTheKey: a candidate who got no packet used to
// leave the coordinator with a code and no way to tell who it was. The key
// now has an entry for the code with the email and the reason, which
// reveal shows; the output folder (manifest included) still names no one.
func TestFailedCandidateIsInTheKey(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	if err := os.WriteFile(export, codesignaltest.SampleJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "packets")
	coord := filepath.Join(dir, "elsewhere", "coordinator")
	com := writeCommittee(t, dir, out, append(candidateEmails(codesignaltest.Sample())[:1], "nobody@example.com"))
	code, stdout, stderr := runCLI(t, "", "batch", "--input", export, "--prepared", fixedPrepared, "--coordinator", coord, com)
	if code != exitSomeFailed {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitSomeFailed, stdout, stderr)
	}
	secret, err := packet.LoadOrCreateSecret(coord)
	if err != nil {
		t.Fatal(err)
	}
	failed := packet.Code(secret, "nobody@example.com")
	code, stdout, stderr = runCLI(t, "", "reveal", "--key", coord, failed)
	if code != exitOK || !strings.Contains(stdout, "<nobody@example.com>") || !strings.Contains(stdout, "no live interviews") {
		t.Errorf("reveal of the failed code: exit %d\n%s%s", code, stdout, stderr)
	}
	filepathWalk(t, out, func(path string, data []byte) {
		if strings.Contains(string(data), "nobody@example.com") {
			t.Errorf("%s names the failed candidate", path)
		}
	})
	for _, f := range []string{packet.KeyFile, packet.SecretFile} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s is in the output folder", f)
		}
	}
	// A coordinator folder inside the output folder is refused.
	code, _, stderr = runCLI(t, "", "batch", "--input", export, "--prepared", fixedPrepared, "--coordinator", filepath.Join(out, "coord"), com)
	if code == exitOK || !strings.Contains(stderr, "inside the output folder") {
		t.Errorf("coordinator inside out: exit %d: %s", code, stderr)
	}
}

// TestRuleOverridesAreReported: rules list and the commands that load
// rules say which default rules a pack disabled or replaced.
func TestRuleOverridesAreReported(t *testing.T) {
	pack := t.TempDir()
	os.WriteFile(filepath.Join(pack, "contact.yaml"), []byte("disabled: true\n"), 0o644)
	os.WriteFile(filepath.Join(pack, "allow-tech.yaml"), []byte("kind: allow\nterms: [Falcon]\n"), 0o644)
	code, stdout, stderr := runCLI(t, "", "rules", "list", pack)
	if code != exitOK || !strings.Contains(stdout, "contact.yaml: disables rule contact") || !strings.Contains(stdout, "adds terms to allow list allow-tech") {
		t.Errorf("rules list: exit %d\n%s%s", code, stdout, stderr)
	}
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	os.WriteFile(export, codesignaltest.SampleJSON(), 0o644)
	email := candidateEmails(codesignaltest.Sample())[0]
	_, _, stderr = runCLI(t, "", "--candidate", email, "--input", export, "--out", filepath.Join(dir, "out"), "--rules", pack)
	if !strings.Contains(stderr, "rules: "+filepath.Join(pack, "contact.yaml")+": disables rule contact") {
		t.Errorf("loading the pack did not report the override:\n%s", stderr)
	}
}

func filepathWalk(t *testing.T, root string, f func(path string, data []byte)) {
	t.Helper()
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			f(p, b)
		}
		return nil
	})
}

// TestRedactRefusesHugeInput: a text over --max-note-size is refused
// without being read whole (stdin could be /dev/zero).
func TestRedactRefusesHugeInput(t *testing.T) {
	big := strings.Repeat("They wrote the cache. ", 10000) // about 220 KB
	code, _, stderr := runCLI(t, big, "redact")
	if code != exitError || !strings.Contains(stderr, "over the size limit") || !strings.Contains(stderr, "--max-note-size") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "Maria wrote it.", "redact", "--max-note-size", "lots"); code != exitUsage {
		t.Errorf("bad size: exit %d: %s", code, stderr)
	}
}

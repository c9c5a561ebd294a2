package packet

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize"
)

func TestDefaultCoordinatorDirIsBesideOut(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, want string }{
		{"packets", "packets.coordinator"},
		{"packets/", "packets.coordinator"},
		{"packets/2025-03-14", "packets/2025-03-14.coordinator"},
		{"/srv/packets", "/srv/packets.coordinator"},
		{".", wd + ".coordinator"},
		{"..", filepath.Dir(wd) + ".coordinator"},
	} {
		got, err := DefaultCoordinatorDir(tc.out)
		if err != nil || got != tc.want {
			t.Errorf("DefaultCoordinatorDir(%q) = %q, %v; want %q", tc.out, got, err, tc.want)
		}
		if err := CheckCoordinatorDir(tc.out, got); err != nil {
			t.Errorf("the default for %q is refused: %v", tc.out, err)
		}
	}
	if _, err := DefaultCoordinatorDir("/"); err == nil {
		t.Error("DefaultCoordinatorDir(/): no error")
	}
}

// TestCoordinatorDirNeverInsideOut: whoever is handed the output folder
// must not be handed who is who with it, even through a symbolic link.
func TestCoordinatorDirNeverInsideOut(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "packets")
	os.MkdirAll(filepath.Join(out, "sub"), 0o755)
	link := filepath.Join(root, "link")
	if err := os.Symlink(filepath.Join(out, "sub"), link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	for _, coord := range []string{out, out + "/", filepath.Join(out, "keys"), filepath.Join(out, "sub", "new"), link, filepath.Join(link, "new"), ""} {
		if err := CheckCoordinatorDir(out, coord); err == nil {
			t.Errorf("CheckCoordinatorDir(%q, %q): no error", out, coord)
		}
	}
	for _, coord := range []string{root, filepath.Join(root, "packets.coordinator"), filepath.Join(root, "packets2")} {
		if err := CheckCoordinatorDir(out, coord); err != nil {
			t.Errorf("CheckCoordinatorDir(%q, %q): %v", out, coord, err)
		}
	}
}

// TestPrepareCoordinatorMovesWhatOlderVersionsLeft: an output folder made
// by an older version holds the secret and the key; they move to the
// coordinator folder, codes stay the same, and the output folder no longer
// says who is who.
func TestPrepareCoordinatorMovesWhatOlderVersionsLeft(t *testing.T) {
	root := t.TempDir()
	out, coord := filepath.Join(root, "packets"), filepath.Join(root, "packets.coordinator")
	secret, err := LoadOrCreateSecret(out)
	if err != nil {
		t.Fatal(err)
	}
	code := Code(secret, "maria@example.com")
	old := KeyEntry{Code: code, Email: "maria@example.com", Name: "Maria Garcia", Pseudonyms: []anonymize.Pseudonym{}}
	if err := WriteKey(out, []KeyEntry{old}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(out, KeysDir), 0o700)
	os.WriteFile(filepath.Join(out, KeysDir, "key-1.json.age"), []byte("age-encryption.org/v1\n"), 0o600)
	os.MkdirAll(filepath.Join(out, QuarantineDir, code), 0o700)
	os.WriteFile(filepath.Join(out, QuarantineDir, code, "report.txt"), []byte("report"), 0o600)

	if err := PrepareCoordinator(out, coord); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{SecretFile, KeyFile, KeysDir, QuarantineDir, "." + KeyFile + ".lock"} {
		if _, err := os.Lstat(filepath.Join(out, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still in the output folder (%v)", name, err)
		}
	}
	if fi, err := os.Stat(coord); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("coordinator folder: %v %v", fi, err)
	}
	again, err := LoadOrCreateSecret(coord)
	if err != nil || Code(again, "maria@example.com") != code {
		t.Fatalf("the code changed after the move: %v", err)
	}
	keys, err := ReadKey(filepath.Join(coord, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]KeyEntry{old}, keys); d != "" {
		t.Errorf("key after the move (-want +got):\n%s", d)
	}
	for _, f := range []string{filepath.Join(KeysDir, "key-1.json.age"), filepath.Join(QuarantineDir, code, "report.txt")} {
		if _, err := os.Stat(filepath.Join(coord, f)); err != nil {
			t.Error(err)
		}
	}
	// Idempotent.
	if err := PrepareCoordinator(out, coord); err != nil {
		t.Fatal(err)
	}

	// Two different secrets: refused, neither is touched.
	if _, err := LoadOrCreateSecret(out); err != nil {
		t.Fatal(err)
	}
	if err := PrepareCoordinator(out, coord); err == nil {
		t.Error("two different secrets: no error")
	}
	if _, err := os.Stat(filepath.Join(out, SecretFile)); err != nil {
		t.Errorf("the output folder's secret was removed although it differs: %v", err)
	}
}

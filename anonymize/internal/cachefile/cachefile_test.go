package cachefile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestReadWhatIsWritten walks a file through a good write and every kind
// of bad file: only the good one is read, and no temporary file is left.
func TestReadWhatIsWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "value.bin")
	const magic = "test value\n"
	key := Key("inputs", "1")
	payload := []byte("the value built at start")
	if _, err := Read(path, magic, key); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: got %v", err)
	}
	if err := Write(path, magic, key, payload); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path, magic, key)
	if err != nil || string(got) != string(payload) {
		t.Fatalf("got %q, %v; want %q", got, err, payload)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp")); len(left) > 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
	if _, err := Read(path, magic, Key("other inputs", "1")); !errors.Is(err, ErrStale) {
		t.Fatalf("other key: got %v, want ErrStale", err)
	}
	if _, err := Read(path, "another kind\n", key); err == nil {
		t.Fatal("a file of another kind was read")
	}
	good, _ := os.ReadFile(path)
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-1] ^= 1
	for name, data := range map[string][]byte{
		"empty": nil, "header cut": good[:len(magic)+10], "payload cut": good[:len(good)-1],
		"longer": append(append([]byte(nil), good...), 0), "a bit flipped": flipped,
	} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(path, magic, key); err == nil {
			t.Errorf("%s: read", name)
		}
	}
	if Key("ab", "c") == Key("a", "bc") {
		t.Error("keys of different parts are equal")
	}
}

// TestWriteToAFile: a folder that cannot be made is an error, and leaves
// nothing.
func TestWriteToAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(file, "value.bin"), "m", Key(), nil); err == nil {
		t.Fatal("wrote under a file")
	}
}

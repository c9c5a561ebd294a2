package cachefile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadWhatIsWritten walks a file through a good write and every kind
// of bad file: only the good one is read, and no temporary file is left;
// by Read and by Map alike.
func TestReadWhatIsWritten(t *testing.T) {
	for name, read := range map[string]func(string, string, [32]byte) ([]byte, error){"Read": Read, "Map": Map} {
		t.Run(name, func(t *testing.T) { readWhatIsWritten(t, read) })
	}
}

func readWhatIsWritten(t *testing.T, read func(string, string, [32]byte) ([]byte, error)) {
	path := filepath.Join(t.TempDir(), "sub", "value.bin")
	const magic = "test value\n"
	key := Key("inputs", "1")
	payload := []byte("the value built at start")
	if _, err := read(path, magic, key); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: got %v", err)
	}
	if err := Write(path, magic, key, payload); err != nil {
		t.Fatal(err)
	}
	got, err := read(path, magic, key)
	if err != nil || string(got) != string(payload) {
		t.Fatalf("got %q, %v; want %q", got, err, payload)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp")); len(left) > 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
	if _, err := read(path, magic, Key("other inputs", "1")); !errors.Is(err, ErrStale) {
		t.Fatalf("other key: got %v, want ErrStale", err)
	}
	if _, err := read(path, "another kind\n", key); err == nil {
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
		if _, err := read(path, magic, key); err == nil {
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

// TestBuildID: the running test binary's build ID is found, and is the
// one the toolchain reads from it.
func TestBuildID(t *testing.T) {
	id := BuildID()
	if id == "" {
		t.Skip("this executable records no build ID")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := strings.TrimSpace(string(out)); id != want {
		t.Errorf("BuildID() = %q, the toolchain reads %q", id, want)
	}
}

// TestFindBuildID reads an ID from either place the linker writes it, in
// either byte order, and nothing from bytes that only look like one.
func TestFindBuildID(t *testing.T) {
	note := func(bo binary.AppendByteOrder, id string) []byte {
		var b []byte
		b = bo.AppendUint32(b, 4)
		b = bo.AppendUint32(b, uint32(len(id)))
		b = bo.AppendUint32(b, 4)
		return append(append(b, "Go\x00\x00"...), id...)
	}
	pad := bytes.Repeat([]byte{0}, 40)
	for _, c := range []struct {
		name string
		head []byte
		want string
	}{
		{"little-endian note", append(append(pad, note(binary.LittleEndian, "a/b/c/d")...), pad...), "a/b/c/d"},
		{"big-endian note", append(append(pad, note(binary.BigEndian, "a/b")...), pad...), "a/b"},
		{"raw marker", append(append(pad, "\xff Go build ID: \"x/y\"\n \xff"...), pad...), "x/y"},
		{"name without note", append(append(pad, "Go\x00\x00abc"...), pad...), ""},
		{"note cut short", note(binary.LittleEndian, "a/b/c/d")[:20], ""},
		{"marker unclosed", []byte("\xff Go build ID: \"x/y"), ""},
		{"nothing", pad, ""},
	} {
		if got := findBuildID(c.head); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

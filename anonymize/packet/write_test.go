package packet

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/google/go-cmp/cmp"
)

// write renders p and publishes it with its own leaks, as a caller without
// the batch's gate would.
func write(out, code string, p anonymize.Packet, meta Meta) (Written, error) {
	r, err := Render(code, p, meta)
	if err != nil {
		return Written{}, err
	}
	return Publish(out, code, r, p.Leaks)
}

func TestWrite(t *testing.T) {
	code, p, meta := loadGoldenInput(t, "testdata/basic.input.json")
	p.Candidate = anonymize.Person{Name: "Maria Lopez", Email: "maria.lopez@example.com"}
	p.Pseudonyms = []anonymize.Pseudonym{{Label: "the candidate", Name: "Maria Lopez"}}
	out := t.TempDir()

	w, err := write(out, code, p, meta)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, code)
	want := Written{
		Dir:      dir,
		Markdown: filepath.Join(dir, "packet.md"),
		JSON:     filepath.Join(dir, "packet.json"),
		HTML:     filepath.Join(dir, "packet.html"),
	}
	if diff := cmp.Diff(want, w); diff != "" {
		t.Errorf("Written (-want +got):\n%s", diff)
	}
	r, err := Render(code, p, meta)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		want []byte
	}{{w.Markdown, r.Markdown}, {w.JSON, r.JSON}, {w.HTML, r.HTML}} {
		got, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(f.want) {
			t.Errorf("%s differs from Render's output", f.path)
		}
		fi, err := os.Stat(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v, want 0644", f.path, fi.Mode().Perm())
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Errorf("packet folder holds %d entries, want the 3 packet files", len(entries))
	}
	assertNoTemp(t, dir)

	// Writing again replaces the files in place.
	if _, err := write(out, code, p, meta); err != nil {
		t.Fatal(err)
	}
	assertNoTemp(t, dir)
}

func TestWriteRefuses(t *testing.T) {
	code, p, meta := loadGoldenInput(t, "testdata/basic.input.json")
	tests := []struct {
		name string
		code string
		p    anonymize.Packet
		meta Meta
		is   error
	}{
		{"leaks", code, anonymize.Packet{Interviews: p.Interviews, Leaks: []anonymize.Leak{{Field: "notes", Kind: "email"}}}, meta, ErrLeaks},
		{"path in code", "../escape", p, meta, nil},
		{"empty code", "", p, meta, nil},
		{"no preparation time", code, p, Meta{Committee: "x"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			_, err := write(out, tc.code, tc.p, tc.meta)
			if err == nil {
				t.Fatal("write succeeded")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v, want %v", err, tc.is)
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 0 {
				t.Errorf("refused write left %d entries in the output folder", len(entries))
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escape")); err == nil {
				t.Error("a code with a path escaped the output folder")
			}
		})
	}
}

func TestDatesUsePreparedLocation(t *testing.T) {
	code, p, _ := loadGoldenInput(t, "testdata/basic.input.json")
	// 1764003600000 is 2025-11-24 17:00 UTC, already the 25th in Tokyo.
	tokyo := time.FixedZone("JST", 9*3600)
	r, err := Render(code, p, Meta{Prepared: time.Date(2025, 12, 1, 9, 0, 0, 0, tokyo)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "## Interview 1 — 2025-11-25"; !strings.Contains(string(r.Markdown), want) {
		t.Errorf("packet.md lacks %q", want)
	}
}

package packet

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/google/go-cmp/cmp"
)

func TestWriteKeyMerges(t *testing.T) {
	out := t.TempDir()
	maria := KeyEntry{Code: "P-BBBB0002", Email: "maria@example.com", Name: "Maria Lopez", Pseudonyms: []anonymize.Pseudonym{
		{Label: "the candidate", Name: "Maria Lopez", Email: "maria@example.com"},
		{Label: "Interviewer A", Name: "Ivy Example", Email: "ivy@corp.example"},
	}}
	efosa := KeyEntry{Code: "P-AAAA0001", Email: "efosa@example.org", Name: "Efosa Igbinedion", Pseudonyms: []anonymize.Pseudonym{}}
	mariaAgain := maria
	mariaAgain.Pseudonyms = append(mariaAgain.Pseudonyms, anonymize.Pseudonym{Label: "Person A", Name: "Eitan Shafir"})
	hope := KeyEntry{Code: "P-CCCC0003", Email: "hope@example.net", Name: "Hope Dlamini"}

	steps := []struct {
		name    string
		entries []KeyEntry
		want    []KeyEntry
	}{
		{"first write", []KeyEntry{maria}, []KeyEntry{maria}},
		{"other code is added, sorted", []KeyEntry{efosa}, []KeyEntry{efosa, maria}},
		{"same code is replaced", []KeyEntry{mariaAgain}, []KeyEntry{efosa, mariaAgain}},
		{"nil pseudonyms become a list", []KeyEntry{hope}, []KeyEntry{efosa, mariaAgain, {Code: hope.Code, Email: hope.Email, Name: hope.Name, Pseudonyms: []anonymize.Pseudonym{}}}},
		{"nothing new keeps all", nil, []KeyEntry{efosa, mariaAgain, {Code: hope.Code, Email: hope.Email, Name: hope.Name, Pseudonyms: []anonymize.Pseudonym{}}}},
	}
	path := filepath.Join(out, KeyFile)
	for _, st := range steps {
		if err := WriteKey(out, st.entries); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := ReadKey(path)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("%s: key file (-want +got):\n%s", st.name, diff)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: key file mode %v, want 0600", st.name, fi.Mode().Perm())
		}
		assertNoTemp(t, out)
	}
}

// TestWriteKeyConcurrent checks that concurrent writers (batch workers)
// lose no entry to each other's read-merge-write.
func TestWriteKeyConcurrent(t *testing.T) {
	out := t.TempDir()
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = WriteKey(out, []KeyEntry{{Code: "P-" + strings.Repeat(string(rune('A'+i)), 8)}})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadKey(filepath.Join(out, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Errorf("key file has %d entries, want %d", len(got), n)
	}
}

func TestWriteKeyRefuses(t *testing.T) {
	t.Run("bad code", func(t *testing.T) {
		for _, code := range []string{"", "../x", "a/b", "..", "P-ABC DEF"} {
			if err := WriteKey(t.TempDir(), []KeyEntry{{Code: code}}); err == nil {
				t.Errorf("code %q accepted", code)
			}
		}
	})
	t.Run("unreadable key file is kept", func(t *testing.T) {
		out := t.TempDir()
		path := filepath.Join(out, KeyFile)
		if err := os.WriteFile(path, []byte("{broken"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := WriteKey(out, []KeyEntry{{Code: "P-AAAA0001"}}); err == nil {
			t.Fatal("merged into a broken key file")
		}
		if b, _ := os.ReadFile(path); string(b) != "{broken" {
			t.Errorf("broken key file was replaced with %q", b)
		}
	})
	t.Run("missing key file", func(t *testing.T) {
		if _, err := ReadKey(filepath.Join(t.TempDir(), KeyFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want fs.ErrNotExist", err)
		}
	})
}

func TestNewKeyEntry(t *testing.T) {
	p := anonymize.Packet{
		Candidate:  anonymize.Person{Name: "Maria Lopez", Email: "maria@example.com"},
		Pseudonyms: []anonymize.Pseudonym{{Label: "the candidate", Name: "Maria Lopez"}},
	}
	want := KeyEntry{Code: "P-AAAA0001", Email: "maria@example.com", Name: "Maria Lopez", Pseudonyms: p.Pseudonyms}
	if diff := cmp.Diff(want, NewKeyEntry("P-AAAA0001", p)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

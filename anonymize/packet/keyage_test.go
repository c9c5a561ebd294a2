package packet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize"
)

func TestEncryptedKeyRoundTrip(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ParseRecipients([]string{" " + id.Recipient().String() + " "})
	if err != nil {
		t.Fatal(err)
	}
	entries := []KeyEntry{
		{Code: "P-BBBB0002", Email: "maria@example.com", Name: "Maria Lopez", Pseudonyms: []anonymize.Pseudonym{{Label: "the candidate", Name: "Maria Lopez", Email: "maria@example.com"}}},
		{Code: "P-AAAA0001", Email: "efosa@example.org", Name: "Efosa Igbinedion"},
	}
	path := filepath.Join(t.TempDir(), "key.json.age")
	if err := WriteKeyEncrypted(path, entries, rs); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !IsEncryptedKey(raw) || strings.Contains(string(raw), "maria") {
		t.Fatal("the key file is not encrypted")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	got, err := ReadKeyFile(path, []age.Identity{id})
	if err != nil {
		t.Fatal(err)
	}
	want := []KeyEntry{{Code: "P-AAAA0001", Email: "efosa@example.org", Name: "Efosa Igbinedion", Pseudonyms: []anonymize.Pseudonym{}}, entries[0]}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("decrypted (-want +got):\n%s", d)
	}
	if _, err := ReadKeyFile(path, nil); err == nil || !strings.Contains(err.Error(), "--identity") {
		t.Errorf("without identity: %v", err)
	}
}

func TestParseRecipientsNeverEchoes(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	for _, v := range []string{id.String(), "age1notakey", ""} {
		_, err := ParseRecipients([]string{v})
		if err == nil {
			t.Errorf("%q accepted", v)
			continue
		}
		if v != "" && strings.Contains(err.Error(), v) {
			t.Errorf("error echoes the value: %v", err)
		}
	}
}

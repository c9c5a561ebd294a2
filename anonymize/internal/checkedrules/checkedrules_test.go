package checkedrules

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

func key(s string) [sha256.Size]byte { return sha256.Sum256([]byte(s)) }

// TestLedgerPersists: what one process adds, the next one with the same
// build ID has; another build ID has nothing of it.
func TestLedgerPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l := open(path, "build-1")
	if l.Has(key("a")) {
		t.Fatal("an empty ledger has a key")
	}
	if err := l.Add([][sha256.Size]byte{key("a"), key("b")}); err != nil {
		t.Fatal(err)
	}
	again := open(path, "build-1")
	if !again.Has(key("a")) || !again.Has(key("b")) || again.Has(key("c")) {
		t.Error("a reopened ledger does not hold what was added")
	}
	if other := open(path, "build-2"); other.Has(key("a")) {
		t.Error("another executable's ledger reads this one's keys")
	}
}

// TestDamagedFileRefusedAndRebuilt: a file cut short, with a flipped byte,
// of another kind or of another executable reads as an empty ledger, and
// the next Add writes a good one.
func TestDamagedFileRefusedAndRebuilt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := open(path, "build-1").Add([][sha256.Size]byte{key("a"), key("b")}); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-1] ^= 1
	for _, c := range []struct {
		name    string
		data    []byte
		buildID string
	}{
		{"cut short", good[:len(good)-5], "build-1"},
		{"flipped byte", flipped, "build-1"},
		{"another kind", append([]byte("not a ledger\n"), good...), "build-1"},
		{"another executable", good, "build-2"},
		{"empty", nil, "build-1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			l := open(path, c.buildID)
			if l.Has(key("a")) || l.Has(key("b")) {
				t.Fatal("a damaged or foreign ledger was read")
			}
			if err := l.Add([][sha256.Size]byte{key("c")}); err != nil {
				t.Fatal(err)
			}
			if again := open(path, c.buildID); !again.Has(key("c")) || again.Has(key("a")) {
				t.Error("the ledger was not written anew")
			}
		})
	}
}

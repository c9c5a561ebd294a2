package checkedrules

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"github.com/anonymize/anonymize/rules"
)

func key(s string) [sha256.Size]byte { return sha256.Sum256([]byte(s)) }

// entriesOf are ledger entries for the files named, each keeping its name.
func entriesOf(names ...string) []rules.LedgerEntry {
	var out []rules.LedgerEntry
	for _, n := range names {
		out = append(out, rules.LedgerEntry{Key: key(n), Rule: []byte("rule " + n)})
	}
	return out
}

// has reports whether l holds the file named, with what it kept.
func has(l *Ledger, name string) bool {
	kept, ok := l.Get(key(name))
	return ok && kept == "rule "+name
}

// TestLedgerPersists: what one process adds, the next one with the same
// build ID has; another build ID has nothing of it.
func TestLedgerPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l := open(path, "build-1")
	if _, ok := l.Get(key("a")); ok {
		t.Fatal("an empty ledger has a key")
	}
	if err := l.Add(append(entriesOf("a", "b"), rules.LedgerEntry{Key: key("c")})); err != nil {
		t.Fatal(err)
	}
	again := open(path, "build-1")
	if !has(again, "a") || !has(again, "b") {
		t.Error("a reopened ledger does not hold what was added")
	}
	if kept, ok := again.Get(key("c")); !ok || kept != "" {
		t.Errorf("a file with no rule kept reads back as %q, %v", kept, ok)
	}
	if _, ok := again.Get(key("d")); ok {
		t.Error("a reopened ledger has a file never added")
	}
	if other := open(path, "build-2"); has(other, "a") {
		t.Error("another executable's ledger reads this one's keys")
	}
}

// TestDamagedFileRefusedAndRebuilt: a file cut short, with a flipped byte,
// of another kind or of another executable reads as an empty ledger, and
// the next Add writes a good one.
func TestDamagedFileRefusedAndRebuilt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := open(path, "build-1").Add(entriesOf("a", "b")); err != nil {
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
			if _, ok := l.Get(key("a")); ok {
				t.Fatal("a damaged or foreign ledger was read")
			}
			if err := l.Add(entriesOf("c")); err != nil {
				t.Fatal(err)
			}
			if again := open(path, c.buildID); !has(again, "c") || has(again, "a") {
				t.Error("the ledger was not written anew")
			}
		})
	}
}

package rules

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// memLedger is a Ledger in memory that counts the files it vouched for.
type memLedger struct {
	mu   sync.Mutex
	keys map[[sha256.Size]byte]bool
	hits int
}

func (l *memLedger) Has(k [sha256.Size]byte) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.keys[k] {
		l.hits++
	}
	return l.keys[k]
}

func (l *memLedger) Add(ks [][sha256.Size]byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range ks {
		l.keys[k] = true
	}
	return nil
}

var ledgerPack = map[string]string{
	"school.yaml": "kind: pattern\ntechnical_context: [\"compil\\\\w+\"]\npatterns:\n  - name: school\n    regex: '\\b(?:MIT|Caltech)\\b'\n    replace: '[school]'\n",
	"health.yaml": "kind: sentence\ntriggers: ['surger(?:y|ies)']\n",
	"pronouns.yaml": "kind: sequence\ncases:\n  - when: [{word: 'she', tag: 'PRP'}, {word: '\\p{L}+s', except: 'is|was'}]\n" +
		"    then: ['they', '$2']\n",
}

// rewrite writes one file of a pack folder.
func rewrite(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// sameSource compares expressions by their source, compiled or not.
var sameSource = cmp.Comparer(func(a, b *lazyregexp.Regexp) bool {
	return (a == nil) == (b == nil) && (a == nil || a.String() == b.String())
})

// TestLedgerLoadsAsBefore: a load that finds its files in the ledger gives
// the same rules as one that compiles and checks everything; files with an
// error are never recorded, so that their errors are found at every load,
// at their place, and a changed file is checked again.
func TestLedgerLoadsAsBefore(t *testing.T) {
	dir := writePack(t, ledgerPack)
	eager, _, err := loadFS(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	led := &memLedger{keys: map[[sha256.Size]byte]bool{}}
	UseLedger(led)
	defer UseLedger(nil)
	rewrite(t, dir, "bad.yaml", "kind: pattern\npatterns:\n  - name: x\n    regex: 'a(b'\n    replace: y\n")
	if _, _, err := loadFS(os.DirFS(dir), dir); err == nil || !strings.Contains(err.Error(), "bad.yaml:4:12: bad: patterns[0].regex: bad regular expression") {
		t.Fatalf("want the bad expression at its place, got %v", err)
	}
	if len(led.keys) != len(ledgerPack) {
		t.Fatalf("the ledger holds %d files, want the %d without errors", len(led.keys), len(ledgerPack))
	}
	if _, _, err := loadFS(os.DirFS(dir), dir); err == nil || !strings.Contains(err.Error(), "bad.yaml:4:12") {
		t.Fatalf("a second load does not report the bad expression: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, "bad.yaml")); err != nil {
		t.Fatal(err)
	}
	led.hits = 0
	lazy, _, err := loadFS(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	if led.hits != len(ledgerPack) {
		t.Errorf("%d files read as checked, want %d", led.hits, len(ledgerPack))
	}
	if diff := cmp.Diff(eager, lazy, sameSource); diff != "" {
		t.Errorf("checked files load otherwise (-eager +checked):\n%s", diff)
	}
	for _, r := range lazy {
		if r.Kind == KindPattern && (!r.Pattern.Patterns[0].Regex.MatchString("at MIT") || r.Pattern.Patterns[0].Regex.MatchString("at MITx")) {
			t.Error("a lazily compiled pattern matches otherwise")
		}
	}
	rewrite(t, dir, "health.yaml", "kind: sentence\ntriggers: ['surger(y']\n")
	if _, _, err := loadFS(os.DirFS(dir), dir); err == nil || !strings.Contains(err.Error(), "health.yaml:2:12: health: triggers[0]: bad regular expression") {
		t.Errorf("a changed file was not checked again: %v", err)
	}
}

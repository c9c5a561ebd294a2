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
	kept map[[sha256.Size]byte]string
	hits int
}

func (l *memLedger) Get(k [sha256.Size]byte) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept, ok := l.kept[k]
	if ok {
		l.hits++
	}
	return kept, ok
}

func (l *memLedger) Add(files []LedgerEntry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range files {
		l.kept[f.Key] = string(f.Rule)
	}
	return nil
}

var ledgerPack = map[string]string{
	"school.yaml": "kind: pattern\ntechnical_context: [\"compil\\\\w+\"]\npatterns:\n  - name: school\n    regex: '\\b(?:MIT|Caltech)\\b'\n    replace: '[school]'\n",
	"health.yaml": "kind: sentence\ntriggers: ['surger(?:y|ies)']\n",
	"pronouns.yaml": "kind: sequence\ncases:\n  - when: [{word: 'she', tag: 'PRP'}, {word: '\\p{L}+s', except: 'is|was'}]\n" +
		"    then: ['they', '$2']\n",
	"names.yaml": "kind: lexicon\nclass: given-names\ndescription: names\nwords: |\n  Zoë Ana\n  Kwame\ntests:\n  - in: Kwame said so\n    out: Person A said so\n",
	"short.yaml": "kind: lexicon\nclass: short-forms\nforms:\n  Katarzyna: [Kasia, Kasha]\n  Robert: Bob\n",
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
	led := &memLedger{kept: map[[sha256.Size]byte]string{}}
	UseLedger(led)
	defer UseLedger(nil)
	rewrite(t, dir, "bad.yaml", "kind: pattern\npatterns:\n  - name: x\n    regex: 'a(b'\n    replace: y\n")
	if _, _, err := loadFS(os.DirFS(dir), dir); err == nil || !strings.Contains(err.Error(), "bad.yaml:4:12: bad: patterns[0].regex: bad regular expression") {
		t.Fatalf("want the bad expression at its place, got %v", err)
	}
	if len(led.kept) != len(ledgerPack) {
		t.Fatalf("the ledger holds %d files, want the %d without errors", len(led.kept), len(ledgerPack))
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

// TestKeptRulesRoundTrip: every rule of the default pack, and a file that
// disables one, reads back from its encoding as it was decoded from YAML;
// every cut of an encoding is refused, never a panic.
func TestKeptRulesRoundTrip(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Kind]bool{}
	for _, r := range p.Rules {
		seen[r.Kind] = true
		data := encodeRule(parsed{rule: r})
		got, err := decodeRule(string(data), r.Source, r.ID)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		if diff := cmp.Diff(parsed{rule: r}, got, sameSource, cmp.AllowUnexported(parsed{})); diff != "" {
			t.Errorf("%s reads back otherwise (-decoded +kept):\n%s", r.ID, diff)
		}
		if len(data) < 4096 {
			for cut := range len(data) {
				if _, err := decodeRule(string(data[:cut]), r.Source, r.ID); err == nil {
					t.Errorf("%s cut to %d bytes: no error", r.ID, cut)
				}
			}
		}
	}
	if len(seen) != len(kinds) {
		t.Errorf("the default pack has rules of %d kinds, want all %d", len(seen), len(kinds))
	}
	if got, err := decodeRule(string(encodeRule(parsed{disabled: true})), "x.yaml", "x"); err != nil || !got.disabled {
		t.Errorf("a disabling file reads back as %+v, %v", got, err)
	}
}

package checkedrules

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
)

// FileName is the ledger's file in the cache folder.
const FileName = "checked-rules.bin"

// magic starts the file; a new layout of the payload changes it.
const magic = "anonymize checked rule files 1\n"

// Ledger is a rules.Ledger kept in a file.
type Ledger struct {
	path string
	key  [sha256.Size]byte
	read sync.Once
	mu   sync.RWMutex
	keys map[[sha256.Size]byte]bool
}

// Open returns the ledger of the running executable in the folder dir, or
// nil where the executable has no build ID to key it by (nothing is kept
// then).
func Open(dir string) *Ledger {
	id := cachefile.BuildID()
	if id == "" {
		return nil
	}
	return open(filepath.Join(dir, FileName), id)
}

func open(path, buildID string) *Ledger {
	return &Ledger{path: path, key: cachefile.Key(magic, buildID)}
}

// Has reports whether the rule file of that key loaded without an error.
func (l *Ledger) Has(key [sha256.Size]byte) bool {
	l.read.Do(l.load)
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.keys[key]
}

// Add records rule files that loaded without an error, and writes the
// ledger if any of them is new to it.
func (l *Ledger) Add(keys [][sha256.Size]byte) error {
	l.read.Do(l.load)
	l.mu.Lock()
	defer l.mu.Unlock()
	fresh := false
	for _, k := range keys {
		if !l.keys[k] {
			l.keys[k], fresh = true, true
		}
	}
	if !fresh {
		return nil
	}
	all := make([][sha256.Size]byte, 0, len(l.keys))
	for k := range l.keys {
		all = append(all, k)
	}
	// In order, so that the same ledger is always the same file.
	slices.SortFunc(all, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	payload := make([]byte, 0, len(all)*sha256.Size)
	for _, k := range all {
		payload = append(payload, k[:]...)
	}
	if err := cachefile.Write(l.path, magic, l.key, payload); err != nil {
		return fmt.Errorf("rule ledger: %w", err)
	}
	return nil
}

// load reads the file; one that is missing, stale or damaged leaves the
// ledger empty.
func (l *Ledger) load() {
	l.keys = map[[sha256.Size]byte]bool{}
	payload, err := cachefile.Read(l.path, magic, l.key)
	if err != nil || len(payload)%sha256.Size != 0 {
		return
	}
	for at := 0; at < len(payload); at += sha256.Size {
		l.keys[[sha256.Size]byte(payload[at:at+sha256.Size])] = true
	}
}

package checkedrules

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"unsafe"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
	"github.com/anonymize/anonymize/rules"
)

// FileName is the ledger's file in the cache folder.
const FileName = "checked-rules.bin"

// magic starts the file; a new layout of the payload changes it. The
// payload is the entries in key order, each its key, the length of its
// kept rule as a uvarint and the rule's bytes (rules' own encoding).
const magic = "anonymize checked rule files 2\n"

// Ledger is a rules.Ledger kept in a file.
type Ledger struct {
	path string
	key  [sha256.Size]byte
	read sync.Once
	mu   sync.RWMutex
	kept map[[sha256.Size]byte]string
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

// Get returns the rule kept of the rule file of that key, if any: the file
// loaded without an error.
func (l *Ledger) Get(key [sha256.Size]byte) (string, bool) {
	l.read.Do(l.load)
	l.mu.RLock()
	defer l.mu.RUnlock()
	kept, ok := l.kept[key]
	return kept, ok
}

// Add records rule files that loaded without an error, and writes the
// ledger if any of them is new to it.
func (l *Ledger) Add(files []rules.LedgerEntry) error {
	l.read.Do(l.load)
	l.mu.Lock()
	defer l.mu.Unlock()
	fresh := false
	for _, f := range files {
		if kept, ok := l.kept[f.Key]; !ok || kept != string(f.Rule) {
			l.kept[f.Key], fresh = string(f.Rule), true
		}
	}
	if !fresh {
		return nil
	}
	keys := make([][sha256.Size]byte, 0, len(l.kept))
	size := 0
	for k, kept := range l.kept {
		keys = append(keys, k)
		size += sha256.Size + binary.MaxVarintLen64 + len(kept)
	}
	// In order, so that the same ledger is always the same file.
	slices.SortFunc(keys, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	payload := make([]byte, 0, size)
	for _, k := range keys {
		payload = append(payload, k[:]...)
		payload = binary.AppendUvarint(payload, uint64(len(l.kept[k])))
		payload = append(payload, l.kept[k]...)
	}
	if err := cachefile.Write(l.path, magic, l.key, payload); err != nil {
		return fmt.Errorf("rule ledger: %w", err)
	}
	return nil
}

// load reads the file; one that is missing, stale or damaged leaves the
// ledger empty. The file is mapped read-only (cachefile.Map) and the kept
// rules are strings cut from it, never copied: the rules read from them
// share their bytes (the default pack's word lists are a megabyte), and
// the mapping lasts as long as the process.
func (l *Ledger) load() {
	l.kept = map[[sha256.Size]byte]string{}
	payload, err := cachefile.Map(l.path, magic, l.key)
	if err != nil || len(payload) == 0 {
		return
	}
	kept, ok := entries(unsafe.String(unsafe.SliceData(payload), len(payload)))
	if ok {
		l.kept = kept
	}
}

// entries reads a payload; false where it does not read whole.
func entries(s string) (map[[sha256.Size]byte]string, bool) {
	out := map[[sha256.Size]byte]string{}
	for s != "" {
		if len(s) < sha256.Size {
			return nil, false
		}
		key := [sha256.Size]byte([]byte(s[:sha256.Size]))
		s = s[sha256.Size:]
		n, size := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		if size <= 0 || n > uint64(len(s)-size) {
			return nil, false
		}
		s = s[size:]
		out[key], s = s[:n], s[n:]
	}
	return out, true
}

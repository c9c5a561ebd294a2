package rules

import (
	"crypto/sha256"
	"sync/atomic"
)

// Ledger keeps the rule files that this executable loaded without an
// error, as they were decoded (see codec.go), each under a key of its id
// and its bytes (FileKey): a later load reads such a file's rule from the
// ledger instead of its YAML, and its expressions, known to compile and to
// pass the checks made of them, are compiled at their first use
// (lazyregexp.Lazy) rather than all at start. Reading the default pack's
// YAML and compiling its expressions were half of a short command's CPU,
// and a short text runs few of the expressions. A file that is new or
// changed, or that had an error, is read and checked in full, so its
// errors are reported as ever, at their place.
//
// A ledger holds the files of one executable only (another build may
// decode, compile or check otherwise): anonymize.UseCache keeps one in the
// cache folder under the executable's build ID. Its methods may be called
// from several goroutines at once.
type Ledger interface {
	// Get returns the rule kept of the file of that key, if any.
	Get(key [sha256.Size]byte) (kept string, ok bool)
	// Add records files that loaded without an error. An error is not
	// the load's: the files are only read in full again at the next start.
	Add(files []LedgerEntry) error
}

// LedgerEntry is a file that loaded without an error, with its rule as
// kept in a ledger.
type LedgerEntry struct {
	Key  [sha256.Size]byte
	Rule []byte
}

// ledgerRef holds the ledger in use, if any, for atomic.Pointer.
type ledgerRef struct{ Ledger }

var currentLedger atomic.Pointer[ledgerRef]

// UseLedger makes loads read and record their files in l; nil (the
// default) compiles and checks every expression of every load.
func UseLedger(l Ledger) {
	if l == nil {
		currentLedger.Store(nil)
		return
	}
	currentLedger.Store(&ledgerRef{l})
}

func activeLedger() Ledger {
	if r := currentLedger.Load(); r != nil {
		return r.Ledger
	}
	return nil
}

// FileKey is the key of a rule file in a ledger: the SHA-256 of its id
// (its name's stem, which errors and some checks use) and its bytes.
func FileKey(id string, data []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte("anonymize rule file\x00"))
	h.Write([]byte(id))
	h.Write([]byte{0})
	h.Write(data)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

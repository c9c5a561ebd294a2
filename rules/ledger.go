package rules

import (
	"crypto/sha256"
	"sync/atomic"
)

// Ledger remembers the rule files that this executable loaded without an
// error, each by a key of its id and its bytes (FileKey). A file the ledger
// has is known to hold expressions that compile and pass the checks made of
// them, so a later load notes them to be compiled at their first use
// (lazyregexp.Lazy) rather than compiling them all: a short command runs
// few of them, and compiling the default pack's was a quarter of its CPU.
// Every other error of such a file is still looked for and reported, as
// the rest of the file is read as ever. A lexicon rule is kept whole, as
// it was decoded (see codec.go), and read from the ledger instead of its
// file.
//
// A ledger holds the keys of one executable only (another build may
// decode, compile or check otherwise): anonymize.UseCache keeps one in the
// cache folder under the executable's build ID. Its methods may be called
// from several goroutines at once.
type Ledger interface {
	// Get reports whether the file of that key loaded without an error,
	// and returns the rule kept of it ("" for none).
	Get(key [sha256.Size]byte) (kept string, ok bool)
	// Add records files that loaded without an error. An error is not
	// the load's: the files are only read in full again at the next start.
	Add(files []LedgerEntry) error
}

// LedgerEntry is a file that loaded without an error, with its rule as
// kept in a ledger (nil for none).
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

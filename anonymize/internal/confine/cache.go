package confine

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// Working out how to confine an expression means parsing it, and parsing
// Unicode classes such as \p{L} made that a tenth of a short command's
// CPU, although only the expressions a text's literals admit are worked
// out. What New works out (an expression's shape) is small, and the same
// for the same source, so a command may keep it in a cache file
// (UseCache): the first New reads them all, each found by the SHA-256 of
// its expression's source, and SaveCache writes them again when one was
// worked out. The file is keyed by the running executable's build ID
// (package cachefile), so a build that confines otherwise never reads what
// another wrote; one that is damaged, cut short or another's is refused,
// and written anew.

const (
	shapesMagic = "anonymize confine shapes 2\n"
	shapesFile  = "confine-shapes.bin"
)

// shape is what New works out of an expression's syntax.
type shape struct {
	how uint8 // viaNothing, viaRuns or viaStarts
	// bytes are those a match can consume (runs) or start with (starts).
	bytes    [256]bool
	boundary bool // starts: every match starts at a word boundary
	// textStart (starts): a match can start at the text's start with a
	// byte that bytes leave out.
	textStart bool
	minRun    int // runs: shorter runs cannot hold a literal
}

const (
	viaNothing = iota // run over the whole text
	viaRuns
	viaStarts
)

// shapeSize is the size of a shape in the file, after its key: how, the
// bytes as bits, boundary and textStart as bits of a byte, and minRun.
const shapeSize = 1 + 32 + 1 + 4

var shapes struct {
	sync.Mutex
	dir   string
	key   [sha256.Size]byte
	load  sync.Once
	known map[[sha256.Size]byte]shape
	fresh bool // a shape was worked out, not read
}

// UseCache makes shapes be read from, and kept in, a file in the folder
// dir; "" (the default) keeps nothing. Call it before the first New.
func UseCache(dir string) {
	c := &shapes
	c.Lock()
	defer c.Unlock()
	c.dir, c.key = cachefile.Folder(dir, shapesMagic)
}

// shapeOf returns re's shape: kept, or worked out (and kept).
func shapeOf(re *lazyregexp.Regexp) shape {
	loadShapes()
	k := sha256.Sum256([]byte(re.String()))
	c := &shapes
	c.Lock()
	s, ok := c.known[k]
	c.Unlock()
	if ok {
		return s
	}
	s = analyse(re)
	c.Lock()
	c.known[k] = s
	c.fresh = c.fresh || c.dir != ""
	c.Unlock()
	return s
}

// loadShapes reads the cache file, once a process; a missing, stale or
// damaged one leaves nothing known.
func loadShapes() {
	c := &shapes
	c.load.Do(func() {
		c.Lock()
		defer c.Unlock()
		c.known = map[[sha256.Size]byte]shape{}
		if c.dir == "" {
			return
		}
		payload, err := cachefile.Read(filepath.Join(c.dir, shapesFile), shapesMagic, c.key)
		if err != nil {
			return
		}
		if known, err := decodeShapes(payload); err == nil {
			c.known = known
		}
	})
}

// SaveCache writes every shape of the process to the cache file, if
// UseCache named a folder and a shape was worked out rather than read.
func SaveCache() error {
	c := &shapes
	c.Lock()
	if c.dir == "" || !c.fresh {
		c.Unlock()
		return nil
	}
	c.fresh = false
	payload := encodeShapes(c.known)
	path := filepath.Join(c.dir, shapesFile)
	key := c.key
	c.Unlock()
	if err := cachefile.Write(path, shapesMagic, key, payload); err != nil {
		return fmt.Errorf("confine shapes: %w", err)
	}
	return nil
}

// encodeShapes writes the shapes in the order of their keys.
func encodeShapes(known map[[sha256.Size]byte]shape) []byte {
	keys := make([][sha256.Size]byte, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	out := make([]byte, 0, len(keys)*(sha256.Size+shapeSize))
	for _, k := range keys {
		s := known[k]
		out = append(out, k[:]...)
		out = append(out, s.how)
		var bits [32]byte
		for b, on := range s.bytes {
			if on {
				bits[b/8] |= 1 << (b % 8)
			}
		}
		out = append(out, bits[:]...)
		flags := byte(0)
		if s.boundary {
			flags |= 1
		}
		if s.textStart {
			flags |= 2
		}
		out = append(out, flags)
		out = binary.LittleEndian.AppendUint32(out, uint32(s.minRun))
	}
	return out
}

var errShapes = errors.New("not a list of shapes")

// decodeShapes reads what encodeShapes wrote; anything else is an error.
func decodeShapes(payload []byte) (map[[sha256.Size]byte]shape, error) {
	const entry = sha256.Size + shapeSize
	if len(payload)%entry != 0 {
		return nil, errShapes
	}
	known := make(map[[sha256.Size]byte]shape, len(payload)/entry)
	for at := 0; at < len(payload); at += entry {
		e := payload[at : at+entry]
		var s shape
		s.how = e[sha256.Size]
		bits := e[sha256.Size+1 : sha256.Size+33]
		for b := range s.bytes {
			s.bytes[b] = bits[b/8]&(1<<(b%8)) != 0
		}
		flags := e[sha256.Size+33]
		s.minRun = int(binary.LittleEndian.Uint32(e[sha256.Size+34:]))
		if s.how > viaStarts || flags > 3 || s.minRun > 1<<20 {
			return nil, errShapes
		}
		s.boundary, s.textStart = flags&1 != 0, flags&2 != 0
		known[[sha256.Size]byte(e[:sha256.Size])] = s
	}
	return known, nil
}

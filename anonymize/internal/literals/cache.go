package literals

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
)

// Analysing a pack's expressions (parsing each and multiplying out its
// literals) took a fifth of a short command's start, and building the
// automata over their literals a quarter. A command may keep both in cache
// files (UseCache): the first analysis reads them all, by expression
// source, and the first large automaton all automata, by what they are
// built from; SaveCache writes them again when one had to be worked out.
// Both files are keyed by the running executable's build ID (a hash of its
// code and the rules embedded in it), so that a binary built from other
// code never reads what another wrote, and are read only whole (package
// cachefile). Within a file an analysis is found by its expression's
// source and an automaton by the hash of its literals and their bits, so a
// changed rule pack finds nothing of another's.

const (
	analysesMagic = "anonymize literal analyses\n"
	analysesFile  = "literal-analyses.bin"
)

var analysesCache struct {
	sync.Mutex
	dir   string
	key   [sha256.Size]byte
	load  sync.Once
	fresh atomic.Bool // an analysis was worked out, not read
}

// UseCache makes the analyses of expressions and the automata over their
// literals be read from, and kept in, files in the folder dir; "" (the
// default) keeps nothing. Call it before the first filter is built.
func UseCache(dir string) {
	c := &analysesCache
	c.Lock()
	defer c.Unlock()
	c.dir, c.key = cachefile.Folder(dir, analysesMagic)
}

func usedAnalysesCache() (string, [sha256.Size]byte) {
	c := &analysesCache
	c.Lock()
	defer c.Unlock()
	return c.dir, c.key
}

// loadOnce reads the cache file name by read, once a process, and hands
// what decode makes of it to keep: only where UseCache named a folder and
// the file was written by this build and is whole.
func loadOnce[T any](once *sync.Once, read func(string, string, [sha256.Size]byte) ([]byte, error), name, magic string,
	decode func([]byte) (T, error), keep func(T)) {
	once.Do(func() {
		dir, key := usedAnalysesCache()
		if dir == "" {
			return
		}
		payload, err := read(filepath.Join(dir, name), magic, key)
		if err != nil {
			return
		}
		if v, err := decode(payload); err == nil {
			keep(v)
		}
	})
}

// loadAnalyses fills analysed from the cache file, once a process.
func loadAnalyses() {
	decode := func(payload []byte) (map[string]analysis, error) {
		return decodeAnalyses(unsafe.String(unsafe.SliceData(payload), len(payload)))
	}
	loadOnce(&analysesCache.load, cachefile.Read, analysesFile, analysesMagic, decode, func(all map[string]analysis) {
		for src, a := range all {
			analysed.LoadOrStore(src, a)
		}
	})
}

// saveAnalyses writes every analysis of the process to the cache file, if
// UseCache named one and an analysis was worked out rather than read.
func saveAnalyses() error {
	dir, key := usedAnalysesCache()
	if dir == "" || !analysesCache.fresh.Swap(false) {
		return nil
	}
	all := map[string]analysis{}
	analysed.Range(func(k, v any) bool {
		all[k.(string)] = v.(analysis)
		return true
	})
	return cachefile.Write(filepath.Join(dir, analysesFile), analysesMagic, key, encodeAnalyses(all))
}

// SaveCache writes every analysis of the process to its cache file, if
// UseCache named a folder and an analysis was worked out rather than read,
// and likewise every automaton large enough to be cached.
func SaveCache() error {
	return errors.Join(saveAnalyses(), saveAutomata())
}

// encodeAnalyses writes analyses in the order of their sources: for
// each, its source, whether it is indexed, and its sets of literals.
func encodeAnalyses(all map[string]analysis) []byte {
	srcs := make([]string, 0, len(all))
	for src := range all {
		srcs = append(srcs, src)
	}
	sort.Strings(srcs)
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	set := func(ls []literal) {
		b = binary.AppendUvarint(b, uint64(len(ls)))
		for _, l := range ls {
			str(l.s)
			b = append(b, boolByte(l.fold))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(srcs)))
	for _, src := range srcs {
		a := all[src]
		str(src)
		b = append(b, boolByte(a.ok))
		set(a.req)
		b = binary.AppendUvarint(b, uint64(len(a.also)))
		for _, s := range a.also {
			set(s)
		}
	}
	return b
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

var errAnalysesShort = errors.New("analyses end early")

// decodeAnalyses reads what encodeAnalyses wrote; its strings are slices
// of s.
func decodeAnalyses(s string) (map[string]analysis, error) {
	var err error
	count := func() int {
		v, n := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		if n <= 0 || v > uint64(len(s)) {
			err = errAnalysesShort
			return 0
		}
		s = s[n:]
		return int(v)
	}
	str := func() string {
		n := count()
		if err != nil || n > len(s) {
			err = errAnalysesShort
			return ""
		}
		v := s[:n]
		s = s[n:]
		return v
	}
	flag := func() bool {
		if err != nil || s == "" {
			err = errAnalysesShort
			return false
		}
		v := s[0] == 1
		s = s[1:]
		return v
	}
	set := func() []literal {
		ls := make([]literal, count())
		for i := range ls {
			ls[i] = literal{str(), flag()}
		}
		return ls
	}
	n := count()
	all := make(map[string]analysis, n)
	for i := 0; i < n && err == nil; i++ {
		src := str()
		a := analysis{ok: flag(), req: set()}
		a.also = make([][]literal, count())
		for j := range a.also {
			a.also[j] = set()
		}
		all[src] = a
	}
	switch {
	case err != nil:
		return nil, err
	case s != "":
		return nil, fmt.Errorf("%d bytes after the analyses", len(s))
	}
	return all, nil
}

// The automata of a large pack have some 90,000 nodes in 27 MB of tables;
// building them took a quarter of a short command's start, reading them
// back a few milliseconds. An automaton is kept only where its literals
// are many: the small ones (a confined expression's, the allow terms')
// are built faster than looked up.

const (
	automataMagic = "anonymize literal automata\n"
	automataFile  = "literal-automata.bin"
	// automataFormat is the version of the automata's tables and their
	// encoding: raise it whenever either changes.
	automataFormat = 2
	// minCachedBytes is the size of its literals from which an automaton
	// is cached.
	minCachedBytes = 8 << 10
)

var automataCache struct {
	sync.Mutex
	load sync.Once
	read map[[sha256.Size]byte]*automaton // from the file
	// kept are the process's automata of a cacheable size, to be written;
	// fresh says one of them was built, not read.
	kept  map[[sha256.Size]byte]*automaton
	fresh bool
}

// automatonKey is the hash of what an automaton is built from: its
// literals with their bits, in order, and its bitset's size.
func automatonKey(words int, lits []bitLit) [sha256.Size]byte {
	h := sha256.New()
	buf := make([]byte, 0, 4<<10)
	buf = binary.AppendUvarint(buf, automataFormat)
	buf = binary.AppendUvarint(buf, uint64(words))
	buf = binary.AppendUvarint(buf, uint64(len(lits)))
	for _, l := range lits {
		if len(buf) > 3<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
		buf = binary.AppendUvarint(buf, uint64(l.bit))
		buf = binary.AppendUvarint(buf, uint64(len(l.s)))
		buf = append(buf, l.s...)
	}
	h.Write(buf)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// cachedAutomaton returns the automaton over lits from the cache file
// where it holds one built from the same literals, else build's.
func cachedAutomaton(words int, lits []bitLit, build func() *automaton) *automaton {
	size := 0
	for _, l := range lits {
		size += len(l.s)
	}
	dir, _ := usedAnalysesCache()
	if dir == "" || size < minCachedBytes {
		return build()
	}
	key := automatonKey(words, lits)
	loadAutomata()
	c := &automataCache
	c.Lock()
	a := c.read[key]
	c.Unlock()
	if a == nil {
		a = build()
	}
	c.Lock()
	defer c.Unlock()
	if c.kept == nil {
		c.kept = map[[sha256.Size]byte]*automaton{}
	}
	if c.kept[key] == nil {
		c.kept[key] = a
		c.fresh = c.fresh || c.read[key] == nil
	}
	return a
}

// loadAutomata reads the cache file's automata, once a process.
func loadAutomata() {
	c := &automataCache
	loadOnce(&c.load, cachefile.Map, automataFile, automataMagic, decodeAutomata, func(read map[[sha256.Size]byte]*automaton) {
		c.Lock()
		c.read = read
		c.Unlock()
	})
}

// saveAutomata writes the process's cacheable automata to the cache file
// if one of them was built rather than read.
func saveAutomata() error {
	dir, key := usedAnalysesCache()
	c := &automataCache
	c.Lock()
	if dir == "" || !c.fresh {
		c.Unlock()
		return nil
	}
	c.fresh = false
	kept := make(map[[sha256.Size]byte]*automaton, len(c.kept))
	for k, a := range c.kept {
		kept[k] = a
	}
	c.Unlock()
	return cachefile.Write(filepath.Join(dir, automataFile), automataMagic, key, encodeAutomata(kept))
}

// encodeAutomata writes automata in the order of their keys: for each,
// its key, sizes, byte classes and tables, each table at an offset of the
// file that is a multiple of 8, so that it can be used where it was read.
func encodeAutomata(all map[[sha256.Size]byte]*automaton) []byte {
	keys := make([][sha256.Size]byte, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	base := cachefile.PayloadOffset(automataMagic)
	var b []byte
	align := func() {
		for (base+len(b))%8 != 0 {
			b = append(b, 0)
		}
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(keys)))
	for _, k := range keys {
		a := all[k]
		b = append(b, k[:]...)
		// Only the full rows a scan reads are kept: those of the dense
		// nodes, and the sparse nodes' edges (see compact).
		dense := min(int(a.dense), a.nodes())
		for _, v := range []int{a.words, a.classes, a.nodes(), dense, len(a.sparse), len(a.edges)} {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
		b = append(b, boolByte(a.empty))
		b = append(b, a.class[:]...)
		align()
		for _, v := range a.out {
			b = binary.LittleEndian.AppendUint64(b, v)
		}
		for _, v := range a.delta[:dense*a.classes] {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
		for _, v := range a.sparse {
			b = binary.LittleEndian.AppendUint32(b, uint32(v.fail))
			b = binary.LittleEndian.AppendUint32(b, uint32(v.start))
		}
		for _, v := range a.edges {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
	}
	return b
}

var errAutomataShort = errors.New("automata end early")

// decodeAutomata reads what encodeAutomata wrote; the tables are the
// payload's bytes where they can be (see table).
func decodeAutomata(payload []byte) (map[[sha256.Size]byte]*automaton, error) {
	base := cachefile.PayloadOffset(automataMagic)
	b := payload
	take := func(n int) []byte {
		if n < 0 || n > len(b) {
			return nil
		}
		v := b[:n:n]
		b = b[n:]
		return v
	}
	u32 := func() int {
		v := take(4)
		if v == nil {
			return -1
		}
		return int(binary.LittleEndian.Uint32(v))
	}
	count := u32()
	all := map[[sha256.Size]byte]*automaton{}
	for i := 0; i < count; i++ {
		k := take(sha256.Size)
		words, classes, nodes, dense, nSparse, nEdges := u32(), u32(), u32(), u32(), u32(), u32()
		flags := take(1 + 256)
		if k == nil || flags == nil || words < 0 || classes < 1 || nodes < 1 || classes > 256 || dense < 1 || dense > nodes ||
			nSparse < 0 || nEdges < 0 {
			return nil, errAutomataShort
		}
		a := &automaton{words: words, classes: classes, empty: flags[0] == 1}
		copy(a.class[:], flags[1:])
		take((8 - (base+len(payload)-len(b))%8) % 8)
		out := take(nodes * words * 8)
		delta := take(dense * classes * 4)
		sparse, edges := take(nSparse*8), take(nEdges*4)
		if out == nil || delta == nil || sparse == nil && nSparse > 0 || edges == nil && nEdges > 0 {
			return nil, errAutomataShort
		}
		a.out, a.delta = table[uint64](out), table[int32](delta)
		a.dense, a.sparse, a.edges = int32(dense), sparseTable(table[int32](sparse)), table[int32](edges)
		if a.nodes() != nodes {
			return nil, fmt.Errorf("%d nodes, %d said", a.nodes(), nodes)
		}
		if err := a.check(); err != nil {
			return nil, err
		}
		all[[sha256.Size]byte(k)] = a
	}
	switch {
	case count < 0:
		return nil, errAutomataShort
	case len(b) != 0:
		return nil, fmt.Errorf("%d bytes after the automata", len(b))
	}
	return all, nil
}

// check reports an automaton whose steps or classes lead outside it, as a
// damaged file's might: a scan would index past its tables.
func (a *automaton) check() error {
	nodes := a.nodes()
	for _, c := range a.class {
		if int(c) >= a.classes {
			return fmt.Errorf("byte class %d of %d", c, a.classes)
		}
	}
	for _, m := range a.delta {
		if m < 0 {
			m = ^m
		}
		if int(m) >= nodes {
			return fmt.Errorf("step to node %d of %d", m, nodes)
		}
	}
	return a.checkSparse()
}

// nodes is the automaton's number of nodes: those with full rows, or
// those before the sparse ones and those.
func (a *automaton) nodes() int {
	if len(a.sparse) > 0 {
		return int(a.dense) + len(a.sparse) - 1
	}
	return len(a.delta) / a.classes
}

// littleEndian says the machine stores values as the cache file does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// table returns the values that b holds in little-endian order: b itself
// where the machine is little-endian and b is aligned for T, else a copy.
func table[T int32 | uint64](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	n := len(b) / size
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(unsafe.SliceData(b)))%uintptr(size) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	t := make([]T, n)
	for i := range t {
		if size == 8 {
			t[i] = T(binary.LittleEndian.Uint64(b[i*8:]))
		} else {
			t[i] = T(binary.LittleEndian.Uint32(b[i*4:]))
		}
	}
	return t
}

package infer

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime/debug"
	"sort"
	"sync"
	"unsafe"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
)

// Building the tables from prose's assets means decompressing 30 MB of
// model files, most of a short command's start. A command may keep the
// built tables in a cache file (UseCache) and read them from there at its
// next start instead: a few milliseconds of reading and checking.
//
// The file (package cachefile) is keyed by the SHA-256 of what the tables
// are made from: prose's module version and checksum, and cacheFormat. A
// file that is missing, short, from another prose or format, or whose
// checksum or tables do not hold up is ignored: the tables are built from
// the assets and the file written again. Where the build records no
// checksum for prose (test binaries, some builds), nothing is cached.

// cacheFormat is the version of the tables and their encoding: raise it
// whenever either changes (TestCacheTablesPinned fails until then).
const cacheFormat = 3

const (
	cacheMagic = "anonymize infer tables\n"
	cacheFile  = "tagger-tables.bin"
	prosePath  = "github.com/jdkato/prose/v2"
)

var (
	cacheMu  sync.Mutex
	cacheDir string
)

// UseCache makes Default keep the tables it builds in the folder dir, and
// read them from there when a file of the same prose and format is there;
// "" (the default) caches nothing. Call it before the first Default.
func UseCache(dir string) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	cacheDir = dir
}

func usedCache() string {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	return cacheDir
}

// proseIdentity names the prose module built into the binary: its version
// and go.sum checksum (a hash of all its files, model files included); ""
// where the build does not record them.
func proseIdentity() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, d := range info.Deps {
		if d.Path != prosePath {
			continue
		}
		if d.Replace != nil {
			d = d.Replace
		}
		if d.Sum == "" {
			return ""
		}
		return d.Path + "@" + d.Version + " " + d.Sum
	}
	return ""
}

// cacheKey is the SHA-256 of what the cached tables are made from.
func cacheKey(identity string) [sha256.Size]byte {
	return cachefile.Key(cacheMagic, fmt.Sprint(cacheFormat), identity)
}

// loadCached returns the tables kept in dir for prose's identity, or
// builds them (Load) and keeps them there. An empty dir or identity
// caches nothing; a cache that cannot be read or written is passed over.
func loadCached(dir, identity string) (*Model, error) {
	if dir == "" || identity == "" {
		return Load()
	}
	key := cacheKey(identity)
	path := filepath.Join(dir, cacheFile)
	if m, err := readCache(path, key); err == nil {
		return m, nil
	}
	m, err := Load()
	if err != nil {
		return nil, err
	}
	_ = writeCache(path, key, m) // the next start builds the tables again
	return m, nil
}

// writeCache writes m's tables to path under key.
func writeCache(path string, key [sha256.Size]byte, m *Model) error {
	return cachefile.Write(path, cacheMagic, key, m.encode())
}

// readCache reads the tables at path, if they were written under key and
// are whole.
func readCache(path string, key [sha256.Size]byte) (*Model, error) {
	payload, err := cachefile.Map(path, cacheMagic, key)
	if err != nil {
		return nil, err
	}
	// The tables' strings are slices of the file's bytes (mapped
	// read-only where the system can), never written again.
	m, err := decodeTables(unsafe.String(unsafe.SliceData(payload), len(payload)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// tableWriter appends the tables' values in little-endian order.
type tableWriter struct{ b []byte }

func (w *tableWriter) u32(v int)   { w.b = binary.LittleEndian.AppendUint32(w.b, uint32(v)) }
func (w *tableWriter) i32(v int32) { w.b = binary.LittleEndian.AppendUint32(w.b, uint32(v)) }
func (w *tableWriter) f64(v float64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v))
}

func (w *tableWriter) str(s string) {
	w.u32(len(s))
	w.b = append(w.b, s...)
}

func (w *tableWriter) strs(ss []string) {
	w.u32(len(ss))
	for _, s := range ss {
		w.str(s)
	}
}

// i32s writes a list of numbers with its length, fixed one whose length
// the reader knows.
func (w *tableWriter) i32s(vs []int32) {
	w.u32(len(vs))
	w.fixed(vs)
}

func (w *tableWriter) fixed(vs []int32) {
	for _, v := range vs {
		w.i32(v)
	}
}

// byID lists a map's keys in the order of their numbers 0..n-1.
func byID(ids map[string]int32) []string {
	out := make([]string, len(ids))
	for k, id := range ids {
		out[id] = k
	}
	return out
}

// pairRows writes a map of pairs of numbers in the order of its keys.
func (w *tableWriter) pairRows(m map[[2]int32]int32) {
	keys := make([][2]int32, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	w.u32(len(keys))
	for _, k := range keys {
		w.i32(k[0])
		w.i32(k[1])
		w.i32(m[k])
	}
}

// encode returns the tables as the cache holds them: maps in a fixed
// order, so that the same tables always give the same bytes.
func (m *Model) encode() []byte {
	w := &tableWriter{b: make([]byte, 0, 8<<20)}
	w.strs(m.classes)
	words := make([]string, 0, len(m.tagDict))
	for word := range m.tagDict {
		words = append(words, word)
	}
	sort.Strings(words)
	w.u32(len(words))
	for _, word := range words {
		w.str(word)
		w.str(m.tagDict[word].tag)
	}
	f := m.feats
	w.i32(f.bias)
	w.fixed(f.pref1[:])
	w.strs(byID(f.words))
	for _, rs := range f.wordRows {
		w.fixed(rs[:])
	}
	w.strs(byID(f.suffixes))
	for _, rs := range f.suffixRows {
		w.fixed(rs[:])
	}
	w.strs(byID(f.tags))
	for _, rs := range f.tagRows {
		w.fixed(rs[:])
	}
	w.pairRows(f.tagPairs)
	w.pairRows(f.tagWord)
	w.i32s(m.rowStart)
	weightRows(w, m.rows)
	w.strs(m.labels)
	w.alignedI32s(m.nerRows.slots)
	w.alignedI32s(m.nerRows.ends)
	w.str(unsafe.String(unsafe.SliceData(m.nerRows.feats), len(m.nerRows.feats)))
	w.str(m.nerRows.values)
	w.i32s(m.nerStart)
	weightRows(w, m.nerCells)
	basic := make([]string, 0, len(m.basic))
	for word := range m.basic {
		basic = append(basic, word)
	}
	sort.Strings(basic)
	w.strs(basic)
	return w.b
}

// tableReader reads what tableWriter wrote; the first error sticks, and
// reads after it return zeros.
type tableReader struct {
	s    string
	size int // of the whole payload, of which s is what is left
	err  error
}

var errTablesShort = errors.New("tables end early")

func (r *tableReader) take(n int) string {
	if r.err != nil {
		return ""
	}
	if n < 0 || n > len(r.s) {
		r.err = errTablesShort
		return ""
	}
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

func (r *tableReader) u32() int {
	b := r.take(4)
	if b == "" {
		return 0
	}
	return int(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
}

func (r *tableReader) i32() int32 { return int32(uint32(r.u32())) }

func (r *tableReader) f64() float64 {
	b := r.take(8)
	if b == "" {
		return 0
	}
	lo := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24
	hi := uint64(b[4]) | uint64(b[5])<<8 | uint64(b[6])<<16 | uint64(b[7])<<24
	return math.Float64frombits(lo | hi<<32)
}

func (r *tableReader) u8() uint8 {
	if b := r.take(1); b != "" {
		return b[0]
	}
	return 0
}

func (r *tableReader) str() string { return r.take(r.count(1)) }

// count reads a length of elements of at least size bytes each, which
// cannot be more than the bytes left allow.
func (r *tableReader) count(size int) int {
	n := r.u32()
	if r.err == nil && n > len(r.s)/size {
		r.err = errTablesShort
	}
	if r.err != nil {
		return 0
	}
	return n
}

func (r *tableReader) strs() []string {
	out := make([]string, r.count(4))
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *tableReader) fixed(vs []int32) {
	for i := range vs {
		vs[i] = r.i32()
	}
}

func (r *tableReader) i32s() []int32 {
	out := make([]int32, r.count(4))
	r.fixed(out)
	return out
}

// ids numbers keys 0..n-1 in their order.
func ids(keys []string) map[string]int32 {
	out := make(map[string]int32, len(keys))
	for i, k := range keys {
		out[k] = int32(i)
	}
	return out
}

func (r *tableReader) pairRows() map[[2]int32]int32 {
	n := r.count(12)
	out := make(map[[2]int32]int32, n)
	for i := 0; i < n; i++ {
		k := [2]int32{r.i32(), r.i32()}
		out[k] = r.i32()
	}
	return out
}

// decodeTables reads the tables encode wrote and checks that every number
// in them points where it may, so that no lookup can go out of range.
func decodeTables(s string) (*Model, error) {
	r := &tableReader{s: s, size: len(s)}
	m := &Model{classes: r.strs()}
	n := r.count(8)
	dict := make(map[string]string, n)
	for i := 0; i < n; i++ {
		w := r.str()
		dict[w] = r.str()
	}
	f := &tagFeatures{bias: r.i32()}
	r.fixed(f.pref1[:])
	words := r.strs()
	f.words, f.wordRows = ids(words), make([][5]int32, len(words))
	for i := range f.wordRows {
		r.fixed(f.wordRows[i][:])
	}
	suffixes := r.strs()
	f.suffixes, f.suffixRows = ids(suffixes), make([][3]int32, len(suffixes))
	for i := range f.suffixRows {
		r.fixed(f.suffixRows[i][:])
	}
	tags := r.strs()
	f.tags, f.tagRows = ids(tags), make([][2]int32, len(tags))
	for i := range f.tagRows {
		r.fixed(f.tagRows[i][:])
	}
	f.tagPairs, f.tagWord = r.pairRows(), r.pairRows()
	m.feats = f
	m.rowStart = r.i32s()
	m.rows = readWeightRows[tagWeight](r)
	m.labels = r.strs()
	m.nerRows.slots = r.alignedI32s()
	m.nerRows.ends = r.alignedI32s()
	m.nerRows.feats = []byte(r.str())
	m.nerRows.values = r.str()
	m.nerStart = r.i32s()
	m.nerCells = readWeightRows[labelWeight](r)
	basic := r.strs()
	m.basic = make(map[string]struct{}, len(basic))
	for _, w := range basic {
		m.basic[w] = struct{}{}
	}
	switch {
	case r.err != nil:
		return nil, r.err
	case r.s != "":
		return nil, fmt.Errorf("%d bytes after the tables", len(r.s))
	}
	if err := m.checkTables(); err != nil {
		return nil, err
	}
	m.lowerTags()
	m.numberTags(dict)
	m.labelPrefixes()
	return m, nil
}

// checkTables reports the first number of the tables that points outside
// them.
func (m *Model) checkTables() error {
	if len(m.classes) == 0 || len(m.classes) > maxClasses {
		return fmt.Errorf("%d tags", len(m.classes))
	}
	if len(m.labels) == 0 || len(m.labels) > math.MaxUint8 {
		return fmt.Errorf("%d labels", len(m.labels))
	}
	if err := m.checkTagger(); err != nil {
		return fmt.Errorf("tagger: %w", err)
	}
	return m.checkRecogniser()
}

// checkTagger checks the tagger's rows and every feature's row number.
func (m *Model) checkTagger() error {
	if err := checkRows(m.rowStart, len(m.rows)); err != nil {
		return err
	}
	for _, tw := range m.rows {
		if int(tw.tag) >= len(m.classes) {
			return fmt.Errorf("tag %d of %d", tw.tag, len(m.classes))
		}
	}
	f, rows := m.feats, len(m.rowStart)-1
	bad := int32(noRow)
	row := func(rs ...int32) {
		for _, r := range rs {
			if r != noRow && !inRange(r, rows) {
				bad = r
			}
		}
	}
	row(f.bias)
	row(f.pref1[:]...)
	for _, rs := range f.wordRows {
		row(rs[:]...)
	}
	for _, rs := range f.suffixRows {
		row(rs[:]...)
	}
	for _, rs := range f.tagRows {
		row(rs[:]...)
	}
	for k, r := range f.tagPairs {
		if !inRange(k[0], len(f.tags)) || !inRange(k[1], len(f.tags)) {
			return fmt.Errorf("tag pair %v of %d tags", k, len(f.tags))
		}
		row(r)
	}
	for k, r := range f.tagWord {
		if !inRange(k[0], len(f.tags)) || !inRange(k[1], len(f.words)) {
			return fmt.Errorf("tag and word %v of %d and %d", k, len(f.tags), len(f.words))
		}
		row(r)
	}
	if bad != noRow {
		return fmt.Errorf("row %d of %d", bad, rows)
	}
	return nil
}

// checkRecogniser checks the recogniser's rows and every value's row
// number.
func (m *Model) checkRecogniser() error {
	if err := checkRows(m.nerStart, len(m.nerCells)); err != nil {
		return fmt.Errorf("recogniser: %w", err)
	}
	for _, c := range m.nerCells {
		if int(c.label) >= len(m.labels) {
			return fmt.Errorf("recogniser: label %d of %d", c.label, len(m.labels))
		}
	}
	if err := m.nerRows.check(); err != nil {
		return fmt.Errorf("recogniser: %w", err)
	}
	if m.nerRows.rows() != len(m.nerStart)-1 {
		return fmt.Errorf("recogniser: %d values for %d rows", m.nerRows.rows(), len(m.nerStart)-1)
	}
	return nil
}

func inRange(v int32, n int) bool { return v >= 0 && int(v) < n }

// checkRows checks that starts cut cells into rows: from 0 to cells,
// never going back.
func checkRows(starts []int32, cells int) error {
	if len(starts) == 0 || starts[0] != 0 || int(starts[len(starts)-1]) != cells {
		return fmt.Errorf("rows do not cover the %d weights", cells)
	}
	for i := 1; i < len(starts); i++ {
		if starts[i] < starts[i-1] {
			return fmt.Errorf("row %d starts before row %d", i, i-1)
		}
	}
	return nil
}

// A weight and its tag or label, the most of the tables (4 MB), are
// written as they lie in memory, 16 bytes each at an offset of the cache
// file that is a multiple of 8: read mapped, they are used in place,
// where decoding them one by one took a tenth of a short command's start.
type weightRow interface{ tagWeight | labelWeight }

// littleEndian says the machine stores numbers as the cache file does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// weightLayout says the machine lays out a weight row as the file does:
// little-endian, the weight at 0, the tag or label at 8, 16 bytes in all.
var weightLayout = littleEndian &&
	unsafe.Sizeof(tagWeight{}) == 16 && unsafe.Offsetof(tagWeight{}.tag) == 8 &&
	unsafe.Sizeof(labelWeight{}) == 16 && unsafe.Offsetof(labelWeight{}.label) == 8

// weightRows writes rows with their count, from an aligned offset.
func weightRows[T weightRow](w *tableWriter, rows []T) {
	w.u32(len(rows))
	w.align()
	for _, row := range rows {
		weight, id := weightOf(row)
		w.f64(weight)
		w.b = append(w.b, id, 0, 0, 0, 0, 0, 0, 0)
	}
}

// weightOf is a row's weight and tag or label.
func weightOf[T weightRow](row T) (float64, uint8) {
	switch v := any(row).(type) {
	case tagWeight:
		return v.weight, v.tag
	case labelWeight:
		return v.weight, v.label
	}
	panic("unreachable")
}

// readWeightRows reads what weightRows wrote: the file's bytes themselves
// where the machine lays rows out as the file does and they are aligned,
// else a copy.
func readWeightRows[T weightRow](r *tableReader) []T {
	rows, b := alignedTable[T](r, 16, weightLayout)
	if rows != nil {
		return rows
	}
	rows = make([]T, len(b)/16)
	for i := range rows {
		row := &tableReader{s: b[16*i : 16*i+9]}
		weight, id := row.f64(), row.u8()
		switch v := any(&rows[i]).(type) {
		case *tagWeight:
			*v = tagWeight{weight, id}
		case *labelWeight:
			*v = labelWeight{weight, id}
		}
	}
	return rows
}

// alignedTable reads a count and, from an aligned offset, that many
// values of size bytes: as the file's bytes themselves where the machine
// lays them out as the file does (inPlace) and they are aligned in memory,
// else nil and their bytes to decode. None read is an empty table.
func alignedTable[T any](r *tableReader, size int, inPlace bool) ([]T, string) {
	n := r.count(size)
	r.align()
	b := r.take(size * n)
	if r.err != nil || n == 0 {
		return []T{}, ""
	}
	if p := unsafe.StringData(b); inPlace && uintptr(unsafe.Pointer(p))%unsafe.Alignof(*new(T)) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(p)), n), ""
	}
	return nil, b
}

// align pads the tables to an offset of the cache file that is a multiple
// of 8, where a table to be used in place starts.
func (w *tableWriter) align() {
	for (cachefile.PayloadOffset(cacheMagic)+len(w.b))%8 != 0 {
		w.b = append(w.b, 0)
	}
}

// align skips what tableWriter.align wrote.
func (r *tableReader) align() {
	r.take((8 - (cachefile.PayloadOffset(cacheMagic)+r.size-len(r.s))%8) % 8)
}

// alignedI32s writes a list of numbers with its length, from an aligned
// offset, to be used in place.
func (w *tableWriter) alignedI32s(vs []int32) {
	w.u32(len(vs))
	w.align()
	w.fixed(vs)
}

// alignedI32s reads what tableWriter.alignedI32s wrote: the file's bytes
// themselves where the machine is little-endian and they are aligned, else
// a copy.
func (r *tableReader) alignedI32s() []int32 {
	out, b := alignedTable[int32](r, 4, littleEndian)
	if out != nil {
		return out
	}
	out = make([]int32, len(b)/4)
	(&tableReader{s: b}).fixed(out)
	return out
}

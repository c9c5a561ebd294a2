package literals

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
)

// Analysing a pack's expressions (parsing each and multiplying out its
// literals) took a fifth of a short command's start. A command may keep the
// analyses in a cache file (UseCache): the first analysis reads them all,
// by expression source, and SaveCache writes them again when one had to be
// worked out. The file is keyed by the running executable (its path, size
// and time), so that a binary built with other analysis code never reads
// what another wrote; it is read only whole (package cachefile).

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

// UseCache makes the analyses of expressions be read from, and kept in, a
// file in the folder dir; "" (the default) keeps nothing. Call it before
// the first filter is built.
func UseCache(dir string) {
	c := &analysesCache
	c.Lock()
	defer c.Unlock()
	c.dir = ""
	if id := executableIdentity(); id != "" && dir != "" {
		c.dir, c.key = dir, cachefile.Key(analysesMagic, id)
	}
}

// executableIdentity names the running binary by path, size and time; ""
// where it cannot be told.
func executableIdentity() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	info, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s\x00%d\x00%d", path, info.Size(), info.ModTime().UnixNano())
}

func usedAnalysesCache() (string, [sha256.Size]byte) {
	c := &analysesCache
	c.Lock()
	defer c.Unlock()
	return c.dir, c.key
}

// loadAnalyses fills analysed from the cache file, once a process.
func loadAnalyses() {
	analysesCache.load.Do(func() {
		dir, key := usedAnalysesCache()
		if dir == "" {
			return
		}
		payload, err := cachefile.Read(filepath.Join(dir, analysesFile), analysesMagic, key)
		if err != nil {
			return
		}
		all, err := decodeAnalyses(unsafe.String(unsafe.SliceData(payload), len(payload)))
		if err != nil {
			return
		}
		for src, a := range all {
			analysed.LoadOrStore(src, a)
		}
	})
}

// SaveCache writes every analysis of the process to the cache file, if
// UseCache named one and an analysis was worked out rather than read.
func SaveCache() error {
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

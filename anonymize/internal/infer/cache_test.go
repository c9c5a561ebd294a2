package infer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
)

// pinnedTables is the SHA-256 of the encoded tables of prose v2.0.0's
// model. When building or encoding the tables changes, this test fails:
// raise cacheFormat, so that caches of the old tables are rebuilt, and pin
// the new sum.
const pinnedTables = "0e2febf7508dc0bdf2022f6123f46c2e198af451ca87b268a1cd3f4acc00a37d"

func TestCacheTablesPinned(t *testing.T) {
	sum := sha256.Sum256(model(t).encode())
	if got := hex.EncodeToString(sum[:]); got != pinnedTables {
		t.Errorf("the encoded tables changed (cacheFormat %d): raise cacheFormat and pin %s", cacheFormat, got)
	}
}

// TestCacheRoundTrip: the tables read back from their encoding are the
// tables built from prose's assets, derived tables included, whether the
// weights lie where the file puts them (used in place) or not (copied).
func TestCacheRoundTrip(t *testing.T) {
	m := model(t)
	b := m.encode()
	for _, shift := range []int{0, 1} {
		buf := make([]byte, cachefile.PayloadOffset(cacheMagic)+shift+len(b))
		payload := buf[len(buf)-len(b):]
		copy(payload, b)
		back, err := decodeTables(unsafe.String(unsafe.SliceData(payload), len(payload)))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("shift %d: the tables read back differ from those encoded", shift)
		}
		at := uintptr(unsafe.Pointer(unsafe.SliceData(back.rows)))
		start := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
		if inPlace := at >= start && at < start+uintptr(len(buf)); weightLayout && inPlace != (shift == 0) {
			t.Errorf("shift %d: weights used in place: %v", shift, inPlace)
		}
	}
}

// TestCachePaths walks the cache through a missing file, a good one and
// every kind of bad one: each bad file is passed over, the tables built
// again and a good file written in its place; none is an error.
func TestCachePaths(t *testing.T) {
	want := model(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", cacheFile)
	key := cacheKey("test")
	load := func(t *testing.T) {
		t.Helper()
		m, err := loadCached(filepath.Dir(path), "test")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m, want) {
			t.Fatal("tables differ from those built from prose's assets")
		}
		if _, err := readCache(path, key); err != nil {
			t.Fatalf("no good cache left behind: %v", err)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp")); len(left) > 0 {
			t.Fatalf("temporary files left behind: %v", left)
		}
	}
	t.Run("missing", load)
	t.Run("good", load)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-100] ^= 1
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"header only", good[:len(cacheMagic)+sha256.Size+12]},
		{"cut short", good[:len(good)/2]},
		{"longer", append(append([]byte(nil), good...), 0)},
		{"a bit flipped", flipped},
		{"not a cache", []byte("some other file\n")},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := readCache(path, key); err == nil {
				t.Fatal("a bad cache was read")
			}
			load(t)
		})
	}
	t.Run("other prose", func(t *testing.T) {
		if err := writeCache(path, cacheKey("another prose"), want); err != nil {
			t.Fatal(err)
		}
		if _, err := readCache(path, key); !errors.Is(err, cachefile.ErrStale) {
			t.Fatalf("got %v, want cachefile.ErrStale", err)
		}
		load(t)
	})
	t.Run("checksum right, tables wrong", func(t *testing.T) {
		bad := *want
		bad.rowStart = append([]int32(nil), want.rowStart...)
		bad.rowStart[1] = int32(len(want.rows) + 1)
		if err := writeCache(path, key, &bad); err != nil {
			t.Fatal(err)
		}
		if _, err := readCache(path, key); err == nil {
			t.Fatal("tables pointing outside themselves were read")
		}
		load(t)
	})
}

// TestCacheUnwritable: a cache folder that cannot be made costs only the
// time of building the tables.
func TestCacheUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := loadCached(filepath.Join(file, "cache"), "test")
	if err != nil || m == nil {
		t.Fatalf("got %v, %v; want the tables built", m, err)
	}
}

// TestCacheNeedsIdentity: without a folder or prose's identity nothing is
// written.
func TestCacheNeedsIdentity(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ dir, identity string }{{dir, ""}, {"", "test"}} {
		if _, err := loadCached(c.dir, c.identity); err != nil {
			t.Fatal(err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Fatalf("cache written without prose's identity: %v", entries)
	}
}

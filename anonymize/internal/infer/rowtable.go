package infer

import (
	"fmt"
	"math/bits"
	"unsafe"
)

// rowTable finds the recogniser's row of a feature's value. The rows
// number the (feature, value) pairs 0..n-1, so that row r's pair is entry
// r: its feature feats[r] and its value values[ends[r]:ends[r+1]]. slots
// is an open-addressing table over a hash of the pair, at most half full,
// holding 1+row (0 is an empty slot). Unlike a Go map, it is a few flat
// tables: the cache file holds them as they are, and reading them back
// costs nothing, where filling 17 maps of 128k values in all took a tenth
// of a short command's start.
type rowTable struct {
	slots  []int32
	ends   []int32
	feats  []uint8
	values string
}

// newRowTable numbers the pairs of ids, whose rows are 0..n-1.
func newRowTable(ids *[nerFeatures]map[string]int32) rowTable {
	n := 0
	for _, m := range ids {
		n += len(m)
	}
	feats := make([]uint8, n)
	vals := make([]string, n)
	for f, m := range ids {
		for v, row := range m {
			feats[row], vals[row] = uint8(f), v
		}
	}
	t := rowTable{ends: make([]int32, 1, n+1), feats: feats}
	size := 0
	for _, v := range vals {
		size += len(v)
	}
	values := make([]byte, 0, size)
	for _, v := range vals {
		values = append(values, v...)
		t.ends = append(t.ends, int32(len(values)))
	}
	t.values = string(values)
	t.slots = make([]int32, 1<<bits.Len(uint(2*n)))
	mask := uint32(len(t.slots) - 1)
	for row := range feats {
		i := pairHash(feats[row], t.value(row)) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = int32(row) + 1
	}
	return t
}

// value is entry row's value.
func (t *rowTable) value(row int) string { return t.values[t.ends[row]:t.ends[row+1]] }

// pairHash is FNV-1a over the feature's number and the value's bytes.
func pairHash(f uint8, v string) uint32 {
	h := (uint32(2166136261) ^ uint32(f)) * 16777619
	for i := 0; i < len(v); i++ {
		h = (h ^ uint32(v[i])) * 16777619
	}
	return h
}

// row returns the row of feature f's value v.
func (t *rowTable) row(f int, v string) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(t.slots) - 1)
	for i := pairHash(uint8(f), v) & mask; ; i = (i + 1) & mask {
		e := t.slots[i]
		if e == 0 {
			return 0, false
		}
		if row := int(e - 1); int(t.feats[row]) == f && t.value(row) == v {
			return e - 1, true
		}
	}
}

// rowBytes is row for a value held in bytes (looked up, not kept).
func (t *rowTable) rowBytes(f int, v []byte) (int32, bool) {
	return t.row(f, unsafe.String(unsafe.SliceData(v), len(v)))
}

// rows is the number of rows.
func (t *rowTable) rows() int { return len(t.feats) }

// check reports a table whose numbers point outside it, as a damaged
// cache file's might, or that has no empty slot to end a search.
func (t *rowTable) check() error {
	n := len(t.feats)
	if len(t.ends) != n+1 || t.ends[0] != 0 || int(t.ends[n]) != len(t.values) {
		return fmt.Errorf("%d values in %d ends", n, len(t.ends))
	}
	for i := 1; i <= n; i++ {
		if t.ends[i] < t.ends[i-1] {
			return fmt.Errorf("value %d ends before it starts", i-1)
		}
	}
	for _, f := range t.feats {
		if int(f) >= nerFeatures {
			return fmt.Errorf("feature %d of %d", f, nerFeatures)
		}
	}
	if len(t.slots) == 0 || len(t.slots)&(len(t.slots)-1) != 0 || len(t.slots) < 2*n {
		return fmt.Errorf("%d slots for %d rows", len(t.slots), n)
	}
	for _, e := range t.slots {
		if e < 0 || int(e) > n {
			return fmt.Errorf("slot of row %d of %d", e-1, n)
		}
	}
	return nil
}

package infer

import (
	"fmt"
	"testing"
)

// TestRowTableIsTheMaps: every pair of the maps is found with its row, a
// value under another feature or a value no map holds is not, and an
// empty table finds nothing.
func TestRowTableIsTheMaps(t *testing.T) {
	var ids [nerFeatures]map[string]int32
	row := int32(0)
	for f := range ids {
		ids[f] = map[string]int32{}
		for i := 0; i < 50*f; i++ {
			v := fmt.Sprintf("v%d", i*(f+1))
			if f == 3 && i == 0 {
				v = "" // an empty value is a value
			}
			ids[f][v] = row
			row++
		}
	}
	table := newRowTable(&ids)
	if err := table.check(); err != nil {
		t.Fatal(err)
	}
	for f, m := range ids {
		for v, want := range m {
			if got, ok := table.row(f, v); !ok || got != want {
				t.Errorf("feature %d, %q: row %d, %v; want %d", f, v, got, ok, want)
			}
			if got, ok := table.rowBytes(f, []byte(v)); !ok || got != want {
				t.Errorf("feature %d, %q as bytes: row %d, %v; want %d", f, v, got, ok, want)
			}
		}
		for _, v := range []string{"v1", "v7", "absent", "v", ""} {
			_, want := m[v]
			if _, ok := table.row(f, v); ok != want {
				t.Errorf("feature %d, %q: found %v, want %v", f, v, ok, want)
			}
		}
	}
	var none [nerFeatures]map[string]int32
	empty := newRowTable(&none)
	if _, ok := empty.row(0, "x"); ok || empty.check() != nil {
		t.Errorf("an empty table finds %q or fails its check (%v)", "x", empty.check())
	}
}

// TestRowTableCheck: a table whose numbers point outside it is refused.
func TestRowTableCheck(t *testing.T) {
	good := func() rowTable {
		ids := [nerFeatures]map[string]int32{0: {"a": 0, "bc": 1}, 2: {"a": 2}}
		return newRowTable(&ids)
	}
	for name, damage := range map[string]func(*rowTable){
		"slot past the rows":  func(t *rowTable) { t.slots[0] = 9 },
		"negative slot":       func(t *rowTable) { t.slots[1] = -1 },
		"too few slots":       func(t *rowTable) { t.slots = t.slots[:4] },
		"slots not a power":   func(t *rowTable) { t.slots = append(t.slots, 0) },
		"end past the values": func(t *rowTable) { t.ends[3] = 9 },
		"ends backwards":      func(t *rowTable) { t.ends[2] = 0 },
		"feature too large":   func(t *rowTable) { t.feats[0] = nerFeatures },
		"an end missing":      func(t *rowTable) { t.ends = t.ends[:3] },
	} {
		table := good()
		if err := table.check(); err != nil {
			t.Fatal(err)
		}
		damage(&table)
		if table.check() == nil {
			t.Errorf("%s: passed", name)
		}
	}
}

package confine

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

var shapeSources = []string{
	`(?i)\bkelvin\b`,
	`\b(?:MIT|ETH Zurich|IIT(?:s|[- ]Delhi)?)\b`,
	`x*`,
	`((?:(?:At|From|The)\s+(?:the\s+)?))?[\p{Lu}][\p{L}]*\s+(?:University|College)`,
	`(?m)^\s*K\w+|\bKelvin`,
	`(?i)\b(?:peers?|managers?)\s+(?:from|at)\s+[A-Z]\w+`,
	`(?i)(?:^|[^\p{L}\p{N}_])(?P<span>\d+ taon|limang taon)\s+sa\s+\[organization\]`,
}

// TestShapesRoundTrip: shapes read back from their encoding are those
// encoded, and anything else is refused whole.
func TestShapesRoundTrip(t *testing.T) {
	known := map[[32]byte]shape{}
	hows := map[uint8]bool{}
	for i, src := range shapeSources {
		s := analyse(lazyregexp.MustCompile(src))
		hows[s.how] = true
		known[[32]byte{byte(i)}] = s
	}
	if len(hows) != 3 {
		t.Fatalf("the expressions have %d of the 3 shapes", len(hows))
	}
	if s := known[[32]byte{byte(len(shapeSources) - 1)}]; s.how != viaStarts || !s.textStart || s.bytes['a'] {
		t.Fatalf("a pattern led by \"(?:^|[^\\p{L}\\p{N}_])\" is not tried at its starts, with letters at the text's start only: %+v", s)
	}
	b := encodeShapes(known)
	back, err := decodeShapes(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(known, back, cmp.AllowUnexported(shape{})); diff != "" {
		t.Errorf("read back otherwise (-written +read):\n%s", diff)
	}
	badHow := append([]byte(nil), b...)
	badHow[32] = 9
	for _, bad := range [][]byte{b[:len(b)-1], append(append([]byte(nil), b...), 0), badHow} {
		if _, err := decodeShapes(bad); err == nil {
			t.Errorf("%d bytes of %d read", len(bad), len(b))
		}
	}
}

// forgetShapes makes the process forget every shape, as a new process
// would, and keeps nothing on disk until UseCache again.
func forgetShapes(t *testing.T) {
	t.Helper()
	reset := func() {
		UseCache("")
		shapes.Lock()
		shapes.load, shapes.known, shapes.fresh = sync.Once{}, nil, false
		shapes.Unlock()
	}
	reset()
	t.Cleanup(reset)
}

// confineAll confines every expression of shapeSources, and says how.
func confineAll() []string {
	var out []string
	for _, src := range shapeSources {
		c := New(lazyregexp.MustCompile(src))
		switch c := c.(type) {
		case *runs:
			out = append(out, fmt.Sprint("runs", c.consumable, c.minRun))
		case *starts:
			out = append(out, fmt.Sprint("starts", c.first, c.boundary, c.atStart))
		default:
			out = append(out, "none")
		}
	}
	return out
}

// TestShapesCache: shapes worked out are written, read back by the next
// process as they were worked out, and a damaged or foreign file is
// refused and written anew.
func TestShapesCache(t *testing.T) {
	if cachefile.BuildID() == "" {
		t.Skip("the test binary has no build ID")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, shapesFile)
	forgetShapes(t)
	want := confineAll() // no cache
	forgetShapes(t)
	UseCache(dir)
	if got := confineAll(); !cmp.Equal(got, want) {
		t.Fatal("confined otherwise with a cache folder")
	}
	if err := SaveCache(); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign")
	if err := cachefile.Write(foreign, shapesMagic, cachefile.Key(shapesMagic, "another build"), good[cachefile.PayloadOffset(shapesMagic):]); err != nil {
		t.Fatal(err)
	}
	other, err := os.ReadFile(foreign)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-3] ^= 1
	for _, c := range []struct {
		name string
		data []byte
		read bool // the shapes are read, not worked out
	}{
		{"written", good, true},
		{"flipped byte", flipped, false},
		{"cut short", good[:len(good)-1], false},
		{"another kind", append([]byte("x"), good...), false},
		{"another executable's", other, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			forgetShapes(t)
			UseCache(dir)
			if got := confineAll(); !cmp.Equal(got, want) {
				t.Error("confined otherwise")
			}
			if shapes.fresh == c.read {
				t.Errorf("shapes worked out: %v, want %v", shapes.fresh, !c.read)
			}
			if err := SaveCache(); err != nil {
				t.Fatal(err)
			}
			if again, err := os.ReadFile(path); err != nil || string(again) != string(good) {
				t.Errorf("the file was not written anew as it was (%v)", err)
			}
		})
	}
}

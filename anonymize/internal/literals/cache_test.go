package literals

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/anonymize/anonymize/anonymize/internal/cachefile"

	"github.com/anonymize/anonymize/rules/lazyregexp"
	"github.com/google/go-cmp/cmp"
)

// TestAnalysesRoundTrip: analyses read back from their encoding are those
// encoded, and a cut or lengthened encoding is refused whole.
func TestAnalysesRoundTrip(t *testing.T) {
	all := map[string]analysis{}
	for _, src := range []string{`(?i)\bkelvin\b`, `\b(?:MIT|ETH Zurich)\b`, `x*`, `(?i)\b(?:peers?|managers?)\s+(?:from|at)\s+[A-Z]\w+`,
		`(?i)\b(?:\d{1,2}|ten)\s*years?\s+(?:experience|exp\b)`, `é|ſtraße`} {
		all[src] = analyse(lazyregexp.MustCompile(src))
	}
	b := encodeAnalyses(all)
	back, err := decodeAnalyses(string(b))
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b analysis) bool {
		if a.ok != b.ok || len(a.req) != len(b.req) || len(a.also) != len(b.also) {
			return false
		}
		return cmp.Equal(a.req, b.req, cmp.AllowUnexported(literal{})) || len(a.req) == 0
	}
	for src, a := range all {
		if !same(a, back[src]) {
			t.Errorf("%s: read back %+v, want %+v", src, back[src], a)
		}
		for i := range a.also {
			if !cmp.Equal(a.also[i], back[src].also[i], cmp.AllowUnexported(literal{})) {
				t.Errorf("%s: set %d read back %v, want %v", src, i, back[src].also[i], a.also[i])
			}
		}
	}
	for _, bad := range []string{"", string(b[:len(b)/2]), string(b[:len(b)-1]), string(b) + "x"} {
		if _, err := decodeAnalyses(bad); err == nil {
			t.Errorf("%d bytes of %d read", len(bad), len(b))
		}
	}
}

// forgetCaches makes the process forget every analysis and automaton, as a
// new process would, and keeps nothing on disk until UseCache again.
func forgetCaches(t *testing.T) {
	t.Helper()
	reset := func() {
		UseCache("")
		analysed.Clear()
		analysesCache.load = sync.Once{}
		analysesCache.fresh.Store(false)
		automataCache.Lock()
		automataCache.load = sync.Once{}
		automataCache.read, automataCache.kept, automataCache.fresh = nil, nil, false
		automataCache.Unlock()
	}
	reset()
	t.Cleanup(reset)
}

// namesPack is a pack-like set of expressions whose literals are many
// enough for their automata to be cached: an alternation of n made-up
// names, one of them given, and a short one.
func namesPack(n int, given string) []*lazyregexp.Regexp {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("Name%04dson", i)
	}
	names[n/2] = given
	return []*lazyregexp.Regexp{
		lazyregexp.MustCompile(`\b(?:` + strings.Join(names, "|") + `)\b`),
		lazyregexp.MustCompile(`(?i)\b(?:` + strings.Join(names, "|") + `) (?:university|college)\b`),
		lazyregexp.MustCompile(`[\s(]@[A-Za-z0-9_]+`),
	}
}

// TestCacheOfAnotherPack: a filter built where the cache holds another
// pack's analyses and automata (one name changed) scans as one built
// without a cache, and the first pack's are read back where they fit.
func TestCacheOfAnotherPack(t *testing.T) {
	forgetCaches(t)
	dir := t.TempDir()
	if cachefile.BuildID() == "" {
		t.Skip("this executable records no build ID: nothing is cached")
	}
	texts := []string{"met Zelda Quist", "met Name0001son", "Zelda Quist university", "name0002SON College", "@handle"}
	scans := func(pf *Filter, res []*lazyregexp.Regexp) []bool {
		var got []bool
		for _, text := range texts {
			c := pf.Scan(text)
			for _, re := range res {
				got = append(got, c.May(re))
			}
		}
		return got
	}
	packA, packB := namesPack(2000, "Name1000son"), namesPack(2000, "Zelda Quist")
	wantA, wantB := scans(New(packA), packA), scans(New(packB), packB)
	if cmp.Equal(wantA, wantB) {
		t.Fatal("the packs should scan differently")
	}

	forgetCaches(t)
	UseCache(dir)
	if got := scans(New(packA), packA); !cmp.Equal(got, wantA) {
		t.Fatalf("pack A while caching: %v, want %v", got, wantA)
	}
	if err := SaveCache(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{analysesFile, automataFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("no cache file: %v", err)
		}
	}

	forgetCaches(t)
	UseCache(dir)
	if got := scans(New(packB), packB); !cmp.Equal(got, wantB) {
		t.Errorf("pack B over pack A's cache: %v, want %v", got, wantB)
	}
	automataCache.Lock()
	read, fresh := len(automataCache.read), automataCache.fresh
	automataCache.Unlock()
	if read == 0 || !fresh {
		t.Errorf("pack B: %d automata read, built one: %v; want pack A's read and B's built", read, fresh)
	}

	forgetCaches(t)
	UseCache(dir)
	if got := scans(New(packA), packA); !cmp.Equal(got, wantA) {
		t.Errorf("pack A read back: %v, want %v", got, wantA)
	}
	automataCache.Lock()
	fresh = automataCache.fresh
	automataCache.Unlock()
	if fresh {
		t.Error("pack A's automata were built again, not read")
	}
}

// TestAutomataRoundTrip: automata read back scan as those written (their
// full rows past the dense nodes left out), and a cut, lengthened or
// inconsistent encoding is refused.
func TestAutomataRoundTrip(t *testing.T) {
	pf := New(namesPack(300, "Zelda Quist"))
	all := map[[32]byte]*automaton{{1}: pf.exact, {2}: pf.fold}
	b := encodeAutomata(all)
	// Laid out where the file puts it, and not: both read the same.
	for _, shift := range []int{0, 1} {
		buf := make([]byte, cachefile.PayloadOffset(automataMagic)+shift+len(b))
		payload := buf[len(buf)-len(b):]
		copy(payload, b)
		back, err := decodeAutomata(payload)
		if err != nil {
			t.Fatal(err)
		}
		for k, a := range all {
			got := back[k]
			if got == nil || got.words != a.words || got.classes != a.classes || got.empty != a.empty || got.class != a.class ||
				!slices.Equal(got.delta, a.delta[:int(a.dense)*a.classes]) || !slices.Equal(got.out, a.out) ||
				got.dense != a.dense || !slices.Equal(got.sparse, a.sparse) || !slices.Equal(got.edges, a.edges) {
				t.Errorf("shift %d: automaton %v read back otherwise", shift, k[0])
			}
			if got != nil {
				stepsAsFull(t, "read back", whole(a), got)
			}
		}
	}
	for _, bad := range [][]byte{nil, b[:len(b)/2], b[:len(b)-1], append(slices.Clip(b), 'x')} {
		if _, err := decodeAutomata(bad); err == nil {
			t.Errorf("%d bytes of %d read", len(bad), len(b))
		}
	}
	// A step past the last node, as a file damaged under a good checksum.
	damaged := &automaton{words: 1, classes: 2, delta: []int32{0, 5}, out: []uint64{0}}
	if _, err := decodeAutomata(encodeAutomata(map[[32]byte]*automaton{{3}: damaged})); err == nil {
		t.Error("an automaton stepping outside itself was read")
	}
	// Compact forms that lead outside the tables.
	for name, damage := range map[string]func(a *automaton){
		"edge past the last node":       func(a *automaton) { a.edges[0] = int32(a.nodes()) << 8 },
		"falls back to a later node":    func(a *automaton) { a.sparse[0].fail = a.dense },
		"edges out of order":            func(a *automaton) { a.sparse[1].start = int32(len(a.edges)) + 1 },
		"a sparse node missing":         func(a *automaton) { a.sparse = a.sparse[:len(a.sparse)-1] },
		"no dense node":                 func(a *automaton) { a.dense = 0 },
		"edge on a class past the last": func(a *automaton) { a.edges[0] = a.edges[0]&^0xff | 0xff },
	} {
		a := *pf.fold
		a.sparse, a.edges = slices.Clone(a.sparse), slices.Clone(a.edges)
		if a.sparse == nil {
			t.Fatal("the automaton is not compact")
		}
		damage(&a)
		if _, err := decodeAutomata(encodeAutomata(map[[32]byte]*automaton{{4}: &a})); err == nil {
			t.Errorf("a compact automaton with %s was read", name)
		}
	}
}

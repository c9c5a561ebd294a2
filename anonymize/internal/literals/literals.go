package literals

import (
	"math/bits"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// Filter indexes expressions by their required literals.
type Filter struct {
	// index holds an expression's bits: that of its requirement, then
	// those of its other required sets (analysis.also); a text must hold
	// a literal of each. An expression absent always runs.
	index map[*lazyregexp.Regexp][]int
	words int        // bitset words
	exact *automaton // literals matched byte for byte
	fold  *automaton // literals under (?i), canonical case
}

// automaton is an Aho-Corasick automaton over bytes whose outputs are sets
// of expression bits, kept as one table: delta[node*classes+class[b]] is
// the node after reading b, failure links already followed, so a scan
// costs one lookup a byte. Bytes no literal has share class 0. The trie
// is built in the same table (a missing child is 0, as the root is no
// node's child), so no map of edges is ever built: the automata of a
// large pack have some 90,000 nodes, and building them through a map took
// most of a short command's start.
type automaton struct {
	fail    []int32
	out     []uint64 // words a node: bits of the literals ending here or at a suffix
	words   int
	empty   bool
	class   [256]uint8
	classes int
	delta   []int32
	// Nodes from dense on step through sparse and edges rather than delta
	// (see compact); an edge is a class in its low byte and a step above.
	dense  int32
	sparse []sparseNode
	edges  []int32
	// rate is how many literals ended in 256 bytes of the last long text
	// scanned with hits, to size the next one's list (see reserve); read
	// and written atomically, as scans run side by side.
	rate uint32
}

// literal is one string an expression's matches may have to contain.
type literal struct {
	s    string
	fold bool // matched under (?i)
}

// bitLit is a literal of the expression with the given bit.
type bitLit struct {
	s   string
	bit int
}

// maxClassRunes bounds a character class taken as a set of literals.
const maxClassRunes = 16

// New indexes the given expressions.
func New(res []*lazyregexp.Regexp) *Filter {
	pf := &Filter{index: map[*lazyregexp.Regexp][]int{}}
	// The literals are counted first, so that their lists are made once:
	// a pack has thousands, and growing the lists step by step was a
	// tenth of a short command's CPU.
	nExact, nFold := 0, 0
	for _, re := range res {
		if re == nil {
			continue
		}
		a := analyse(re)
		for _, set := range append([][]literal{a.req}, a.also...) {
			for _, l := range set {
				if l.fold {
					nFold++
				} else {
					nExact++
				}
			}
		}
	}
	exact, fold := make([]bitLit, 0, nExact), make([]bitLit, 0, nFold)
	bits := 0
	add := func(set []literal) int {
		bit := bits
		bits++
		for _, l := range set {
			if l.fold {
				fold = append(fold, bitLit{canonical(l.s), bit})
			} else {
				exact = append(exact, bitLit{l.s, bit})
			}
		}
		return bit
	}
	for _, re := range res {
		if _, seen := pf.index[re]; seen || re == nil {
			continue
		}
		a := analyse(re)
		if !a.ok {
			continue
		}
		bits := []int{add(a.req)}
		for _, set := range a.also {
			bits = append(bits, add(set))
		}
		pf.index[re] = bits
	}
	pf.words = (bits + 63) / 64
	build := func(lits []bitLit) *automaton {
		return cachedAutomaton(pf.words, lits, func() *automaton { return buildAutomaton(pf.words, lits) })
	}
	pf.exact, pf.fold = build(exact), build(fold)
	return pf
}

// buildAutomaton builds the automaton over lits, in a bitset of words.
func buildAutomaton(words int, lits []bitLit) *automaton {
	var used [256]bool
	for _, l := range lits {
		for i := 0; i < len(l.s); i++ {
			used[l.s[i]] = true
		}
	}
	a := newAutomaton(words, &used, trieNodes(lits))
	a.addAll(lits)
	a.link()
	a.compact()
	return a
}

// trieNodes counts the nodes of the trie of lits, root included: sorted,
// each literal adds the bytes past its common prefix with the one before.
func trieNodes(lits []bitLit) int {
	ss := make([]string, len(lits))
	for i, l := range lits {
		ss[i] = l.s
	}
	sort.Strings(ss)
	n := 1
	for i, s := range ss {
		common := 0
		if i > 0 {
			prev := ss[i-1]
			for common < len(s) && common < len(prev) && s[common] == prev[common] {
				common++
			}
		}
		n += len(s) - common
	}
	return n
}

// newAutomaton returns the root of an automaton over literals made of the
// used bytes, with room for nodes nodes.
func newAutomaton(words int, used *[256]bool, nodes int) *automaton {
	a := &automaton{words: words, empty: true, classes: 1, dense: maxNodes}
	for b := range used {
		if used[b] {
			a.class[b] = uint8(a.classes)
			a.classes++
		}
	}
	a.fail = make([]int32, 0, nodes)
	a.out = make([]uint64, 0, nodes*words)
	a.delta = make([]int32, 0, nodes*a.classes)
	a.grow()
	return a
}

// grow adds a node without children or outputs.
func (a *automaton) grow() int32 {
	n := int32(len(a.fail))
	a.fail = append(a.fail, 0)
	a.out = extend(a.out, a.words)
	a.delta = extend(a.delta, a.classes)
	return n
}

// extend adds k zeros to s, within its capacity where it has room (New
// sizes the tables for the whole trie, so they are not copied as they grow).
func extend[T int32 | uint64](s []T, k int) []T {
	if len(s)+k <= cap(s) {
		return s[: len(s)+k : cap(s)] // zero: made so, never written past len
	}
	return append(s, make([]T, k)...)
}

// outputs are the bits of node n.
func (a *automaton) outputs(n int32) []uint64 {
	return a.out[int(n)*a.words : int(n+1)*a.words]
}

// addAll adds the literals to the trie a level at a time, so that nodes
// are numbered breadth first: the shallow nodes, where a scan spends most
// of its steps, lie together in the table (numbered literal by literal,
// they were spread over all of it, and scans of the largest automaton
// missed the processor's caches twice as often).
func (a *automaton) addAll(lits []bitLit) {
	// Sorted, the literals that share a node are neighbours at every
	// level; each level goes over those not yet ended.
	type growing struct {
		bitLit
		at int32 // its node so far
	}
	live := make([]growing, len(lits))
	for i, l := range lits {
		live[i] = growing{l, 0}
	}
	sort.Slice(live, func(i, j int) bool { return live[i].s < live[j].s })
	for depth := 0; len(live) > 0; depth++ {
		next := live[:0]
		for _, l := range live {
			if depth == len(l.s) {
				a.empty = false
				a.outputs(l.at)[l.bit/64] |= 1 << (l.bit % 64)
				continue
			}
			cell := int(l.at)*a.classes + int(a.class[l.s[depth]])
			if a.delta[cell] == 0 {
				a.delta[cell] = a.grow()
			}
			l.at = a.delta[cell]
			next = append(next, l)
		}
		live = next
	}
}

// link computes failure links breadth first, so that a node's failure
// node (which is shallower) has its row complete before the node: a
// missing child becomes the failure node's transition, and outputs
// inherit those of the failure node.
func (a *automaton) link() {
	hasOut := make([]bool, len(a.fail))
	var queue []int32
	for c := 1; c < a.classes; c++ {
		if m := a.delta[c]; m != 0 {
			queue = append(queue, m) // fail[m] is the root
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, v := range a.outputs(n) {
			if v != 0 {
				hasOut[n] = true
			}
		}
		row := int(n) * a.classes
		frow := int(a.fail[n]) * a.classes
		for c := 1; c < a.classes; c++ {
			m := a.delta[row+c]
			if m == 0 {
				a.delta[row+c] = a.delta[frow+c]
				continue
			}
			f := a.delta[frow+c]
			a.fail[m] = f
			out, inherited := a.outputs(m), a.outputs(f)
			for w := range out {
				out[w] |= inherited[w]
			}
			queue = append(queue, m)
		}
	}
	// A step to a node where literals end is stored complemented
	// (negative), so that a scan learns it from the step itself rather
	// than from a second table, which cost a cache miss a byte.
	for i, m := range a.delta {
		if hasOut[m] {
			a.delta[i] = ^m
		}
	}
}

// step returns the node after reading the byte of class c at node n, and
// whether literals end there.
func (a *automaton) step(n int32, c uint8) (int32, bool) {
	return marked(a.next(n, c))
}

// next is the step from node n on class c as stored: complemented where
// literals end. The scans inline its dense case.
func (a *automaton) next(n int32, c uint8) int32 {
	if n < a.dense {
		return a.delta[int(n)*a.classes+int(c)]
	}
	return a.sparseNext(n, c)
}

// scan ors into seen the bits of every literal occurring in s.
func (a *automaton) scan(s string, seen []uint64, hits *[]hit, base int) {
	if a.empty {
		return
	}
	delta, classes, dense := a.delta, a.classes, a.dense
	n := int32(0)
	for i := 0; i < len(s); i++ {
		c := a.class[s[i]]
		var m int32
		if n < dense {
			m = delta[int(n)*classes+int(c)]
		} else {
			m = a.sparseNext(n, c)
		}
		if n = m ^ m>>31; m < 0 { // ^m where literals end
			a.output(n, seen, hits, base+i+1)
		}
	}
}

// hit is where literals end in a scanned text: the offset after their
// last byte, and the automaton's node there, whose outputs are their bits.
type hit struct {
	end, node int32
}

// reserve makes hits, if it has none yet, with room for as many as the
// last long text had for its length: the automata of a pack's patterns
// find a literal every other byte, and a list grown from a few took a
// dozen copies a text.
func (a *automaton) reserve(hits *[]hit, size int) {
	if *hits == nil && !a.empty {
		*hits = make([]hit, 0, 16+size*int(atomic.LoadUint32(&a.rate))/256)
	}
}

// learnRate notes that a scan of size bytes found n literals' ends.
func (a *automaton) learnRate(n, size int) {
	if size >= 256 {
		atomic.StoreUint32(&a.rate, uint32(n*256/size+1))
	}
}

// output ors in the bits of the literals ending at node n, and notes
// where if hits is not nil.
func (a *automaton) output(n int32, seen []uint64, hits *[]hit, end int) {
	for w, v := range a.outputs(n) {
		seen[w] |= v
	}
	if hits != nil {
		if *hits == nil {
			*hits = make([]hit, 0, 16) // a text has some; growing from one took 4 allocations
		}
		*hits = append(*hits, hit{int32(end), n})
	}
}

// scanCanonical is scan(canonical(s)) without building that string; a
// literal's end is noted after the rune of s its last byte belongs to.
func (a *automaton) scanCanonical(s string, seen []uint64, hits *[]hit, base int) {
	if a.empty {
		return
	}
	delta, classes, dense := a.delta, a.classes, a.dense
	n, out := int32(0), false
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			i++
			var m int32
			if n < dense {
				m = delta[int(n)*classes+int(a.class[c])]
			} else {
				m = a.sparseNext(n, a.class[c])
			}
			if n = m ^ m>>31; m < 0 { // ^m where literals end
				a.output(n, seen, hits, base+i)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		for _, b := range utf8.AppendRune(buf[:0], CanonicalRune(r)) {
			if n, out = a.step(n, a.class[b]); out {
				a.output(n, seen, hits, base+i)
			}
		}
	}
}

// Scan returns the set of indexed expressions whose literals occur in
// text. A nil filter returns a set that admits every expression.
func (pf *Filter) Scan(text string) Set {
	s := pf.Empty()
	s.Add(text)
	return s
}

// Empty returns a set that admits no indexed expression yet: Add scans
// parts of a text into it. A nil filter's admits every expression.
func (pf *Filter) Empty() Set {
	if pf == nil {
		return Set{}
	}
	s := Set{pf: pf}
	if pf.words > 1 {
		s.seen = make([]uint64, pf.words)
	}
	return s
}

// WithHits returns an empty set that also notes where literals occur, for
// In: AddAt scans parts of a text into it.
func (pf *Filter) WithHits() Set {
	s := pf.Empty()
	s.hits = pf != nil
	if pf != nil && pf.words > 1 {
		s.byBit = &hitIndex{}
	}
	return s
}

// Add scans one more text into s: the expressions whose literals occur in
// it are admitted too.
func (s *Set) Add(text string) {
	s.AddAt(text, 0)
}

// AddAt is Add for the part of a text that starts at offset base: where
// literals occur is noted as offsets into the whole text.
func (s *Set) AddAt(text string, base int) {
	if s.pf == nil || s.pf.words == 0 {
		return
	}
	seen := s.seen
	var one [1]uint64
	if seen == nil {
		// Up to 64 expressions, the bits stay in s: no allocation a scan.
		one[0] = s.small
		seen = one[:]
	}
	var exact, fold *[]hit
	if s.hits {
		exact, fold = &s.exactHits, &s.foldHits
		s.pf.exact.reserve(exact, len(text))
		s.pf.fold.reserve(fold, len(text))
	}
	ne, nf := len(s.exactHits), len(s.foldHits)
	s.pf.exact.scan(text, seen, exact, base)
	if !s.pf.fold.empty {
		s.pf.fold.scanCanonical(text, seen, fold, base)
	}
	if s.hits {
		s.pf.exact.learnRate(len(s.exactHits)-ne, len(text))
		s.pf.fold.learnRate(len(s.foldHits)-nf, len(text))
	}
	if s.seen == nil {
		s.small = one[0]
	}
}

// Set is the result of a scan.
type Set struct {
	pf    *Filter
	small uint64   // the bits, where the filter has at most 64 expressions
	seen  []uint64 // the bits otherwise
	// hits says the scan notes where literals end (WithHits), in order,
	// one list an automaton.
	hits                bool
	exactHits, foldHits []hit
	// byBit lists the hits by bit, where the filter has many expressions
	// (a scan of all hits for each expression asked about cost more);
	// nil otherwise.
	byBit *hitIndex
}

// hitIndex lists a set's hits by bit, made at the first question that
// needs it, and made again where hits were added since.
type hitIndex struct {
	exact, fold   endsByBit
	nExact, nFold int // the hits listed
	made          bool
}

// endsByBit lists where the literals of each bit end, in the order of
// the hits: ends[start[bit]:start[bit+1]].
type endsByBit struct {
	start, ends []int32
}

// indexed returns the set's hits listed by bit; nil where they are not.
func (c Set) indexed() *hitIndex {
	x := c.byBit
	if x == nil {
		return nil
	}
	if !x.made || x.nExact != len(c.exactHits) || x.nFold != len(c.foldHits) {
		*x = hitIndex{exact: listByBit(c.pf.exact, c.exactHits, c.pf.words), fold: listByBit(c.pf.fold, c.foldHits, c.pf.words),
			nExact: len(c.exactHits), nFold: len(c.foldHits), made: true}
	}
	return x
}

// listByBit lists the ends of hits, of automaton a, by the bits of their
// literals, in a bitset of words.
func listByBit(a *automaton, hits []hit, words int) endsByBit {
	start := make([]int32, words*64+1)
	for _, h := range hits {
		for w, v := range a.outputs(h.node) {
			for ; v != 0; v &= v - 1 {
				start[w*64+bits.TrailingZeros64(v)+1]++
			}
		}
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	ends := make([]int32, start[len(start)-1])
	next := slices.Clone(start[:len(start)-1])
	for _, h := range hits {
		for w, v := range a.outputs(h.node) {
			for ; v != 0; v &= v - 1 {
				b := w*64 + bits.TrailingZeros64(v)
				ends[next[b]] = h.end
				next[b]++
			}
		}
	}
	return endsByBit{start, ends}
}

// of returns where the literals of bit end, in order.
func (l endsByBit) of(bit int) []int32 {
	return l.ends[l.start[bit]:l.start[bit+1]]
}

// after returns the index of the first of ends past from.
func after(ends []int32, from int) int {
	return sort.Search(len(ends), func(i int) bool { return int(ends[i]) > from })
}

// In reports whether a literal of re may lie in text[a:b] of the scanned
// text: one ends there. Without noted hits it reports whether re can match
// the text at all (May). It never rules out a literal that lies there.
func (c Set) In(re *lazyregexp.Regexp, a, b int) bool {
	if c.pf == nil {
		return true
	}
	bits := c.pf.index[re]
	if !c.hasAll(bits) || !c.hits {
		return c.hasAll(bits)
	}
	for _, bit := range bits {
		if !c.endsIn(bit, a, b) {
			return false
		}
	}
	return true
}

// endsIn reports whether a literal of bit ends in (a, b].
func (c Set) endsIn(bit, a, b int) bool {
	if x := c.indexed(); x != nil {
		in := func(ends []int32) bool {
			i := after(ends, a)
			return i < len(ends) && int(ends[i]) <= b
		}
		return in(x.exact.of(bit)) || in(x.fold.of(bit))
	}
	return c.pf.exact.endsIn(c.exactHits, bit, a, b) || c.pf.fold.endsIn(c.foldHits, bit, a, b)
}

// LastEnd returns where the last literal of one of re's required sets
// ends in the scanned text, the earliest of them; false where the set
// cannot tell (no hits noted, or re not indexed). No match of re starts at
// or after it, as every match holds a literal of each set.
func (c Set) LastEnd(re *lazyregexp.Regexp) (int, bool) {
	if c.pf == nil || !c.hits {
		return 0, false
	}
	bits, ok := c.pf.index[re]
	if !ok {
		return 0, false
	}
	x := c.indexed()
	lastOf := func(ends []int32) int {
		if len(ends) == 0 {
			return 0
		}
		return int(ends[len(ends)-1])
	}
	last := -1
	for _, bit := range bits {
		var end int
		if x != nil {
			end = max(lastOf(x.exact.of(bit)), lastOf(x.fold.of(bit)))
		} else {
			end = max(c.pf.exact.lastEnd(c.exactHits, bit), c.pf.fold.lastEnd(c.foldHits, bit))
		}
		if last < 0 || end < last {
			last = end
		}
	}
	return last, true
}

// EachEnd calls f, in order, with every end in (from, to] of a literal
// of re's requirement in the scanned text, until f returns false; false
// where the set cannot tell (no hits noted, or re not indexed). Every
// match of re holds one of them, and lies where EachEnd says, when In
// admits it there.
func (c Set) EachEnd(re *lazyregexp.Regexp, from, to int, f func(end int) bool) bool {
	if c.pf == nil || !c.hits {
		return false
	}
	bits, ok := c.pf.index[re]
	if !ok {
		return false
	}
	bit := bits[0]
	if x := c.indexed(); x != nil {
		eachEnd(x.exact.of(bit), x.fold.of(bit), from, to, f)
		return true
	}
	exact, fold := c.pf.exact, c.pf.fold
	i := sort.Search(len(c.exactHits), func(i int) bool { return int(c.exactHits[i].end) > from })
	j := sort.Search(len(c.foldHits), func(j int) bool { return int(c.foldHits[j].end) > from })
	next := func(a *automaton, hits []hit, k *int) int {
		for ; *k < len(hits) && int(hits[*k].end) <= to; *k++ {
			if a.outputs(hits[*k].node)[bit/64]&(1<<(bit%64)) != 0 {
				return int(hits[*k].end)
			}
		}
		return to + 1
	}
	e, g := next(exact, c.exactHits, &i), next(fold, c.foldHits, &j)
	for min(e, g) <= to {
		if e <= g {
			if !f(e) {
				return true
			}
			i++
			e = next(exact, c.exactHits, &i)
		} else {
			if !f(g) {
				return true
			}
			j++
			g = next(fold, c.foldHits, &j)
		}
	}
	return true
}

// eachEnd is EachEnd over the ends of one bit's literals, exact and under
// (?i): in order, an exact one before one under (?i) that ends there too.
func eachEnd(exact, fold []int32, from, to int, f func(end int) bool) {
	i, j := after(exact, from), after(fold, from)
	at := func(ends []int32, k int) int {
		if k < len(ends) && int(ends[k]) <= to {
			return int(ends[k])
		}
		return to + 1
	}
	for e, g := at(exact, i), at(fold, j); min(e, g) <= to; e, g = at(exact, i), at(fold, j) {
		if e <= g {
			if !f(e) {
				return
			}
			i++
		} else {
			if !f(g) {
				return
			}
			j++
		}
	}
}

// lastEnd returns the end of the last of hits with a literal of bit, or 0.
func (a *automaton) lastEnd(hits []hit, bit int) int {
	for i := len(hits) - 1; i >= 0; i-- {
		if a.outputs(hits[i].node)[bit/64]&(1<<(bit%64)) != 0 {
			return int(hits[i].end)
		}
	}
	return 0
}

// endsIn reports whether one of hits, in order, ends in (a, b] with a
// literal of bit.
func (a *automaton) endsIn(hits []hit, bit, from, to int) bool {
	i := sort.Search(len(hits), func(i int) bool { return int(hits[i].end) > from })
	for ; i < len(hits) && int(hits[i].end) <= to; i++ {
		if a.outputs(hits[i].node)[bit/64]&(1<<(bit%64)) != 0 {
			return true
		}
	}
	return false
}

// May reports whether re can match the scanned text. The zero Set (no
// scan) admits everything.
func (c Set) May(re *lazyregexp.Regexp) bool {
	return c.pf == nil || c.hasAll(c.pf.index[re])
}

// hasAll reports whether a literal of each of bits occurs in the scanned
// text (none: an expression not indexed).
func (c Set) hasAll(bits []int) bool {
	for _, bit := range bits {
		if !c.has(bit) {
			return false
		}
	}
	return true
}

// has reports whether a literal of bit occurs in the scanned text.
func (c Set) has(bit int) bool {
	if c.seen == nil {
		return c.small&(1<<bit) != 0
	}
	return c.seen[bit/64]&(1<<(bit%64)) != 0
}

// Indexes reports whether the filter knows any expression: one that
// does not admits every text, and scanning is wasted.
func (pf *Filter) Indexes() bool { return pf != nil && pf.words > 0 }

// CanonicalRune maps r to the smallest rune of its simple case-folding
// orbit, the equivalence (?i) matches under.
func CanonicalRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	return min
}

func canonical(s string) string {
	var b strings.Builder
	b.Grow(len(s)) // the canonical spelling is seldom longer
	for _, r := range s {
		b.WriteRune(CanonicalRune(r))
	}
	return b.String()
}

// maxSet bounds the finite sets of strings the analysis multiplies out.
const maxSet = 4096

// maxRequired bounds the literals of a requirement multiplied out of a
// concatenation's parts: past it, a part by itself is rare enough, and
// the others are indexed as other required sets (analysis.also).
const maxRequired = 256

// analyser works out the literals of one expression. Its sets are
// shared by whoever asks for them, and never modified: the analysis of a
// part is asked for again by each part around it (a long alternation's
// exact set by its capture, its concatenation, their requirements and
// conjuncts), so each is worked out once.
type analyser struct {
	exact, req map[*syntax.Regexp]memo
}

type memo struct {
	set []literal
	ok  bool
}

func newAnalyser() *analyser {
	return &analyser{exact: map[*syntax.Regexp]memo{}, req: map[*syntax.Regexp]memo{}}
}

// exactSet is exactSetOf, worked out once a part.
func (an *analyser) exactSet(re *syntax.Regexp) ([]literal, bool) {
	m, ok := an.exact[re]
	if !ok {
		m.set, m.ok = an.exactSetOf(re)
		m.set = slices.Clip(m.set) // callers append to copies
		an.exact[re] = m
	}
	return m.set, m.ok
}

// required returns literals one of which every match of re contains; ok is
// false where no such set is known.
func (an *analyser) required(re *syntax.Regexp) ([]literal, bool) {
	m, ok := an.req[re]
	if !ok {
		m.set, m.ok = an.requiredOf(re)
		m.set = slices.Clip(m.set)
		an.req[re] = m
	}
	return m.set, m.ok
}

func (an *analyser) requiredOf(re *syntax.Regexp) ([]literal, bool) {
	if set, ok := an.exactSet(re); ok && (len(set) <= maxRequired || re.Op != syntax.OpConcat) {
		return set, true
	}
	if sub, ok := inner(re); ok {
		return an.required(sub)
	}
	switch re.Op {
	case syntax.OpConcat:
		var best []literal
		found := false
		an.concatSets(re, false, func(req []literal) {
			if !found || better(req, best) {
				best, found = req, true
			}
		})
		return best, found && minWeight(best) > 0
	case syntax.OpAlternate:
		var out []literal
		for _, sub := range re.Sub {
			req, ok := an.required(sub)
			if !ok {
				return nil, false
			}
			out = append(out, req...)
		}
		return dedupe(out), true
	}
	return nil, false
}

// concatSets calls visit with every literal set a concatenation requires
// that its parts tell: runs of parts with finite sets multiplied out
// ("Uni" and "versity|versidad" are "University|Universidad"), and what
// each other part requires; with deep, also every set such a part's own
// parts require (conjuncts).
func (an *analyser) concatSets(re *syntax.Regexp, deep bool, visit func([]literal)) {
	var run []literal
	inRun := false
	for _, sub := range re.Sub {
		if set, ok := an.exactSet(sub); ok {
			if !inRun {
				run, inRun = set, true
			} else if p, ok := productUpTo(run, set, maxRequired); ok {
				run = p
			} else {
				visit(run)
				run = set
			}
			continue
		}
		if inRun {
			if deep {
				visit(run) // smaller than the product below
			}
			// The run is followed by how sub begins ("II" then "M" or "T"
			// where the rest of sub is a large class).
			if p, ok := product(run, an.prefixes(sub)); ok {
				run = p
			}
			visit(run)
			inRun = false
		}
		if req, ok := an.required(sub); ok {
			visit(req)
		}
		if deep {
			for _, c := range an.conjuncts(sub) {
				visit(c)
			}
		}
	}
	if inRun {
		visit(run)
	}
}

// conjuncts returns literal sets every match of re contains one of each
// of: what the parts of its concatenations require, through captures and
// repeats (an alternation's branches require different things, and only
// required's union of them counts).
func (an *analyser) conjuncts(re *syntax.Regexp) [][]literal {
	if sub, ok := inner(re); ok {
		return an.conjuncts(sub)
	}
	var out [][]literal
	switch re.Op {
	case syntax.OpConcat:
		an.concatSets(re, true, func(set []literal) { out = append(out, set) })
	case syntax.OpAlternate:
		// A match holds a literal of one of each branch's sets: every
		// union of one set a branch, as long as they are few.
		out = [][]literal{nil}
		for _, sub := range re.Sub {
			var next [][]literal
			for _, set := range an.conjuncts(sub) {
				if minWeight(set) <= 0 || len(set) > maxAlsoLiterals {
					continue
				}
				for _, u := range out {
					next = append(next, append(slices.Clip(u), set...))
				}
			}
			if len(next) == 0 || len(next) > maxUnions {
				return nil
			}
			out = next
		}
		for i := range out {
			out[i] = dedupe(out[i])
		}
	}
	return out
}

// inner returns the expression every match of re holds a match of, for a
// capture or a repeat of at least once.
func inner(re *syntax.Regexp) (*syntax.Regexp, bool) {
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return re.Sub[0], true
	case syntax.OpRepeat:
		return re.Sub[0], re.Min >= 1
	}
	return nil, false
}

// exactSet returns the finite set of strings re matches, if it is one and
// small: literals, small classes, and alternations, concatenations and
// options of those. Empty-width assertions count as the empty string (a
// superset of what they match).
func (an *analyser) exactSetOf(re *syntax.Regexp) ([]literal, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		s := string(re.Rune)
		if strings.ContainsRune(s, utf8.RuneError) {
			return nil, false // it would match invalid bytes
		}
		return []literal{{s, re.Flags&syntax.FoldCase != 0}}, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []literal{{}}, true
	case syntax.OpCharClass:
		var out []literal
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if len(out)+int(hi-lo)+1 > maxClassRunes || lo <= utf8.RuneError && utf8.RuneError <= hi {
				return nil, false
			}
			for r := lo; r <= hi; r++ {
				out = append(out, literal{s: string(r)})
			}
		}
		return out, len(out) > 0
	case syntax.OpCapture:
		return an.exactSet(re.Sub[0])
	case syntax.OpQuest:
		set, ok := an.exactSet(re.Sub[0])
		if !ok || len(set)+1 > maxSet {
			return nil, false
		}
		return append(set, literal{}), true
	case syntax.OpAlternate:
		var out []literal
		for _, sub := range re.Sub {
			set, ok := an.exactSet(sub)
			if !ok || len(out)+len(set) > maxSet {
				return nil, false
			}
			out = append(out, set...)
		}
		return dedupe(out), true
	case syntax.OpConcat:
		out := []literal{{}}
		for _, sub := range re.Sub {
			set, ok := an.exactSet(sub)
			if !ok {
				return nil, false
			}
			if out, ok = product(out, set); !ok {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// prefixes returns strings one of which every match of re begins with (at
// worst the empty string).
func (an *analyser) prefixes(re *syntax.Regexp) []literal {
	if set, ok := an.exactSet(re); ok {
		return set
	}
	if sub, ok := inner(re); ok {
		return an.prefixes(sub)
	}
	switch re.Op {
	case syntax.OpConcat:
		out := []literal{{}}
		for _, sub := range re.Sub {
			set, exact := an.exactSet(sub)
			if !exact {
				set = an.prefixes(sub)
			}
			p, ok := product(out, set)
			if !ok {
				return out
			}
			out = p
			if !exact {
				return out
			}
		}
		return out
	case syntax.OpAlternate:
		var out []literal
		for _, sub := range re.Sub {
			out = append(out, an.prefixes(sub)...)
			if len(out) > maxSet {
				return []literal{{}}
			}
		}
		return dedupe(out)
	}
	return []literal{{}}
}

func product(a, b []literal) ([]literal, bool) {
	return productUpTo(a, b, maxSet)
}

// productUpTo is product for at most limit strings (before removing
// those that come out twice).
func productUpTo(a, b []literal, limit int) ([]literal, bool) {
	if len(a)*len(b) > limit {
		return nil, false
	}
	out := make([]literal, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, literal{x.s + y.s, x.fold || y.fold})
		}
	}
	return dedupe(out), true
}

// better prefers the set whose weakest literal weighs more (is rarer),
// then the smaller set.
func better(a, b []literal) bool {
	wa, wb := minWeight(a), minWeight(b)
	if wa != wb {
		return wa > wb
	}
	return len(a) < len(b)
}

// minWeight is the weight of a set's weakest literal: its runes, not
// counting spaces, which every text has.
func minWeight(ls []literal) int {
	m := -1
	for _, l := range ls {
		n := 0
		for _, r := range l.s {
			if !unicode.IsSpace(r) {
				n++
			}
		}
		if m < 0 || n < m {
			m = n
		}
	}
	return m
}

func dedupe(ls []literal) []literal {
	seen := make(map[literal]bool, len(ls))
	out := ls[:0]
	for _, l := range ls {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// analysed caches analyse by expression source: the same expressions are
// analysed by several filters and by confinement (Shortest), and the
// analysis of a long alternation takes milliseconds of a short command.
var analysed sync.Map // source -> analysis

type analysis struct {
	req []literal // what every match contains one of
	// also are other sets every match contains one of, each of them
	// ("colleague|manager|..." where req is "from|at"): a text that lacks
	// one cannot match either.
	also [][]literal
	ok   bool
}

// maxAlso bounds the sets an expression is indexed by besides its
// requirement, and maxAlsoLiterals the literals of each: the automata
// grow with them, and a text rarely lacks all of a large set.
const (
	maxAlso         = 2
	maxAlsoLiterals = 256
	// maxUnions bounds the unions of its branches' sets an alternation
	// is considered with.
	maxUnions = 64
)

// analyse returns re's required literals, with ok false where New does
// not index re (no literals, or one that every text has). The result is
// shared: callers do not modify it.
func analyse(re *lazyregexp.Regexp) analysis {
	loadAnalyses()
	src := re.String()
	if a, ok := analysed.Load(src); ok {
		return a.(analysis)
	}
	analysesCache.fresh.Store(true)
	var a analysis
	if ast, err := syntax.Parse(src, syntax.Perl); err == nil {
		an := newAnalyser()
		a.req, a.ok = an.required(ast)
		a.ok = a.ok && len(a.req) > 0 && minWeight(a.req) > 0
		if a.ok {
			a.also = an.alsoRequired(ast, a.req)
		}
	}
	analysed.Store(src, a)
	return a
}

// alsoRequired picks, from the sets re's parts require, up to maxAlso
// besides req: the best (as required picks), small enough, and each
// other than req and than one another.
func (an *analyser) alsoRequired(re *syntax.Regexp, req []literal) [][]literal {
	var sets [][]literal
	for _, set := range an.conjuncts(re) {
		if len(set) <= maxAlsoLiterals && minWeight(set) > 0 {
			sets = append(sets, set)
		}
	}
	sort.SliceStable(sets, func(i, j int) bool { return better(sets[i], sets[j]) })
	var out [][]literal
	for _, set := range sets {
		if len(out) == maxAlso {
			break
		}
		// A set that a chosen one implies rules out no more texts, and
		// one that implies a chosen one rules out few more ("peer\t",
		// "peer " where "peer" is chosen).
		if !implies(req, set) && !slices.ContainsFunc(out, func(s []literal) bool { return implies(s, set) || implies(set, s) }) {
			out = append(out, set)
		}
	}
	return out
}

// implies reports whether every literal of a contains one of b, so that a
// text holding one of a holds one of b ("from " holds "from").
func implies(a, b []literal) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y literal) bool { return x.fold == y.fold && strings.Contains(x.s, y.s) }) {
			return false
		}
	}
	return true
}

// Shortest returns the length in bytes of the shortest literal one of
// which every match of re contains (under (?i), of its shortest spelling),
// and false where re has no such literals that New would index.
func Shortest(re *lazyregexp.Regexp) (int, bool) {
	a := analyse(re)
	if !a.ok {
		return 0, false
	}
	short := -1
	for _, l := range a.req {
		n := len(l.s)
		if l.fold {
			n = len(canonical(l.s)) // no spelling under (?i) is shorter
		}
		if short < 0 || n < short {
			short = n
		}
	}
	return short, true
}

// ASCIIWords returns the ASCII strings, lower-cased, that (?i)^(?:src)$
// matches, for looking a word up instead of running the expression: ok is
// false unless src matches a small finite set of strings, none through an
// assertion (\b, ^, $) and every letter under (?i). An ASCII word matches
// the expression exactly when its lower case is in the set; a word that is
// not ASCII must still run the expression.
func ASCIIWords(src string) (map[string]bool, bool) {
	return wordSet(src, caseSensitive, asciiSpelling)
}

// CasedASCIIWords is ASCIIWords for an expression that no letter of
// matches under (?i) ("(?-i:Mr|Mrs|Ms)\.?"): the ASCII strings that
// (?i)^(?:src)$ matches, as they are spelled, as the expression matches no
// other case of them. An ASCII word matches the expression exactly when it
// is in the set; a word that is not ASCII must still run the expression.
func CasedASCIIWords(src string) (map[string]bool, bool) {
	return wordSet(src, foldsLetter, asSpelled)
}

// wordSet returns the strings (?i)^(?:src)$ matches as spell writes them
// (dropping those it refuses), or false where src holds an assertion,
// unfit says no, or the strings are not a small finite set.
func wordSet(src string, unfit func(*syntax.Regexp) bool, spell func(string) (string, bool)) (map[string]bool, bool) {
	ast, err := syntax.Parse(`(?i)(?:`+src+`)`, syntax.Perl)
	if err != nil || hasAssertion(ast) || unfit(ast) {
		return nil, false
	}
	set, ok := newAnalyser().exactSet(ast)
	if !ok {
		return nil, false
	}
	out := map[string]bool{}
	for _, l := range set {
		if w, ok := spell(l.s); ok {
			out[w] = true
		}
	}
	return out, true
}

// foldsLetter reports whether re matches a literal under (?i) that has
// other cases. (A class under (?i) lists every case it matches.)
func foldsLetter(re *syntax.Regexp) bool {
	return re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase != 0 && hasOtherCase(re.Rune) || anySub(re, foldsLetter)
}

// hasOtherCase reports whether one of rs has another case.
func hasOtherCase(rs []rune) bool {
	for _, r := range rs {
		if unicode.SimpleFold(r) != r {
			return true
		}
	}
	return false
}

// anySub reports whether f holds for one of re's subexpressions.
func anySub(re *syntax.Regexp, f func(*syntax.Regexp) bool) bool {
	for _, sub := range re.Sub {
		if f(sub) {
			return true
		}
	}
	return false
}

// asSpelled returns s if it is ASCII.
func asSpelled(s string) (string, bool) {
	return s, strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) < 0
}

// hasAssertion reports whether re holds an empty-width assertion.
func hasAssertion(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if hasAssertion(sub) {
			return true
		}
	}
	return false
}

// caseSensitive reports whether re matches a letter outside (?i) ("(?-i)").
// Under (?i), literals match every case and classes hold every case of
// their letters, so a match's case variants all match too.
func caseSensitive(re *syntax.Regexp) bool {
	switch {
	case re.Flags&syntax.FoldCase != 0:
	case re.Op == syntax.OpLiteral:
		if hasOtherCase(re.Rune) {
			return true
		}
	case re.Op == syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > maxClassRunes {
				return true // too large to tell, and to take as a set anyway
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if unicode.SimpleFold(r) != r {
					return true
				}
			}
		}
	}
	return anySub(re, caseSensitive)
}

// asciiSpelling returns the lower-case ASCII string that matches s under
// (?i) ("ſ" -> "s"), if there is one.
func asciiSpelling(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		a, ok := asciiMember(r)
		if !ok {
			return "", false
		}
		b.WriteRune(a)
	}
	return b.String(), true
}

// asciiMember returns the lower-case ASCII rune of r's simple case-folding
// orbit ("ſ" -> 's', "K" (Kelvin) -> 'k'), if it has one.
func asciiMember(r rune) (rune, bool) {
	f := r
	for {
		if f < utf8.RuneSelf {
			return unicode.ToLower(f), true
		}
		if f = unicode.SimpleFold(f); f == r {
			return 0, false
		}
	}
}

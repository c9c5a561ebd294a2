package literals

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Filter indexes expressions by their required literals.
type Filter struct {
	index map[*regexp.Regexp]int // expression -> bit; absent: always run
	words int                    // bitset words
	exact *automaton             // literals matched byte for byte
	fold  *automaton             // literals under (?i), canonical case
}

// automaton is an Aho-Corasick automaton over bytes whose outputs are sets
// of expression bits.
type automaton struct {
	goto0 [256]int32       // transitions from the root
	edges map[uint64]int32 // node<<8|byte -> node, below the root
	fail  []int32
	out   [][]uint64 // per node: bits of the literals ending here or at a suffix
	empty bool
	// The automaton as a table, built by link: delta[node*classes+class[b]]
	// is the node after reading b, failure links already followed, so a
	// scan costs one lookup a byte. Bytes no literal has share class 0.
	class   [256]uint8
	classes int
	delta   []int32
	hasOut  []bool
}

// literal is one string an expression's matches may have to contain.
type literal struct {
	s    string
	fold bool // matched under (?i)
}

// maxClassRunes bounds a character class taken as a set of literals.
const maxClassRunes = 16

// New indexes the given expressions.
func New(res []*regexp.Regexp) *Filter {
	pf := &Filter{index: map[*regexp.Regexp]int{}}
	type bitLit struct {
		s   string
		bit int
	}
	var exact, fold []bitLit
	for _, re := range res {
		if _, seen := pf.index[re]; seen || re == nil {
			continue
		}
		ast, err := syntax.Parse(re.String(), syntax.Perl)
		if err != nil {
			continue
		}
		req, ok := required(ast)
		if !ok || len(req) == 0 || minWeight(req) == 0 {
			continue
		}
		bit := len(pf.index)
		pf.index[re] = bit
		for _, l := range req {
			if l.fold {
				fold = append(fold, bitLit{canonical(l.s), bit})
			} else {
				exact = append(exact, bitLit{l.s, bit})
			}
		}
	}
	pf.words = (len(pf.index) + 63) / 64
	build := func(lits []bitLit) *automaton {
		a := newAutomaton(pf.words)
		for _, l := range lits {
			a.add(l.s, l.bit)
		}
		a.link()
		return a
	}
	pf.exact, pf.fold = build(exact), build(fold)
	return pf
}

func newAutomaton(words int) *automaton {
	a := &automaton{edges: map[uint64]int32{}, fail: []int32{0}, out: [][]uint64{make([]uint64, words)}, empty: true}
	for i := range a.goto0 {
		a.goto0[i] = -1
	}
	return a
}

func (a *automaton) next(n int32, b byte) int32 {
	if n == 0 {
		return a.goto0[b]
	}
	if m, ok := a.edges[uint64(n)<<8|uint64(b)]; ok {
		return m
	}
	return -1
}

func (a *automaton) add(s string, bit int) {
	a.empty = false
	n := int32(0)
	for i := 0; i < len(s); i++ {
		m := a.next(n, s[i])
		if m < 0 {
			m = int32(len(a.fail))
			a.fail = append(a.fail, 0)
			a.out = append(a.out, make([]uint64, len(a.out[0])))
			if n == 0 {
				a.goto0[s[i]] = m
			} else {
				a.edges[uint64(n)<<8|uint64(s[i])] = m
			}
		}
		n = m
	}
	a.out[n][bit/64] |= 1 << (bit % 64)
}

// link computes failure links breadth first; outputs inherit those of
// their failure node.
func (a *automaton) link() {
	type edge struct {
		b byte
		n int32
	}
	children := make([][]edge, len(a.fail))
	for b, n := range a.goto0 {
		if n >= 0 {
			children[0] = append(children[0], edge{byte(b), n})
		}
	}
	for k, n := range a.edges {
		children[k>>8] = append(children[k>>8], edge{byte(k), n})
	}
	var queue, order []int32
	for _, c := range children[0] {
		queue = append(queue, c.n)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		order = append(order, n)
		for _, c := range children[n] {
			f := a.fail[n]
			for {
				if m := a.next(f, c.b); m >= 0 {
					a.fail[c.n] = m
					break
				}
				if f == 0 {
					a.fail[c.n] = 0
					break
				}
				f = a.fail[f]
			}
			for w := range a.out[c.n] {
				a.out[c.n][w] |= a.out[a.fail[c.n]][w]
			}
			queue = append(queue, c.n)
		}
	}
	a.table(order)
}

// table builds delta from the trie and its failure links; order lists the
// nodes below the root breadth first, so that a node's failure node (which
// is shallower) is filled in before it.
func (a *automaton) table(order []int32) {
	var rep []byte // class -> a byte of it
	rep = append(rep, 0)
	used := [256]bool{}
	for b, n := range a.goto0 {
		if n >= 0 {
			used[b] = true
		}
	}
	for k := range a.edges {
		used[byte(k)] = true
	}
	for b := 0; b < 256; b++ {
		if used[b] {
			a.class[b] = uint8(len(rep))
			rep = append(rep, byte(b))
		}
	}
	a.classes = len(rep)
	a.delta = make([]int32, len(a.fail)*a.classes)
	a.hasOut = make([]bool, len(a.fail))
	for c := 1; c < a.classes; c++ {
		if m := a.goto0[rep[c]]; m >= 0 {
			a.delta[c] = m
		}
	}
	for _, n := range order {
		row := int(n) * a.classes
		frow := int(a.fail[n]) * a.classes
		for c := 1; c < a.classes; c++ {
			if m, ok := a.edges[uint64(n)<<8|uint64(rep[c])]; ok {
				a.delta[row+c] = m
			} else {
				a.delta[row+c] = a.delta[frow+c]
			}
		}
		for _, v := range a.out[n] {
			if v != 0 {
				a.hasOut[n] = true
			}
		}
	}
}

// scan ors into seen the bits of every literal occurring in s.
func (a *automaton) scan(s string, seen []uint64, hits *[]hit, base int) {
	if a.empty {
		return
	}
	n := int32(0)
	for i := 0; i < len(s); i++ {
		n = a.delta[int(n)*a.classes+int(a.class[s[i]])]
		if a.hasOut[n] {
			a.output(n, seen, hits, base+i+1)
		}
	}
}

// hit is where literals end in a scanned text: the offset after their
// last byte, and the automaton's node there, whose outputs are their bits.
type hit struct {
	end, node int32
}

// output ors in the bits of the literals ending at node n, and notes
// where if hits is not nil.
func (a *automaton) output(n int32, seen []uint64, hits *[]hit, end int) {
	for w, v := range a.out[n] {
		seen[w] |= v
	}
	if hits != nil {
		*hits = append(*hits, hit{int32(end), n})
	}
}

// scanCanonical is scan(canonical(s)) without building that string; a
// literal's end is noted after the rune of s its last byte belongs to.
func (a *automaton) scanCanonical(s string, seen []uint64, hits *[]hit, base int) {
	if a.empty {
		return
	}
	n := int32(0)
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			i++
			n = a.delta[int(n)*a.classes+int(a.class[c])]
			if a.hasOut[n] {
				a.output(n, seen, hits, base+i)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		for _, b := range utf8.AppendRune(buf[:0], canonicalRune(r)) {
			n = a.delta[int(n)*a.classes+int(a.class[b])]
			if a.hasOut[n] {
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
	}
	s.pf.exact.scan(text, seen, exact, base)
	if !s.pf.fold.empty {
		s.pf.fold.scanCanonical(text, seen, fold, base)
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
}

// In reports whether a literal of re may lie in text[a:b] of the scanned
// text: one ends there. Without noted hits it reports whether re can match
// the text at all (May). It never rules out a literal that lies there.
func (c Set) In(re *regexp.Regexp, a, b int) bool {
	if !c.May(re) || c.pf == nil || !c.hits {
		return c.May(re)
	}
	bit, ok := c.pf.index[re]
	if !ok {
		return true
	}
	return c.pf.exact.endsIn(c.exactHits, bit, a, b) || c.pf.fold.endsIn(c.foldHits, bit, a, b)
}

// LastEnd returns where the last literal of re ends in the scanned text;
// false where the set cannot tell (no hits noted, or re not indexed). No
// match of re starts at or after it.
func (c Set) LastEnd(re *regexp.Regexp) (int, bool) {
	if c.pf == nil || !c.hits {
		return 0, false
	}
	bit, ok := c.pf.index[re]
	if !ok {
		return 0, false
	}
	return max(c.pf.exact.lastEnd(c.exactHits, bit), c.pf.fold.lastEnd(c.foldHits, bit)), true
}

// lastEnd returns the end of the last of hits with a literal of bit, or 0.
func (a *automaton) lastEnd(hits []hit, bit int) int {
	for i := len(hits) - 1; i >= 0; i-- {
		if a.out[hits[i].node][bit/64]&(1<<(bit%64)) != 0 {
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
		if a.out[hits[i].node][bit/64]&(1<<(bit%64)) != 0 {
			return true
		}
	}
	return false
}

// May reports whether re can match the scanned text. The zero Set (no
// scan) admits everything.
func (c Set) May(re *regexp.Regexp) bool {
	if c.pf == nil {
		return true
	}
	bit, ok := c.pf.index[re]
	if !ok {
		return true
	}
	if c.seen == nil {
		return c.small&(1<<bit) != 0
	}
	return c.seen[bit/64]&(1<<(bit%64)) != 0
}

// Indexes reports whether the filter knows any expression: one that
// does not admits every text, and scanning is wasted.
func (pf *Filter) Indexes() bool { return pf != nil && pf.words > 0 }

// canonicalRune maps r to the smallest rune of its simple case-folding
// orbit, the equivalence (?i) matches under.
func canonicalRune(r rune) rune {
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
	for _, r := range s {
		b.WriteRune(canonicalRune(r))
	}
	return b.String()
}

// maxSet bounds the finite sets of strings the analysis multiplies out.
const maxSet = 4096

// required returns literals one of which every match of re contains; ok is
// false where no such set is known.
func required(re *syntax.Regexp) ([]literal, bool) {
	if set, ok := exactSet(re); ok {
		return set, true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		return required(re.Sub[0])
	case syntax.OpConcat:
		var best []literal
		found := false
		consider := func(req []literal) {
			if !found || better(req, best) {
				best, found = req, true
			}
		}
		// Runs of children with finite sets multiply out ("Uni" and
		// "versity|versidad" are "University|Universidad"); other children
		// give their own requirement.
		var run []literal
		inRun := false
		for _, sub := range re.Sub {
			if set, ok := exactSet(sub); ok {
				if !inRun {
					run, inRun = set, true
				} else if p, ok := product(run, set); ok {
					run = p
				} else {
					consider(run)
					run = set
				}
				continue
			}
			if inRun {
				// The run is followed by how sub begins ("II" then "M"
				// or "T" where the rest of sub is a large class).
				if p, ok := product(run, prefixes(sub)); ok {
					run = p
				}
				consider(run)
				inRun = false
			}
			if req, ok := required(sub); ok {
				consider(req)
			}
		}
		if inRun {
			consider(run)
		}
		return best, found && minWeight(best) > 0
	case syntax.OpAlternate:
		var out []literal
		for _, sub := range re.Sub {
			req, ok := required(sub)
			if !ok {
				return nil, false
			}
			out = append(out, req...)
		}
		return dedupe(out), true
	}
	return nil, false
}

// exactSet returns the finite set of strings re matches, if it is one and
// small: literals, small classes, and alternations, concatenations and
// options of those. Empty-width assertions count as the empty string (a
// superset of what they match).
func exactSet(re *syntax.Regexp) ([]literal, bool) {
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
		return exactSet(re.Sub[0])
	case syntax.OpQuest:
		set, ok := exactSet(re.Sub[0])
		if !ok || len(set)+1 > maxSet {
			return nil, false
		}
		return append(set, literal{}), true
	case syntax.OpAlternate:
		var out []literal
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
			if !ok || len(out)+len(set) > maxSet {
				return nil, false
			}
			out = append(out, set...)
		}
		return dedupe(out), true
	case syntax.OpConcat:
		out := []literal{{}}
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
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
func prefixes(re *syntax.Regexp) []literal {
	if set, ok := exactSet(re); ok {
		return set
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return prefixes(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return prefixes(re.Sub[0])
		}
	case syntax.OpConcat:
		out := []literal{{}}
		for _, sub := range re.Sub {
			set, exact := exactSet(sub)
			if !exact {
				set = prefixes(sub)
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
			out = append(out, prefixes(sub)...)
			if len(out) > maxSet {
				return []literal{{}}
			}
		}
		return dedupe(out)
	}
	return []literal{{}}
}

func product(a, b []literal) ([]literal, bool) {
	if len(a)*len(b) > maxSet {
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
	seen := map[literal]bool{}
	out := ls[:0]
	for _, l := range ls {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// Shortest returns the length in bytes of the shortest literal one of
// which every match of re contains (under (?i), of its shortest spelling),
// and false where re has no such literals that New would index.
func Shortest(re *syntax.Regexp) (int, bool) {
	req, ok := required(re)
	if !ok || len(req) == 0 || minWeight(req) == 0 {
		return 0, false
	}
	short := -1
	for _, l := range req {
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
	ast, err := syntax.Parse(`(?i)(?:`+src+`)`, syntax.Perl)
	if err != nil || hasAssertion(ast) || caseSensitive(ast) {
		return nil, false
	}
	set, ok := exactSet(ast)
	if !ok {
		return nil, false
	}
	out := map[string]bool{}
	for _, l := range set {
		if w, ok := asciiSpelling(l.s); ok {
			out[w] = true
		}
	}
	return out, true
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
		for _, r := range re.Rune {
			if unicode.SimpleFold(r) != r {
				return true
			}
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
	for _, sub := range re.Sub {
		if caseSensitive(sub) {
			return true
		}
	}
	return false
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

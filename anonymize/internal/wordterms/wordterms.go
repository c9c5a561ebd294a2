package wordterms

import (
	"regexp/syntax"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// The parts of rules.AllowExpression's source around its terms.
const (
	head = `(?i)(?:^|[^\p{L}\p{N}])(`
	tail = `)(?:$|[^\p{L}\p{N}])`
)

// Matcher finds the matches of one allow expression.
type Matcher struct {
	// terms are the expression's alternatives in its order, each as the
	// canonical runes (literals.CanonicalRune) it matches.
	terms [][]rune
	// byFirst lists, for a canonical first rune, the terms starting with
	// it, in order.
	byFirst map[rune][]int
}

// New returns a matcher for re, or nil if re is not an expression that
// rules.AllowExpression writes.
func New(re *lazyregexp.Regexp) *Matcher {
	src := re.String()
	if !strings.HasPrefix(src, head) || !strings.HasSuffix(src, tail) || len(src) <= len(head)+len(tail) {
		return nil
	}
	alts, ok := splitQuoted(src[len(head) : len(src)-len(tail)])
	if !ok {
		return nil
	}
	m := &Matcher{byFirst: map[rune][]int{}}
	for i, a := range alts {
		if a == "" {
			return nil
		}
		t := make([]rune, 0, len(a))
		for _, r := range a {
			t = append(t, literals.CanonicalRune(r))
		}
		m.terms = append(m.terms, t)
		m.byFirst[t[0]] = append(m.byFirst[t[0]], i)
	}
	return m
}

// splitQuoted splits regexp.QuoteMeta'd strings joined by "|" and undoes
// the quoting; false if s holds anything QuoteMeta does not write.
func splitQuoted(s string) ([]string, bool) {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 == len(s) || !strings.ContainsRune(`\.+*?()|[]{}^$`, rune(s[i+1])) {
				return nil, false
			}
			i++
			b.WriteByte(s[i])
		case c == '|':
			out = append(out, b.String())
			b.Reset()
		case strings.IndexByte(`.+*?()[]{}^$`, c) >= 0:
			return nil, false // QuoteMeta would have escaped it
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String()), true
}

// edge holds the runes of (?i)[^\p{L}\p{N}], as sorted ranges, taken from
// regexp's own parse of it; edgeASCII is the same for ASCII bytes.
var edge, edgeASCII = func() ([]rune, [utf8.RuneSelf]bool) {
	re, err := syntax.Parse(`(?i)[^\p{L}\p{N}]`, syntax.Perl)
	if err != nil || re.Op != syntax.OpCharClass {
		panic("wordterms: the edge class does not parse as a class") // a constant: fails every test at once
	}
	var ascii [utf8.RuneSelf]bool
	for c := rune(0); c < utf8.RuneSelf; c++ {
		ascii[c] = inRanges(re.Rune, c)
	}
	return re.Rune, ascii
}()

func inRanges(ranges []rune, r rune) bool {
	k := sort.Search(len(ranges)/2, func(k int) bool { return ranges[2*k+1] >= r })
	return k < len(ranges)/2 && ranges[2*k] <= r
}

func isEdge(r rune) bool {
	if r < utf8.RuneSelf {
		return edgeASCII[r]
	}
	return inRanges(edge, r)
}

// FindAll is re.FindAllStringIndex(text, -1) for the expression New read:
// from left to right, at the first place where one can, the match that
// the expression prefers (the text's start before a character there, the
// terms in their order, the text's end before a character after it).
func (m *Matcher) FindAll(text string) [][]int {
	var out [][]int
	for p := 0; p < len(text); {
		r, size := utf8.DecodeRuneInString(text[p:])
		if end := m.matchAt(text, p, r, size); end >= 0 {
			out = append(out, []int{p, end})
			p = end
			continue
		}
		p += size
	}
	return out
}

// matchAt returns where the match starting at p ends (r of size bytes is
// the rune there), or -1.
func (m *Matcher) matchAt(text string, p int, r rune, size int) int {
	if p == 0 {
		if end := m.termsAt(text, 0); end >= 0 {
			return end
		}
	}
	if !isEdge(r) {
		return -1
	}
	return m.termsAt(text, p+size)
}

// termsAt returns where a match ends whose first term starts at q: after
// the first term, in order, found there and followed by the text's end or
// an edge character; -1 if none is.
func (m *Matcher) termsAt(text string, q int) int {
	if q >= len(text) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(text[q:])
	for _, k := range m.byFirst[literals.CanonicalRune(r)] {
		e := m.termEnd(text, q, m.terms[k])
		if e < 0 {
			continue
		}
		if e == len(text) {
			return e
		}
		if r, size := utf8.DecodeRuneInString(text[e:]); isEdge(r) {
			return e + size
		}
	}
	return -1
}

// termEnd returns where term ends if it is written at q (any case), or -1.
func (m *Matcher) termEnd(text string, q int, term []rune) int {
	for _, t := range term {
		if q >= len(text) {
			return -1
		}
		r, size := utf8.DecodeRuneInString(text[q:])
		if literals.CanonicalRune(r) != t {
			return -1
		}
		q += size
	}
	return q
}

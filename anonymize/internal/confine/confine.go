package confine

import (
	"regexp/syntax"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// Expr finds an expression's matches in a text as running it over the
// whole text does, trying it only where a match can be.
type Expr interface {
	// FindAll is re.FindAllStringSubmatchIndex(text, -1).
	FindAll(text string) [][]int
	// MatchString is re.MatchString(text).
	MatchString(text string) bool
	// MatchStringAt is MatchString told where re's literals are, as
	// FindAllAt is.
	MatchStringAt(text string, scan *literals.Set, base int) bool
	// FindAllAt is FindAll for the part of a scanned text that starts at
	// offset base, with the scan's set (literals.Filter.WithHits, over a
	// filter that indexes re) telling where re's literals are.
	FindAllAt(text string, scan *literals.Set, base int) [][]int
}

// runs runs an expression only over the parts of a text where a
// match can be. Go's regexp runs a long alternation ("MIT|ETH|Caltech|…")
// through its slowest engine over the whole text; most of a note cannot
// hold a match at all. A match consists only of bytes the expression can
// consume, so it lies within one run of such bytes, and it contains one of
// the expression's required literals (see package literals), so only runs holding
// one of them need the expression. Over such a run the expression finds
// exactly what it finds there in the whole text: no match crosses the
// bytes around the run, and those are never ASCII word characters when the
// expression tests word boundaries, as the start and end of a text are
// not. Expressions that test the start or end of the text are not
// confined. One that tests the start or end of a line ((?m)^, (?m)$) and
// cannot consume a line break runs over lines: its runs end only at line
// breaks, where a line's start and end read as the text's do (a label
// "(?m)^\s*Location:" that a field's value follows).
type runs struct {
	consumable [256]bool
	// lines says the expression tests the start or end of a line.
	lines bool
	// filter holds the expression's own literals. It is built at first
	// use: building the automata of a hundred expressions took a good part
	// of a short command's start, and a short text needs few of them.
	filter     *literals.Filter
	filterOnce sync.Once
	// re is the expression, as the literal filters know it too. It is
	// compiled at its first run: most expressions a text's literals admit
	// find no run that holds one of them, and need never be.
	re     *lazyregexp.Regexp
	minRun int // shorter runs cannot hold a literal
	// lead bounds where in a run a match can start; where its reach
	// is bounded, the expression is tried only there (see tried).
	lead leading
}

// ownFilter returns the filter of the expression's literals.
func (c *runs) ownFilter() *literals.Filter {
	c.filterOnce.Do(func() { c.filter = literals.New([]*lazyregexp.Regexp{c.re}) })
	return c.filter
}

// New returns how to run re only where a match can be: over runs of
// bytes it can consume that hold one of its literals, or else at the bytes
// a match can start with (see starts); nil where neither is exact or pays.
// How is worked out from re's syntax once (see shapeOf), and kept.
func New(re *lazyregexp.Regexp) Expr {
	s := shapeOf(re)
	switch s.how {
	case viaRuns:
		return &runs{re: re, consumable: s.bytes, minRun: s.minRun}
	case viaStarts:
		return startsOf(re, s)
	}
	return nil
}

// Broad reports whether e, what New returned for an expression, tries it
// nearly everywhere in a text: over the whole text (nil), or at the start
// of every word, a match being able to start with any lower-case letter.
// Such an expression costs as much as one run without confinement, on
// every text its literals admit.
func Broad(e Expr) bool {
	switch x := e.(type) {
	case nil:
		return true
	case *starts:
		for b := 'a'; b <= 'z'; b++ {
			if !x.first[b] {
				return false
			}
		}
		return x.lead == (leading{})
	}
	return false
}

// analyse works out re's shape from its syntax.
func analyse(re *lazyregexp.Regexp) shape {
	ast, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return shape{}
	}
	if c := newRuns(re, ast); c != nil {
		return shape{how: viaRuns, bytes: c.consumable, minRun: c.minRun}
	}
	// An expression whose starts take in lower-case letters ("(?:^|[^\p{L}\p{N}_])"
	// before a word of any language) is tried at them only where its
	// lead bounds them: a 2,500-byte alternation run by Go's regexp over
	// the whole of a long line was a third of the pattern expressions'
	// time.
	led := func() bool {
		lead, ok := literals.LeadOf(ast)
		return ok && bounds(lead)
	}
	if s, ok := startsShape(ast.Simplify(), led); ok {
		return s
	}
	return shape{}
}

// newRuns returns nil where confining re to runs would not pay or is not
// exact: it can consume line breaks and sentence punctuation alike, tests
// the text's start or end, tests a line's and can consume a line break, or
// has no required literals.
func newRuns(re *lazyregexp.Regexp, ast *syntax.Regexp) *runs {
	c := &runs{re: re}
	if !c.consume(ast.Simplify()) {
		return nil
	}
	if c.lines {
		if c.consumable['\n'] {
			return nil // a match may run on past a line's end
		}
		// Runs then break only at line breaks: a run wider than the
		// bytes the expression consumes still holds every match it holds.
		for b := range c.consumable {
			c.consumable[b] = b != '\n'
		}
	}
	if c.consumable['\n'] && c.consumable['.'] && c.consumable[','] {
		return nil
	}
	short, ok := literals.Shortest(re)
	if !ok {
		return nil
	}
	c.minRun = short
	// literals.New indexes re under the very conditions checked above, so
	// the filter built later always knows it (and one that did not would
	// admit every run, which is still exact).
	return c
}

// consume marks the bytes re can consume, and notes a test of a line's
// start or end; false if re tests the start or end of the text.
func (c *runs) consume(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText, syntax.OpEndText:
		return false
	case syntax.OpBeginLine, syntax.OpEndLine:
		c.lines = true
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		for b := 0; b < utf8.RuneSelf; b++ {
			if isASCIIWord(byte(b)) {
				c.consumable[b] = true
			}
		}
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			c.addRune(r)
			if re.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					c.addRune(f)
				}
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
				c.consumable[r] = true
			}
			if hi >= utf8.RuneSelf {
				c.addRune(utf8.RuneSelf)
			}
		}
	case syntax.OpAnyCharNotNL:
		for b := range c.consumable {
			c.consumable[b] = b != '\n'
		}
	case syntax.OpAnyChar:
		for b := range c.consumable {
			c.consumable[b] = true
		}
	}
	for _, sub := range re.Sub {
		if !c.consume(sub) {
			return false
		}
	}
	return true
}

// addRune marks r's bytes; any non-ASCII rune marks every non-ASCII byte
// (the bytes of multi-byte runes, and invalid bytes, which read as
// U+FFFD). Non-ASCII bytes are only ever marked all at once, so the first
// tells whether they are (a long alternation under (?i) has thousands of
// letters that fold to a non-ASCII one, as s and k do).
func (c *runs) addRune(r rune) {
	if r < utf8.RuneSelf {
		c.consumable[r] = true
		return
	}
	if c.consumable[utf8.RuneSelf] {
		return
	}
	for b := utf8.RuneSelf; b < 256; b++ {
		c.consumable[b] = true
	}
}

func isASCIIWord(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// FindAll is re.FindAllStringSubmatchIndex(text, -1), run only over the
// runs of text that can hold a match; indexes are into text.
func (c *runs) FindAll(text string) [][]int {
	return c.FindAllAt(text, nil, 0)
}

// FindAllAt is FindAll with the runs that hold a literal told by scan;
// nil scans each run with the expression's own filter.
func (c *runs) FindAllAt(text string, scan *literals.Set, base int) [][]int {
	var out [][]int
	c.eachRun(text, scan, base, func(a, b int) bool {
		if x := c.tried(); x != nil {
			x.inRun(text, a, b, &c.lead, func(m []int) bool {
				out = append(out, m)
				return true
			})
			return true
		}
		for _, m := range c.re.Compiled().FindAllStringSubmatchIndex(text[a:b], -1) {
			for k := range m {
				if m[k] >= 0 {
					m[k] += a
				}
			}
			out = append(out, m)
		}
		return true
	})
	return out
}

// tried returns how to try the expression at the starts its lead allows
// in a run, rather than run it over the whole run: where the lead's reach
// is bounded and matches start at word boundaries, a match starts at one
// of the few words before one of its literals, and an expression of long
// alternations costs Go's regexp as much at every byte of a run as it
// does in a few attempts. Nil runs it over the run.
func (c *runs) tried() *starts {
	c.lead.init(c.re)
	if c.lead.anchor == nil || c.lead.reach < 0 || c.lead.starts == nil || !c.lead.starts.boundary || !c.lead.starts.anchor() {
		return nil
	}
	return c.lead.starts
}

// MatchString is re.MatchString(text), run only over the runs of text
// that can hold a match.
func (c *runs) MatchString(text string) bool {
	return c.MatchStringAt(text, nil, 0)
}

// MatchStringAt is MatchString with the runs that hold a literal told by
// scan, as in FindAllAt.
func (c *runs) MatchStringAt(text string, scan *literals.Set, base int) bool {
	found := false
	c.eachRun(text, scan, base, func(a, b int) bool {
		if x := c.tried(); x != nil {
			x.inRun(text, a, b, &c.lead, func([]int) bool {
				found = true
				return false
			})
		} else {
			found = c.re.MatchString(text[a:b])
		}
		return !found
	})
	return found
}

// eachRun calls f with each run [a,b) of text that can hold a match, in
// order, until f returns false. A run holds a literal where scan (text at
// offset base of the scanned text) has one, or else where the expression's
// own filter finds one.
func (c *runs) eachRun(text string, scan *literals.Set, base int, f func(a, b int) bool) {
	if scan != nil && c.eachRunAtEnds(text, scan, base, f) {
		return
	}
	for a := 0; a < len(text); {
		if !c.consumable[text[a]] {
			a++
			continue
		}
		b := a + 1
		for b < len(text) && c.consumable[text[b]] {
			b++
		}
		if b-a >= c.minRun && c.holdsLiteral(text, a, b, scan, base) && !f(a, b) {
			return
		}
		a = b
	}
}

// eachRunAtEnds is eachRun for a scan that notes where literals end: it
// goes from one end of a literal of the expression's requirement to the
// next, rather than over every byte and every run of the text, as a run
// holds one only where one ends in it; false where scan cannot tell.
func (c *runs) eachRunAtEnds(text string, scan *literals.Set, base int, f func(a, b int) bool) bool {
	done := 0 // runs before it are seen
	return scan.EachEnd(c.re, base, base+len(text), func(end int) bool {
		last := end - base - 1 // the literal's last byte
		if last < done || !c.consumable[text[last]] {
			return true
		}
		a, b := last, last+1
		for a > 0 && c.consumable[text[a-1]] {
			a--
		}
		for b < len(text) && c.consumable[text[b]] {
			b++
		}
		done = b
		return b-a < c.minRun || !scan.In(c.re, base+a, base+b) || f(a, b)
	})
}

func (c *runs) holdsLiteral(text string, a, b int, scan *literals.Set, base int) bool {
	if scan != nil {
		return scan.In(c.re, base+a, base+b)
	}
	return c.ownFilter().Scan(text[a:b]).May(c.re)
}

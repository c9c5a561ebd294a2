package confine

import (
	"regexp/syntax"
	"sync"
	"unicode/utf8"

	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// leading bounds where an expression's matches can start by its lead
// (literals.Lead): within the run of the lead's bytes that ends where one
// of its literals ends, and at most its reach before that end. It is
// worked out at first use, as a text whose literals admit the expression
// may never run it.
type leading struct {
	once sync.Once
	// anchor matches the lead's literals, and filter finds them; nil: no
	// lead, which bounds nothing.
	anchor *lazyregexp.Regexp
	filter *literals.Filter
	before [256]bool
	head   int
	reach  int
	// starts are the bytes a match starts with and whether at a word
	// boundary (see starts), for trying the expression at its starts
	// within a run; nil where they are not known.
	starts *starts
}

// init works out re's lead, once. One whose bytes hold line breaks and
// sentence punctuation alike, and that has no reach, bounds little, and
// its scan would cost more.
func (l *leading) init(re *lazyregexp.Regexp) {
	l.once.Do(func() {
		ast, err := syntax.Parse(re.String(), syntax.Perl)
		if err != nil {
			return
		}
		simple := ast.Simplify()
		x := &starts{re: re, boundary: startsWithBoundary(simple)}
		if nullable, ok := x.firstBytes(simple); ok && !nullable {
			later := laterBytes(simple)
			x.first, x.textStart = later, later != x.first
			l.starts = x
		}
		lead, ok := literals.LeadOf(ast)
		if !ok || !bounds(lead) {
			return
		}
		anchor := lazyregexp.Lazy(lead.Anchor)
		if f := literals.New([]*lazyregexp.Regexp{anchor}); f.Indexes() {
			l.anchor, l.filter, l.before, l.head, l.reach = anchor, f, lead.Before, lead.Head, lead.Reach
		}
	})
}

// bounds reports whether lead bounds where matches start enough to pay
// for its scan: by its reach, or by bytes that leave out line breaks or
// sentence punctuation.
func bounds(lead literals.Lead) bool {
	return lead.Reach >= 0 || !lead.Before['\n'] || !lead.Before['.'] || !lead.Before[',']
}

// eachSpan calls f, in order, with the parts [a, b) of text[from:to]
// where matches can start that hold a literal of the lead ending by end
// (to plus the reach, or the end of the text), until f returns false;
// false where there is no lead. Parts may overlap. A part starts where
// the whole text's runes do: at from, or after an ASCII byte.
func (l *leading) eachSpan(text string, from, to, end int, f func(a, b int) bool) bool {
	if l.anchor == nil {
		return false
	}
	if l.reach >= 0 {
		end = min(end, to+l.reach)
	}
	scan := l.filter.WithHits()
	scan.AddAt(text[from:end], from)
	scan.EachEnd(l.anchor, from, end, func(e int) bool {
		a := e
		for a > from && l.before[text[a-1]] {
			a--
		}
		a = max(from, a-l.head)
		if l.reach >= 0 {
			a = max(a, e-l.reach)
		}
		for a > from && text[a-1] >= utf8.RuneSelf {
			a-- // not within a rune: back to the byte after an ASCII one
		}
		// A later literal's part starts no earlier.
		return a < to && f(a, min(e, to))
	})
	return true
}

package confine

import (
	"regexp"
	"regexp/syntax"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// starts runs an expression only at the positions where a match can
// start, anchored there with the byte before it as context. It is for
// expressions that runs cannot confine because their matches may span
// lines and sentences (an optional lead-in "(?:At|From|The|...)\s+" before
// a school's name, "\s*$" after a duration): Go's regexp runs such an
// alternation from every byte of the text, while a match can only start
// with some bytes (a capital, a digit), and where every match starts at a
// word boundary, only at the start of a word.
//
// Anchored at s, the expression finds the match that the whole text's
// leftmost-first search finds when no match starts before s: the one of
// highest priority at s. Tried at every possible start in order, from the
// end of the previous match, the first that matches is the next match of
// the whole text. The anchored form sees the byte before s, so that word
// boundaries and line starts read as in the whole text; that byte is
// always one rune of its own (the last byte of a rune of several is
// invalid alone), so the match starts right after it.
type starts struct {
	re *lazyregexp.Regexp
	// first marks the bytes a match can start with.
	first [256]bool
	// boundary says every match starts at a word boundary.
	boundary bool
	// later leaves out of first the bytes a match can start with only at
	// the start of the text (see textStart): the edge
	// "(?:^|[^\p{L}\p{N}_])" takes a letter there alone.
	later bool
	// textStart says a match can start at the start of the text with a
	// byte first leaves out, which mayStart then tries whatever it is.
	textStart bool
	// after is the expression anchored after one byte of context, compiled
	// when the first start is tried (a text whose literals admit the
	// expression may hold no byte a match starts with); anchored says it
	// compiled. atStart, the expression anchored at the start of the text,
	// is compiled when a match is first tried there: compiling both was
	// the most of a short command's work on the expressions it runs.
	anchoring sync.Once
	anchored  bool
	after     *regexp.Regexp
	starting  sync.Once
	atStart   *regexp.Regexp
	// lead bounds where matches start, where the expression has one.
	lead leading
}

// startsShape returns the shape of an expression run at its starts; false
// where it can match the empty string, or where trying its starts would
// not pay: they are not bound to word starts and include lower-case
// letters, and no lead (led, asked only then) bounds them to the
// stretches before its literals.
func startsShape(ast *syntax.Regexp, led func() bool) (shape, bool) {
	x := &starts{boundary: startsWithBoundary(ast)}
	nullable, ok := x.firstBytes(ast)
	if !ok || nullable {
		return shape{}, false
	}
	if !x.boundary {
		for b := 'a'; b <= 'z'; b++ {
			if x.first[b] {
				if !led() {
					return shape{}, false
				}
				break
			}
		}
	}
	later := laterBytes(ast)
	return shape{how: viaStarts, bytes: later, boundary: x.boundary, textStart: later != x.first}, true
}

// laterBytes returns the bytes a match of re can start with after the
// start of the text.
func laterBytes(ast *syntax.Regexp) [256]bool {
	y := &starts{later: true}
	y.firstBytes(ast)
	return y.first
}

// startsOf runs re at its starts, as its shape s says.
func startsOf(re *lazyregexp.Regexp, s shape) *starts {
	return &starts{re: re, first: s.bytes, boundary: s.boundary, textStart: s.textStart}
}

// anchor compiles the form anchored after a byte, once, and reports
// whether it compiled: it compiles wherever re does, short of its size
// limits.
func (x *starts) anchor() bool {
	x.anchoring.Do(func() {
		var err error
		x.after, err = regexp.Compile(`^(?s:.)(?:` + x.re.String() + `)`)
		x.anchored = err == nil
	})
	return x.anchored
}

// FindAll is re.FindAllStringSubmatchIndex(text, -1).
func (x *starts) FindAll(text string) [][]int {
	var out [][]int
	x.each(text, len(text), func(m []int) bool {
		out = append(out, m)
		return true
	})
	return out
}

// FindAllAt is FindAll, tried only before the end of the last literal
// scan notes: every match holds one.
func (x *starts) FindAllAt(text string, scan *literals.Set, base int) [][]int {
	until := x.until(text, scan, base)
	var out [][]int
	x.each(text, until, func(m []int) bool {
		out = append(out, m)
		return true
	})
	return out
}

// until returns where, in text at offset base of what scan scanned, no
// match starts any more: at the end of the last literal.
func (x *starts) until(text string, scan *literals.Set, base int) int {
	until := len(text)
	if scan != nil {
		if last, ok := scan.LastEnd(x.re); ok {
			until = max(0, min(until, last-base))
		}
	}
	return until
}

// MatchString is re.MatchString(text).
func (x *starts) MatchString(text string) bool {
	return x.MatchStringAt(text, nil, 0)
}

// MatchStringAt is MatchString, tried only before the end of the last
// literal scan notes.
func (x *starts) MatchStringAt(text string, scan *literals.Set, base int) bool {
	found := false
	x.each(text, x.until(text, scan, base), func([]int) bool {
		found = true
		return false
	})
	return found
}

// each calls f with the matches of the whole text that start before
// until, in order, until f returns false.
func (x *starts) each(text string, until int, f func(m []int) bool) {
	s := 0
	for s < until && !x.mayStart(text, s) {
		_, size := utf8.DecodeRuneInString(text[s:])
		s += size
	}
	if s >= until {
		return
	}
	if !x.anchor() {
		// No match was found yet: the whole text's are the matches, as a
		// confined run finds them.
		for _, m := range x.re.FindAllStringSubmatchIndex(text, -1) {
			if !f(m) {
				return
			}
		}
		return
	}
	x.lead.init(x.re)
	try := func(a, b int) bool {
		for s = max(s, a); s < b; {
			if x.mayStart(text, s) {
				if m := x.matchAt(text, s); m != nil {
					if !f(m) {
						return false
					}
					s = m[1] // never empty: the expression cannot match ""
					continue
				}
			}
			_, size := utf8.DecodeRuneInString(text[s:])
			s += size
		}
		return true
	}
	if !x.lead.eachSpan(text, 0, until, len(text), try) {
		try(0, until)
	}
}

// inRun calls f with the matches in the run [a, b) of text (see runs),
// in order, until f returns false: the expression is tried at the starts
// in the run that its lead allows (lead, with a bounded reach) and that a
// match can start with, anchored there; the run's end reads as the text's
// would, as it is a byte no match consumes (none a word character where
// the expression tests word boundaries), or a line break where it tests
// line ends. The anchored forms are compiled.
func (x *starts) inRun(text string, a, b int, lead *leading, f func(m []int) bool) {
	s := a
	lead.eachSpan(text, a, b, b, func(from, to int) bool {
		for s = max(s, from); s < to; {
			if x.mayStart(text, s) {
				if m := x.matchAt(text[:b], s); m != nil {
					if !f(m) {
						return false
					}
					s = m[1] // never empty: every match holds a literal
					continue
				}
			}
			_, size := utf8.DecodeRuneInString(text[s:b])
			s += size
		}
		return true
	})
}

// mayStart reports whether a match can start at s; at the start of the
// text, where textStart says so, one is tried whatever it starts with
// (see later).
func (x *starts) mayStart(text string, s int) bool {
	if s == 0 && x.textStart {
		return true
	}
	if !x.first[text[s]] {
		return false
	}
	if !x.boundary {
		return true
	}
	before := s > 0 && isASCIIWord(text[s-1])
	return before != isASCIIWord(text[s])
}

// matchAt returns the submatch indexes of the match at s, or nil.
func (x *starts) matchAt(text string, s int) []int {
	if s == 0 {
		x.starting.Do(func() { x.atStart, _ = regexp.Compile(`^(?:` + x.re.String() + `)`) })
		if x.atStart == nil {
			// The leftmost match of highest priority, where it starts
			// at 0, is the one there.
			if m := x.re.Compiled().FindStringSubmatchIndex(text); m != nil && m[0] == 0 {
				return m
			}
			return nil
		}
		return x.atStart.FindStringSubmatchIndex(text)
	}
	m := x.after.FindStringSubmatchIndex(text[s-1:])
	if m == nil {
		return nil
	}
	m[0] = 1 // the match proper starts after the byte of context
	for k := range m {
		if m[k] >= 0 {
			m[k] += s - 1
		}
	}
	return m
}

// startsWithBoundary reports whether every match of re starts with a word
// boundary assertion.
func startsWithBoundary(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpWordBoundary:
		return true
	case syntax.OpConcat, syntax.OpCapture:
		return len(re.Sub) > 0 && startsWithBoundary(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !startsWithBoundary(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// firstBytes marks the bytes a match of re can start with, and reports
// whether re can match the empty string; ok is false for an operator it
// does not know.
func (x *starts) firstBytes(re *syntax.Regexp) (nullable, ok bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return false, true
	case syntax.OpBeginText:
		return !x.later, true // later, it matches nothing
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpLiteral:
		x.markRune(re.Rune[0], re.Flags&syntax.FoldCase != 0)
		return false, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1] && r < utf8.RuneSelf; r++ {
				x.first[r] = true
			}
			if re.Rune[i+1] >= utf8.RuneSelf {
				x.markRune(utf8.RuneSelf, false)
			}
		}
		return false, true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		for b := range x.first {
			x.first[b] = re.Op == syntax.OpAnyChar || b != '\n'
		}
		return false, true
	case syntax.OpCapture, syntax.OpPlus:
		return x.firstBytes(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		_, ok := x.firstBytes(re.Sub[0])
		return true, ok
	case syntax.OpRepeat:
		n, ok := x.firstBytes(re.Sub[0])
		return n || re.Min == 0, ok
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if n, ok := x.firstBytes(sub); !ok || !n {
				return false, ok
			}
		}
		return true, true
	case syntax.OpAlternate:
		nullable := false
		for _, sub := range re.Sub {
			n, ok := x.firstBytes(sub)
			if !ok {
				return false, false
			}
			nullable = nullable || n
		}
		return nullable, true
	}
	return false, false
}

// markRune marks the first byte of r, and with fold of every rune of its
// case-folding orbit; a rune beyond ASCII marks every byte beyond ASCII
// (invalid bytes read as U+FFFD).
func (x *starts) markRune(r rune, fold bool) {
	add := func(r rune) {
		if r < utf8.RuneSelf {
			x.first[r] = true
			return
		}
		for b := utf8.RuneSelf; b < 256; b++ {
			x.first[b] = true
		}
	}
	add(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			add(f)
		}
	}
}

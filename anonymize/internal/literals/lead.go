package literals

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minLeadWeight is the weight (minWeight) a lead's every literal must
// have: shorter ones ("a", "7") occur everywhere and bound nothing. A
// sign that prose seldom holds ("+", "@", "#") counts as heavy enough
// (see leadWeighs).
const minLeadWeight = 2

// leadWeighs reports whether every one of lits is heavy enough for a
// lead: of two runes or more besides spaces, or a rare sign.
func leadWeighs(lits []literal) bool {
	for _, l := range lits {
		if minWeight([]literal{l}) < minLeadWeight && !(len(l.s) == 1 && strings.IndexByte(rareSigns, l.s[0]) >= 0) {
			return false
		}
	}
	return len(lits) > 0
}

// rareSigns are the signs seldom written in prose.
const rareSigns = "+@#$%&*=~^|<>\\"

// maxLead bounds the literals of a lead.
const maxLead = 1024

// A Lead is what every match of an expression starts with, up to the end
// of one of the literals it holds: a match starts within the run of Before
// bytes that ends where one of the literals ends, or at most Head bytes
// before that run, and at most Reach bytes before that end. An expression
// whose every match holds "years" after a number ("over 10 years") starts
// in the run of digits, letters and spaces before a "years" of the text,
// not anywhere before the last one.
type Lead struct {
	// Anchor is the source of an expression that matches exactly the
	// literals.
	Anchor string
	// Before marks the bytes a match can hold after its head up to the
	// end of the first of the literals in it, those of the literals
	// included.
	Before [256]bool
	// Head bounds the bytes a match's first part takes, where that part
	// is of bounded length and comes before the literals; its bytes are
	// in Before only where a later part holds them too. The edge
	// "(?:^|[^\p{L}\p{N}_])" that patterns written for words ending
	// beyond ASCII start with takes one rune, a line break or a period
	// among them, and a run of Before bytes ends at those.
	Head int
	// Reach bounds how many bytes a match holds up to that end, its head
	// included; -1 where nothing does.
	Reach int
}

// LeadOf returns the lead of an expression parsed as ast; false where it
// has no literals of two letters or more that every match holds.
func LeadOf(ast *syntax.Regexp) (Lead, bool) {
	p, ok := newAnalyser().lead(ast)
	if !ok {
		return Lead{}, false
	}
	alts := make([]string, len(p.lits))
	for i, l := range p.lits {
		alts[i] = regexp.QuoteMeta(l.s)
		if l.fold {
			alts[i] = "(?i:" + alts[i] + ")"
		}
	}
	return Lead{Anchor: strings.Join(alts, "|"), Before: p.before, Head: p.head, Reach: p.reach}, true
}

// leadPart is the lead of a part of an expression: head bytes at most
// (any of headBytes), then before bytes up to a literal's end.
type leadPart struct {
	lits      []literal
	before    [256]bool
	head      int
	headBytes [256]bool
	reach     int // -1: unbounded
}

// lead returns the lead of re.
func (an *analyser) lead(re *syntax.Regexp) (leadPart, bool) {
	if set, ok := an.exactSet(re); ok {
		return leadOf(set)
	}
	if sub, ok := inner(re); ok {
		return an.lead(sub) // the first time round holds one
	}
	switch re.Op {
	case syntax.OpConcat:
		// The parts before the one that leads add their bytes and
		// lengths; the first of them, where its length is bounded, is
		// the head (see Lead.Head), and a head of the leading part's own
		// is then within the match, its bytes before ones.
		var before, headBytes [256]bool
		reach, head := 0, 0
		for i, sub := range re.Sub {
			p, ok := an.exactRun(re.Sub[i:])
			if !ok {
				p, ok = an.lead(sub)
			}
			if ok {
				if i > 0 {
					orBytes(&p.before, &p.headBytes)
					orBytes(&p.before, &before)
					p.head, p.headBytes = head, headBytes
				}
				p.reach = addReach(reach, p.reach)
				return p, true
			}
			if n := maxLength(sub); i == 0 && n >= 0 {
				head = n
				markConsumed(&headBytes, sub)
			} else {
				markConsumed(&before, sub)
			}
			reach = addReach(reach, maxLength(sub))
		}
	case syntax.OpAlternate:
		out := leadPart{}
		for _, sub := range re.Sub {
			p, ok := an.lead(sub)
			if !ok || len(out.lits)+len(p.lits) > maxLead {
				return leadPart{}, false
			}
			out.lits = append(out.lits, p.lits...)
			orBytes(&out.before, &p.before)
			orBytes(&out.headBytes, &p.headBytes)
			out.head = max(out.head, p.head)
			if out.reach >= 0 && (p.reach < 0 || p.reach > out.reach) {
				out.reach = p.reach
			}
		}
		out.lits = dedupe(out.lits)
		return out, true
	}
	return leadPart{}, false
}

// exactRun returns the lead of the strings that the first of parts, and as
// many of the parts after it as make them weigh enough, match one after
// another (finite sets multiplied out: "y" then "ears?|rs?"), the last of
// them perhaps only as it begins ("T" then "U [A-Z]\w+|el Aviv").
func (an *analyser) exactRun(parts []*syntax.Regexp) (leadPart, bool) {
	run, ok := an.exactSet(parts[0])
	if !ok {
		return leadPart{}, false
	}
	for _, p := range parts[1:] {
		if leadWeighs(run) {
			break
		}
		set, exact := an.exactSet(p)
		if !exact {
			set = an.prefixes(p)
		}
		next, ok := productUpTo(run, set, maxLead)
		if !ok {
			break
		}
		run = next
		if !exact {
			break
		}
	}
	return leadOf(run)
}

// leadOf returns lits as a lead by themselves; false where they do not
// weigh enough or are too many.
func leadOf(lits []literal) (leadPart, bool) {
	if len(lits) > maxLead || !leadWeighs(lits) {
		return leadPart{}, false
	}
	p := leadPart{lits: lits}
	for _, l := range lits {
		n := 0
		for _, r := range l.s {
			markRune(&p.before, r, l.fold)
			n += runeLength(r, l.fold)
		}
		p.reach = max(p.reach, n)
	}
	return p, true
}

// addReach adds two lengths, either unbounded (-1).
func addReach(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	return a + b
}

// maxLength returns the most bytes a match of re can have; -1 where
// nothing bounds it.
func maxLength(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpNoMatch:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += runeLength(r, re.Flags&syntax.FoldCase != 0)
		}
		return n
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n = max(n, utf8Length(re.Rune[i+1])) // the longest are the highest
		}
		return n
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture, syntax.OpQuest:
		return maxLength(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return -1
		}
		if n := maxLength(re.Sub[0]); n >= 0 {
			return n * re.Max
		}
		return -1
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n = addReach(n, maxLength(sub))
		}
		return n
	case syntax.OpAlternate:
		n := 0
		for _, sub := range re.Sub {
			m := maxLength(sub)
			if m < 0 {
				return -1
			}
			n = max(n, m)
		}
		return n
	}
	return -1 // star, plus
}

// utf8Length is the bytes of the runes up to r that take the most; an
// invalid byte, which reads as U+FFFD, takes one.
func utf8Length(r rune) int {
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}

// runeLength is the most bytes r takes, with fold as any rune of its
// case-folding orbit.
func runeLength(r rune, fold bool) int {
	n := utf8Length(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			n = max(n, utf8Length(f))
		}
	}
	return n
}

func orBytes(dst, src *[256]bool) {
	for i, v := range src {
		dst[i] = dst[i] || v
	}
}

// markConsumed marks every byte re can consume.
func markConsumed(b *[256]bool, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			markRune(b, r, re.Flags&syntax.FoldCase != 0)
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1] && r < utf8.RuneSelf; r++ {
				b[r] = true
			}
			if re.Rune[i+1] >= utf8.RuneSelf {
				markRune(b, utf8.RuneSelf, false)
			}
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		for i := range b {
			b[i] = true
		}
	}
	for _, sub := range re.Sub {
		markConsumed(b, sub)
	}
}

// markRune marks r's bytes, and with fold those of every rune of its
// case-folding orbit; a rune beyond ASCII marks every byte beyond ASCII
// (invalid bytes read as U+FFFD).
func markRune(b *[256]bool, r rune, fold bool) {
	mark := func(r rune) {
		if r < utf8.RuneSelf {
			b[r] = true
			return
		}
		for i := utf8.RuneSelf; i < 256; i++ {
			b[i] = true
		}
	}
	mark(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			mark(f)
		}
	}
}

package literals

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// minLeadWeight is the weight (minWeight) a lead's every literal must
// have: shorter ones ("a", "+") occur everywhere and bound nothing.
const minLeadWeight = 2

// maxLead bounds the literals of a lead.
const maxLead = 1024

// Lead returns literals that every match of re holds one of, as the
// source of an expression that matches exactly them, and the bytes a
// match can hold from its start to the end of the first of them in it
// (before): a match starts within the run of such bytes that ends where
// one of the literals ends, and no earlier. ok is false where re has no
// such literals of two letters or more. An expression whose every match
// holds "years" after a number ("over 10 years") starts in the run of
// digits, letters and spaces before a "years" of the text, not after the
// previous one.
func Lead(re *lazyregexp.Regexp) (anchor string, before [256]bool, ok bool) {
	ast, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return "", before, false
	}
	lits, b, ok := newAnalyser().lead(ast)
	if !ok {
		return "", before, false
	}
	alts := make([]string, len(lits))
	for i, l := range lits {
		alts[i] = regexp.QuoteMeta(l.s)
		if l.fold {
			alts[i] = "(?i:" + alts[i] + ")"
		}
	}
	return strings.Join(alts, "|"), *b, true
}

// lead returns the literals of re's lead and the bytes a match of re can
// hold up to the end of one of them, those of the literals included.
func (an *analyser) lead(re *syntax.Regexp) ([]literal, *[256]bool, bool) {
	if set, ok := an.exactSet(re); ok {
		return leadOf(nil, set, nil)
	}
	if sub, ok := inner(re); ok {
		return an.lead(sub) // the first time round holds one
	}
	switch re.Op {
	case syntax.OpConcat:
		var before [256]bool
		for i, sub := range re.Sub {
			if lits, b, ok := an.exactRun(re.Sub[i:]); ok {
				return leadOf(&before, lits, b)
			}
			if lits, b, ok := an.lead(sub); ok {
				return leadOf(&before, lits, b)
			}
			markConsumed(&before, sub)
		}
	case syntax.OpAlternate:
		var out []literal
		var before [256]bool
		for _, sub := range re.Sub {
			lits, b, ok := an.lead(sub)
			if !ok || len(out)+len(lits) > maxLead {
				return nil, nil, false
			}
			out = append(out, lits...)
			orBytes(&before, b)
		}
		return dedupe(out), &before, true
	}
	return nil, nil, false
}

// exactRun returns the strings that the first of parts, and as many of
// the parts after it as make them weigh enough, match one after another
// (finite sets multiplied out: "y" then "ears?|rs?").
func (an *analyser) exactRun(parts []*syntax.Regexp) ([]literal, *[256]bool, bool) {
	run, ok := an.exactSet(parts[0])
	if !ok {
		return nil, nil, false
	}
	for _, p := range parts[1:] {
		if minWeight(run) >= minLeadWeight {
			break
		}
		set, ok := an.exactSet(p)
		if !ok {
			break
		}
		p, ok := productUpTo(run, set, maxLead)
		if !ok {
			break
		}
		run = p
	}
	return leadOf(nil, run, nil)
}

// leadOf returns lits as a lead, with the bytes before them (nil: none)
// and their own (own, or where nil those of the literals); false where
// they do not weigh enough or are too many.
func leadOf(before *[256]bool, lits []literal, own *[256]bool) ([]literal, *[256]bool, bool) {
	if len(lits) == 0 || len(lits) > maxLead || minWeight(lits) < minLeadWeight {
		return nil, nil, false
	}
	out := new([256]bool)
	if before != nil {
		*out = *before
	}
	if own != nil {
		orBytes(out, own)
		return lits, out, true
	}
	for _, l := range lits {
		for _, r := range l.s {
			markRune(out, r, l.fold)
		}
	}
	return lits, out, true
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

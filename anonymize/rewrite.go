package anonymize

import (
	"regexp"
	"strings"
	"unicode"
)

// Change is one rewrite, for `anonymize explain` and the change counts.
type Change struct {
	Start, End int // byte offsets in the input text
	// OutStart and OutEnd locate the replacement in the output.
	OutStart, OutEnd int
	Rule             string // rule id
	Category         string
	Before           string
	After            string
	Flag             bool // reported only; the text was left as written
}

// rewrite applies resolved spans (sorted, non-overlapping) and returns the
// new text. It builds the output left to right, which is the same as
// replacing right to left: no offset moves under a later edit.
func rewrite(seg *segmented, spans []span) (string, []Change) {
	text := seg.text
	var b strings.Builder
	b.Grow(len(text))
	var changes []Change
	last := 0
	for _, s := range spans {
		ch := Change{Start: s.start, End: s.end, Rule: s.rule, Category: s.category, Before: text[s.start:s.end], After: s.repl, Flag: s.flag}
		if s.flag {
			changes = append(changes, ch)
			continue
		}
		if s.start < last {
			continue // closing the gap of a removed word took this text already
		}
		b.WriteString(text[last:s.start])
		repl := s.repl
		if s.capital {
			repl = capitalize(repl)
		}
		if s.upper {
			repl = strings.ToUpper(repl)
		}
		if s.kind == "sentence" {
			repl = keepMarkup(seg, s.start, s.end, repl)
		}
		ch.After = repl
		ch.OutStart = b.Len()
		b.WriteString(repl)
		ch.OutEnd = b.Len()
		last = s.end
		if repl == "" {
			var out string
			out, last = closeGap(b.String(), text, last)
			b.Reset()
			b.WriteString(out)
			ch.OutStart, ch.OutEnd = b.Len(), b.Len()
		}
		changes = append(changes, ch)
	}
	b.WriteString(text[last:])
	return b.String(), changes
}

// closeGap tidies the text around a removed word: out is the output so far,
// text[next:] what follows. A removed word takes one neighbouring space with
// it; before punctuation it takes the space before it (and a comma: "Yes,
// madam." -> "Yes."); opening a sentence it takes the comma after it and
// the next word is capitalised ("Sir, the build is green." -> "The build is
// green.").
func closeGap(out, text string, next int) (string, int) {
	rest := text[next:]
	trimmed := strings.TrimRight(out, " ")
	line := trimmed[strings.LastIndex(trimmed, "\n")+1:]
	atStart := line == "" || strings.HasSuffix(trimmed, ".") || strings.HasSuffix(trimmed, "!") ||
		strings.HasSuffix(trimmed, "?") || listItem.MatchString(line)
	switch {
	case atStart && strings.HasPrefix(rest, ", "):
		next += 2
		if r, size := firstRune(text[next:]); size > 0 && unicode.IsLower(r) {
			return out + string(unicode.ToUpper(r)), next + size
		}
		return out, next
	case rest == "" || strings.HasPrefix(rest, "\n") || strings.ContainsAny(rest[:1], ".,;:!?)\"'”’"):
		trimmed = strings.TrimRight(trimmed, ",")
		if trimmed == strings.TrimRight(out, " ") && strings.HasPrefix(rest, ",") {
			next++ // "the lady, who" -> "the, who" would read worse than "the who"
		}
		return trimmed, next
	case rest[0] == ' ' && (out == "" || strings.HasSuffix(out, " ") || strings.HasSuffix(out, "\n")):
		return out, next + 1
	}
	return out, next
}

var listItem = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])$`)

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// keepMarkup replaces the prose of [start,end) by marker while keeping any
// markup inside it, so that removing a sentence never breaks a tag. The
// markup kept is bare (bareMarkup): what a removed clause held in a tag's
// attributes or a link's target ("mailto:" and an address) goes with it.
func keepMarkup(seg *segmented, start, end int, marker string) string {
	var b strings.Builder
	placed := false
	for i := start; i < end; {
		j := i
		inMarkup := seg.markup[i]
		for j < end && seg.markup[j] == inMarkup {
			j++
		}
		if inMarkup {
			b.WriteString(bareMarkup(seg.text[i:j]))
		} else if !placed && strings.TrimSpace(seg.text[i:j]) != "" {
			b.WriteString(marker)
			placed = true
		}
		i = j
	}
	return b.String()
}

// htmlTagAttrs is an HTML tag with attributes; linkTarget is a Markdown
// link's or image's target.
var (
	htmlTagAttrs = regexp.MustCompile(`<(/?[A-Za-z][A-Za-z0-9-]*)\s[^<>]*?(/?)>`)
	linkTarget   = regexp.MustCompile(`\]\([^()\s]*(?:\s+"[^"]*")?\)`)
)

// bareMarkup keeps markup's structure without what it carries: tags lose
// their attributes ("<a href=...>" becomes "<a>"), and a link's target
// goes (its text, which opened it, went with the clause).
func bareMarkup(m string) string {
	if !strings.ContainsAny(m, "<]") {
		return m
	}
	m = htmlTagAttrs.ReplaceAllString(m, "<$1$2>")
	return linkTarget.ReplaceAllString(m, "")
}

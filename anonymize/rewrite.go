package anonymize

import (
	"strings"
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
			// A removed word takes one neighbouring space with it.
			if last < len(text) && text[last] == ' ' && (b.Len() == 0 || strings.HasSuffix(b.String(), " ") || strings.HasSuffix(b.String(), "\n")) {
				last++
			}
		}
		changes = append(changes, ch)
	}
	b.WriteString(text[last:])
	return b.String(), changes
}

// keepMarkup replaces the prose of [start,end) by marker while keeping any
// markup inside it, so that removing a sentence never breaks a tag.
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
			b.WriteString(seg.text[i:j])
		} else if !placed && strings.TrimSpace(seg.text[i:j]) != "" {
			b.WriteString(marker)
			placed = true
		}
		i = j
	}
	return b.String()
}

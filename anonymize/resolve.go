package anonymize

import (
	"sort"
	"strings"

	"github.com/anonymize/anonymize/rules"
)

// resolve picks non-overlapping spans by one explicit strategy: higher
// priority first, then the longer, then the earlier. Allow-list spans take
// their place and are returned apart: they protect text, they change
// nothing. Both results are sorted by position.
func resolve(spans []span) (changes, protected []span) {
	order := make([]span, 0, len(spans))
	for _, s := range spans {
		if !cutsIntoMention(spans, s) && !insidePlaceName(spans, s) {
			order = append(order, s)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.prio != b.prio {
			return a.prio > b.prio
		}
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return la > lb
		}
		return a.start < b.start
	})
	var taken []span
	for _, s := range order {
		if overlapsAny(taken, s) {
			continue
		}
		taken = append(taken, s)
	}
	sort.Slice(taken, func(i, j int) bool { return taken[i].start < taken[j].start })
	for _, s := range taken {
		if s.protect {
			protected = append(protected, s)
		} else {
			changes = append(changes, s)
		}
	}
	return changes, protected
}

func overlapsAny(taken []span, s span) bool {
	for _, t := range taken {
		if s.start < t.end && t.start < s.end {
			return true
		}
	}
	return false
}

// cutsIntoMention reports whether s is an allow phrase that overlaps a
// known person's mention reaching beyond it: "Amara Newton's method" is
// Amara Newton's, whatever "Newton's method" names alone. Left to its
// priority, the phrase would drop the whole mention, the given name with
// it.
func cutsIntoMention(spans []span, s span) bool {
	if !s.protect || s.prio != prioAllowPhrase {
		return false
	}
	for _, m := range spans {
		if m.person != nil && m.person.known != nil && m.start < s.end && s.start < m.end && (m.start < s.start || m.end > s.end) {
			return true
		}
	}
	return false
}

// insidePlaceName reports whether s is a one-word allow term inside a
// longer name that a swap rule replaces by a placeholder: "Kong" is a gateway, but
// "Hong Kong" is a city, whichever the word alone would be. The longer
// phrase is the more specific reading, as a person's whole mention is
// over an allow phrase inside it (cutsIntoMention).
func insidePlaceName(spans []span, s span) bool {
	if !s.protect || s.prio != prioAllowWord {
		return false
	}
	for _, m := range spans {
		if m.kind == rules.KindSwap && !m.protect && strings.HasPrefix(m.repl, "[") &&
			m.start <= s.start && s.end <= m.end && m.end-m.start > s.end-s.start {
			return true
		}
	}
	return false
}

package anonymize

import "sort"

// resolve picks non-overlapping spans by one explicit strategy: higher
// priority first, then the longer, then the earlier. Allow-list spans take
// their place and are returned apart: they protect text, they change
// nothing. Both results are sorted by position.
func resolve(spans []span) (changes, protected []span) {
	order := make([]span, len(spans))
	copy(order, spans)
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

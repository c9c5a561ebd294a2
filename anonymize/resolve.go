package anonymize

import "sort"

// resolve picks non-overlapping spans by one explicit strategy: higher
// priority first, then the longer, then the earlier. Allow-list spans take
// their place and are then dropped: they protect text, they change nothing.
// The result is sorted by position.
func resolve(spans []span) []span {
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
	out := taken[:0]
	for _, s := range taken {
		if !s.protect {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

func overlapsAny(taken []span, s span) bool {
	for _, t := range taken {
		if s.start < t.end && t.start < s.end {
			return true
		}
	}
	return false
}

package fetch

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FinishedBetween returns the interviews that finished in [from, to),
// grouped by candidate (see GroupByCandidate): "everyone interviewed this
// week". It reads every interview of the company, since the API can neither
// filter by date nor promise an order to stop paging at.
func FinishedBetween(ctx context.Context, l Lister, from, to time.Time) ([]CandidateInterviews, error) {
	all, err := l.AllInterviews(ctx)
	if err != nil {
		return nil, err
	}
	lo, hi := from.UnixMilli(), to.UnixMilli()
	var in []LiveInterview
	for _, li := range all {
		if li.FinishDate != nil && *li.FinishDate >= lo && *li.FinishDate < hi {
			in = append(in, li)
		}
	}
	return GroupByCandidate(in), nil
}

// GroupByCandidate groups interviews by candidate email, ignoring case and
// surrounding space. Groups are sorted by lower-cased email, and each keeps
// the order of lis; interviews without an email form a group with Email ""
// (first), for the caller to report rather than lose.
func GroupByCandidate(lis []LiveInterview) []CandidateInterviews {
	type group struct {
		key string
		CandidateInterviews
	}
	index := map[string]int{}
	var groups []group
	for _, li := range lis {
		k := strings.ToLower(strings.TrimSpace(li.CandidateEmail))
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, group{key: k, CandidateInterviews: CandidateInterviews{Email: strings.TrimSpace(li.CandidateEmail)}})
		}
		groups[i].Interviews = append(groups[i].Interviews, li)
	}
	slices.SortFunc(groups, func(a, b group) int { return strings.Compare(a.key, b.key) })
	out := make([]CandidateInterviews, len(groups))
	for i, g := range groups {
		out[i] = g.CandidateInterviews
	}
	return out
}

// ParseSince reads a --since window: a Go duration ("36h", "90m") or whole
// days or weeks ("7d", "2w"). It must be positive.
func ParseSince(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n, unit, ok := cutUnit(s); ok {
		v, err := strconv.Atoi(n)
		if err != nil || v <= 0 {
			return 0, fmt.Errorf("--since %q: want a positive whole number of %s, e.g. 7d", s, unitName(unit))
		}
		d = time.Duration(v) * 24 * time.Hour
		if unit == 'w' {
			d *= 7
		}
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("--since %q: want a duration such as 7d, 2w or 36h", s)
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("--since %q: the window must be positive", s)
	}
	return d, nil
}

func cutUnit(s string) (string, byte, bool) {
	if len(s) < 2 {
		return "", 0, false
	}
	switch u := s[len(s)-1]; u {
	case 'd', 'w':
		return s[:len(s)-1], u, true
	}
	return "", 0, false
}

func unitName(u byte) string {
	if u == 'w' {
		return "weeks"
	}
	return "days"
}

// CandidateInterviews is one candidate's interviews.
type CandidateInterviews struct {
	// Email is the candidate's email as the first interview spells it
	// (GroupByCandidate).
	Email      string
	Interviews []LiveInterview
}

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/batch"
)

// TestSummaryCountsUnknownWords: the batch summary counts the words kept
// without being understood and points to the review page, and says nothing
// of them when there are none.
func TestSummaryCountsUnknownWords(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		unknown int
		want    bool
	}{{3, true}, {0, false}} {
		var b strings.Builder
		printSummary(&b, batch.Summary{Total: 1, Done: 1, Unknown: tc.unknown, Started: start, Ended: start.Add(time.Second)}, -1)
		got := strings.Contains(b.String(), "words kept, not understood")
		if got != tc.want || tc.want && !strings.Contains(b.String(), "3") {
			t.Errorf("Unknown=%d: summary\n%s", tc.unknown, b.String())
		}
	}
}

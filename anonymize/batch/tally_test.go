package batch

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTally: outcomes are counted by status, problems kept in the order
// they ended, progress told each finished candidate, and a candidate
// stopped by the batch's stop counted unfinished and told nobody.
func TestTally(t *testing.T) {
	sum := &Summary{}
	var events []Event
	tl := &tally{sum: sum, total: 5, progress: func(e Event) { events = append(events, e) }}
	tl.add(Outcome{Code: "P-1", Status: StatusDone, Notes: 2, Unknown: 1}, 1, false)
	tl.add(Outcome{Code: "P-2", Status: StatusQuarantined}, 1, false)
	tl.add(Outcome{Code: "P-3", Status: StatusSkipped}, 1, false)
	tl.add(Outcome{Code: "P-4", Status: StatusFailed, Reason: "x"}, 2, false)
	tl.add(Outcome{Code: "P-5", Status: StatusFailed}, 1, true)
	tl.unfinished(3)
	want := Summary{Done: 1, Skipped: 1, Quarantined: 1, Failed: 1, Unfinished: 4, Notes: 2, Unknown: 1, Requests: 6}
	got := *sum
	got.Problems = nil
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}
	if len(sum.Problems) != 2 || sum.Problems[0].Code != "P-2" || sum.Problems[1].Code != "P-4" {
		t.Errorf("problems %+v, want P-2 then P-4", sum.Problems)
	}
	if len(events) != 4 || events[3].Finished != 4 || events[3].Total != 5 || events[3].Code != "P-4" {
		t.Errorf("events %+v, want four, the last P-4 as 4 of 5", events)
	}
}

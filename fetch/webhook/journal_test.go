package webhook

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func rec(i int) Record {
	ev := Event{Event: LiveInterviewFeedbackUpdated, TriggeredOn: 1_750_000_000_000 + int64(i)}
	return NewRecord(ev, Refs{InterviewID: fmt.Sprintf("li-%d", i), InterviewerID: "u-1"}, time.UnixMilli(ev.TriggeredOn))
}

func TestJournalDurableDedupPending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "journal.jsonl")
	j, err := OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	dups := make([]bool, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := j.Append(rec(i % 100)) // every event twice
			if err != nil {
				t.Error(err)
			}
			dups[i] = d
		}()
	}
	wg.Wait()
	n := 0
	for _, d := range dups {
		if d {
			n++
		}
	}
	if n != 100 {
		t.Fatalf("%d duplicates reported, want 100", n)
	}
	if p := j.Pending(); len(p) != 100 {
		t.Fatalf("%d pending, want 100", len(p))
	}
	if err := j.MarkDone(rec(3).ID, rec(4).ID, "unknown"); err != nil {
		t.Fatal(err)
	}
	if found, done := j.Has(rec(3).ID); !found || !done {
		t.Fatalf("Has(3) = %v, %v", found, done)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(rec(500)); err != ErrClosed {
		t.Fatalf("Append after Close: %v, want ErrClosed", err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", st.Mode().Perm())
	}

	// Reopened: the same state, and the same events are still duplicates.
	j, err = OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if p := j.Pending(); len(p) != 98 {
		t.Fatalf("after reopening, %d pending, want 98", len(p))
	}
	if d, err := j.Append(rec(3)); err != nil || !d {
		t.Fatalf("Append of a processed event after reopening: dup %v, err %v", d, err)
	}
	if d, err := j.Append(rec(7)); err != nil || !d {
		t.Fatalf("Append of a pending event after reopening: dup %v, err %v", d, err)
	}
}

func TestJournalTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := j.Append(rec(i)); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	// A crash in the middle of a write leaves part of a line.
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"op":"event","id":"ev-torn","ev`)
	f.Close()
	j, err = OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatalf("reopening after a torn write: %v", err)
	}
	if p := j.Pending(); len(p) != 3 {
		t.Fatalf("%d pending, want 3", len(p))
	}
	if _, err := j.Append(rec(3)); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err = OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer j.Close()
	if p := j.Pending(); len(p) != 4 {
		t.Fatalf("%d pending, want 4 (the torn line cut, the next append whole)", len(p))
	}
}

func TestJournalCorruptMiddleIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	os.WriteFile(path, []byte("garbage\n{\"op\":\"done\",\"id\":\"x\"}\n"), 0o600)
	if j, err := OpenJournal(path, JournalOptions{}); err == nil {
		j.Close()
		t.Fatal("a corrupt line before good ones was accepted")
	}
}

func TestJournalCompaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := OpenJournal(path, JournalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		j.Append(rec(i))
	}
	var done []string
	for i := range 5 {
		done = append(done, rec(i).ID)
	}
	j.MarkDone(done...)
	j.MarkDone(rec(9).ID)
	j.Close()
	before, _ := os.Stat(path)
	// Everything is older than the window: the processed events go, the
	// pending ones stay.
	now := func() time.Time { return time.UnixMilli(1_750_000_000_000).Add(48 * time.Hour) }
	j, err = OpenJournal(path, JournalOptions{Retain: 24 * time.Hour, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	after, _ := os.Stat(path)
	if after.Size() >= before.Size() {
		t.Errorf("journal not compacted: %d -> %d bytes", before.Size(), after.Size())
	}
	if p := j.Pending(); len(p) != 4 || p[0].ID != rec(5).ID {
		t.Fatalf("pending after compaction: %v", p)
	}
	if found, _ := j.Has(rec(0).ID); found {
		t.Error("a processed event outside the window is still remembered")
	}
}

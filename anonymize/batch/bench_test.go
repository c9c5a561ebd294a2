package batch

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

// genSource makes each candidate's interviews when asked, from the email,
// so that the source itself holds nothing and the memory measured is the
// batch's alone.
type genSource struct{}

func (genSource) Interviews(ctx context.Context, email string) ([]fetch.LiveInterview, error) {
	var i int
	if _, err := fmt.Sscanf(email, "cand-%d@", &i); err != nil {
		return nil, err
	}
	ex := withLeak(codesignaltest.SyntheticOrg{Candidates: 1, Interviews: 3, Seed: uint64(i), RealNames: true}.Generate())
	var out []fetch.LiveInterview
	for _, li := range ex.LiveInterviews {
		li.CandidateEmail, li.CandidateName = email, codesignaltest.PersonName(100+i)
		if li.Live() {
			out = append(out, li)
		}
	}
	fetch.SortInterviews(out)
	return out, nil
}

// peakHeap samples HeapInuse until stop is called and returns the peak.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

var peak200 atomic.Uint64

// BenchmarkBatchMemory prepares 200 and 2,000 synthetic candidates at
// concurrency 8 and reports the peak heap in use (sampled every 5 ms) and,
// for 2,000, its ratio to 200's. Memory is bounded by the concurrency, not
// the batch size, when the ratio stays near 1 (target: at most 1.5).
// Run with: go test ./anonymize/batch -run '^$' -bench BatchMemory -benchtime 1x
func BenchmarkBatchMemory(b *testing.B) {
	eng := leakyEngine(b)
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("candidates=%d", n), func(b *testing.B) {
			var peak uint64
			for range b.N {
				out := b.TempDir()
				cfg := Config{Source: genSource{}, Engine: eng, Out: out, Candidates: emails(n), Concurrency: 8,
					Meta: packet.Meta{Prepared: prepared}}
				runtime.GC()
				stop := peakHeap()
				sum, err := Run(context.Background(), cfg)
				p := stop()
				if err != nil {
					b.Fatal(err)
				}
				if sum.Done+sum.Quarantined != n {
					b.Fatalf("%+v", counts(sum))
				}
				peak = max(peak, p)
				b.ReportMetric(float64(sum.Notes)/sum.Elapsed().Seconds(), "notes/s")
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			if n == 200 {
				peak200.Store(peak)
			} else if p2 := peak200.Load(); p2 > 0 {
				b.ReportMetric(float64(peak)/float64(p2), "ratio-to-200")
			}
		})
	}
}

package anonymize

// Benchmarks of the whole pipeline on the corpus of testdata/bench (1,000
// generated interview notes of about 1.5 KB with their packets' rosters;
// regenerate with go generate ./anonymize/internal/benchcorpus):
//
//	go test ./anonymize -run '^$' -bench 'Pipeline' -benchtime 1000x -cpu 1,2
//	go test ./anonymize -run '^$' -bench 'Speedup' -benchtime 5x -cpu 1
//	go test ./anonymize -run '^$' -bench 'Scaling' -benchtime 1x
//
// (An op of BenchmarkSpeedup takes seconds: the baseline reloads prose's
// models for every note.)
//
// BenchmarkPipeline is one note an op (identities, segmentation, tagging,
// NER where a name can be, every rule, pseudonyms, rewrite, verify), cycling
// through the corpus. BenchmarkBaseline is what a naive caller pays:
// prose.NewDocument(note) with default options. BenchmarkSpeedup runs both on
// the same sample in one benchmark and reports the ratio. BenchmarkScaling
// runs the corpus as packets (Engine.Packet, texts in parallel with conc)
// with 1 and then 2 OS threads and reports the efficiency. No test asserts a
// time.

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

// benchNote is one line of testdata/bench/notes.jsonl.
type benchNote struct {
	ID           string   `json:"id"`
	Packet       string   `json:"packet"`
	Field        string   `json:"field"`
	Author       int      `json:"author"`
	Candidate    Person   `json:"candidate"`
	Interviewers []Person `json:"interviewers"`
	Text         string   `json:"text"`
}

func (n benchNote) roster() Roster {
	return Roster{Candidate: n.Candidate, Interviewers: n.Interviewers}
}

var (
	benchOnce   sync.Once
	benchNotes  []benchNote
	benchEngine *Engine
	benchErr    error
)

func loadBench(b testing.TB) ([]benchNote, *Engine) {
	b.Helper()
	benchOnce.Do(func() {
		f, err := os.Open(filepath.Join("..", "testdata", "bench", "notes.jsonl"))
		if err != nil {
			benchErr = err
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var n benchNote
			if err := json.Unmarshal(sc.Bytes(), &n); err != nil {
				benchErr = err
				return
			}
			benchNotes = append(benchNotes, n)
		}
		if benchErr = sc.Err(); benchErr != nil {
			return
		}
		pack, err := rules.Default()
		if err != nil {
			benchErr = err
			return
		}
		benchEngine, benchErr = New(pack)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	if len(benchNotes) < 1000 {
		b.Fatalf("corpus has %d notes, want 1000+", len(benchNotes))
	}
	return benchNotes, benchEngine
}

func meanBytes(notes []benchNote) int64 {
	total := 0
	for _, n := range notes {
		total += len(n.Text)
	}
	return int64(total / len(notes))
}

// perNote reports notes/s, allocations per note and MB per CPU-second for
// a benchmark whose op is one note.
type perNote struct {
	b       *testing.B
	start   time.Time
	cpu     time.Duration
	mallocs uint64
}

func startPerNote(b *testing.B) *perNote {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ResetTimer()
	return &perNote{b: b, start: time.Now(), cpu: cpuTime(), mallocs: ms.Mallocs}
}

func (p *perNote) stop(notes []benchNote, n int) {
	p.b.StopTimer()
	el := time.Since(p.start).Seconds()
	cpu := (cpuTime() - p.cpu).Seconds()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var size int
	for i := 0; i < n; i++ {
		size += len(notes[i%len(notes)].Text)
	}
	p.b.ReportMetric(float64(n)/el, "notes/s")
	p.b.ReportMetric(float64(ms.Mallocs-p.mallocs)/float64(n), "allocs/note")
	if cpu > 0 {
		p.b.ReportMetric(float64(size)/1e6/cpu, "MB/cpu-s")
	}
}

// BenchmarkPipeline redacts one note an op, as `anonymize redact` does:
// roster, segment, tag (+NER), detect, resolve, pseudonymize, rewrite,
// verify.
func BenchmarkPipeline(b *testing.B) {
	notes, e := loadBench(b)
	b.SetBytes(meanBytes(notes))
	p := startPerNote(b)
	for i := 0; i < b.N; i++ {
		n := notes[i%len(notes)]
		if _, err := e.Redact(n.Text, n.roster()); err != nil {
			b.Fatal(err)
		}
	}
	p.stop(notes, b.N)
}

// BenchmarkBaseline is the naive use of prose: one NewDocument a note with
// default options (its models reloaded, punkt segmentation, NER everywhere).
func BenchmarkBaseline(b *testing.B) {
	notes, _ := loadBench(b)
	b.SetBytes(meanBytes(notes))
	p := startPerNote(b)
	for i := 0; i < b.N; i++ {
		if _, err := prose.NewDocument(notes[i%len(notes)].Text); err != nil {
			b.Fatal(err)
		}
	}
	p.stop(notes, b.N)
}

// speedupSample is every 50th note of the corpus: 20 notes, so that the
// baseline's part stays within seconds.
func speedupSample(notes []benchNote) []benchNote {
	var out []benchNote
	for i := 0; i < len(notes); i += 50 {
		out = append(out, notes[i])
	}
	return out
}

// BenchmarkSpeedup runs the baseline and the full pipeline on the same
// sample, one after the other in every op, and reports the ratio of their
// times (speedup-x) and both throughputs.
func BenchmarkSpeedup(b *testing.B) {
	notes, e := loadBench(b)
	sample := speedupSample(notes)
	var size int64
	for _, n := range sample {
		size += int64(len(n.Text))
	}
	b.SetBytes(size)
	var base, pipe time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for _, n := range sample {
			if _, err := prose.NewDocument(n.Text); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		for _, n := range sample {
			if _, err := e.Redact(n.Text, n.roster()); err != nil {
				b.Fatal(err)
			}
		}
		base += t1.Sub(t0)
		pipe += time.Since(t1)
	}
	mb := float64(size) * float64(b.N) / 1e6
	b.ReportMetric(base.Seconds()/pipe.Seconds(), "speedup-x")
	b.ReportMetric(mb/base.Seconds(), "baseline-MB/s")
	b.ReportMetric(mb/pipe.Seconds(), "pipeline-MB/s")
}

// BenchmarkPipelineParallel redacts notes from all goroutines at once
// (b.RunParallel, one a GOMAXPROCS); run with -cpu 1,2 and compare MB/s.
func BenchmarkPipelineParallel(b *testing.B) {
	notes, e := loadBench(b)
	b.SetBytes(meanBytes(notes))
	var next atomic.Int64
	p := startPerNote(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := notes[int(next.Add(1)-1)%len(notes)]
			if _, err := e.Redact(n.Text, n.roster()); err != nil {
				b.Error(err)
				return
			}
		}
	})
	p.stop(notes, b.N)
}

// benchPackets groups the corpus into one packet a candidate, in the
// export shape Engine.Packet takes.
func benchPackets(notes []benchNote) []benchPacket {
	index := map[string]int{}
	var out []benchPacket
	for _, n := range notes {
		k, ok := index[n.Packet]
		if !ok {
			k = len(out)
			index[n.Packet] = k
			out = append(out, benchPacket{candidate: n.Candidate})
		}
		iv := n.Interviewers[n.Author]
		start := int64(1700000000 + len(out[k].interviews))
		out[k].interviews = append(out[k].interviews, fetch.LiveInterview{
			ID: n.ID, CandidateEmail: n.Candidate.Email, CandidateName: n.Candidate.Name,
			Status: fetch.StatusOver, StartDate: &start, FinishDate: &start,
			InterviewersFeedback: []fetch.InterviewerFeedback{{
				Author: fetch.User{ID: iv.Username, Username: iv.Username, Profile: fetch.UserProfile{Name: iv.Name, Email: iv.Email}},
				Notes:  n.Text,
			}},
		})
		out[k].bytes += len(n.Text)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].bytes > out[j].bytes })
	return out
}

type benchPacket struct {
	candidate  Person
	interviews []fetch.LiveInterview
	bytes      int
}

// runPackets prepares every packet with workers goroutines taking packets
// from a shared counter (as a batch over a committee would), each packet
// with Engine.Packet (its texts in parallel with conc).
func runPackets(b *testing.B, e *Engine, packets []benchPacket, workers int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(packets) {
					return
				}
				if _, err := e.Packet(context.Background(), packets[k].candidate, packets[k].interviews); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkScaling prepares the whole corpus as packets with one OS thread
// and then with two (GOMAXPROCS 1 and 2) in every op, and reports the
// throughput of each and the efficiency of the second: t1 / (2 * t2).
func BenchmarkScaling(b *testing.B) {
	notes, e := loadBench(b)
	if runtime.NumCPU() < 2 {
		b.Skip("needs 2 CPUs")
	}
	packets := benchPackets(notes)
	var size int64
	for _, p := range packets {
		size += int64(p.bytes)
	}
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	var t1, t2 time.Duration
	b.SetBytes(size)
	for i := 0; i < b.N; i++ {
		runtime.GOMAXPROCS(1)
		start := time.Now()
		runPackets(b, e, packets, 1)
		t1 += time.Since(start)
		runtime.GOMAXPROCS(2)
		start = time.Now()
		runPackets(b, e, packets, 2)
		t2 += time.Since(start)
	}
	mb := float64(size) * float64(b.N) / 1e6
	b.ReportMetric(mb/t1.Seconds(), "1cpu-MB/s")
	b.ReportMetric(mb/t2.Seconds(), "2cpu-MB/s")
	b.ReportMetric(100*t1.Seconds()/(2*t2.Seconds()), "efficiency-%")
}

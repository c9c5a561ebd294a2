package infer

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/jdkato/prose/v2"
)

// BenchmarkAgainstProse tags (and with NER also labels) the lines of the
// first 100 notes of the benchmark corpus with prose and with this
// package, one pass of each an op, and reports CPU time a token and the
// ratio:
//
//	go test ./anonymize/internal/infer -run '^$' -bench AgainstProse -benchtime 3x -cpu 1
func BenchmarkAgainstProse(b *testing.B) {
	var lines []string
	for _, note := range benchTexts(b)[:100] {
		lines = append(lines, note...)
	}
	m := model(b)
	proseTokens("") // load prose's model outside the timings
	for _, ner := range []bool{false, true} {
		name := "tag"
		if ner {
			name = "tag+NER"
		}
		b.Run(name, func(b *testing.B) {
			var ours, theirs time.Duration // CPU time: the machine may be busy
			tokens := 0
			for i := 0; i < b.N; i++ {
				// Each starts with a clean heap, so that neither pays for
				// collecting the other's garbage.
				runtime.GC()
				start := cpuTime()
				for _, l := range lines {
					doc, err := prose.NewDocument(l, prose.UsingModel(proseModel), prose.WithSegmentation(false), prose.WithExtraction(ner))
					if err != nil {
						b.Fatal(err)
					}
					tokens += len(doc.Tokens())
				}
				theirs += cpuTime() - start
				runtime.GC()
				start = cpuTime()
				for _, l := range lines {
					toks, err := Tokenize(l)
					if err != nil {
						b.Fatal(err)
					}
					m.Annotate(toks, ner)
				}
				ours += cpuTime() - start
			}
			b.ReportMetric(float64(ours.Nanoseconds())/float64(tokens), "cpu-ns/token")
			b.ReportMetric(float64(theirs.Nanoseconds())/float64(tokens), "prose-cpu-ns/token")
			b.ReportMetric(float64(theirs)/float64(ours), "x-prose")
		})
	}
}

// BenchmarkLoadAgainstProse builds the model from prose's assets, reads
// it from a cache file (UseCache) and loads prose's own model, one of each
// an op, and reports their wall times and the ratios of ours to prose's
// (building uses several goroutines, as at start).
func BenchmarkLoadAgainstProse(b *testing.B) {
	path := filepath.Join(b.TempDir(), cacheFile)
	key := cacheKey("benchmark")
	if err := writeCache(path, key, model(b)); err != nil {
		b.Fatal(err)
	}
	var ours, cached, theirs time.Duration
	for i := 0; i < b.N; i++ {
		runtime.GC()
		start := time.Now()
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		runtime.GC()
		start = time.Now()
		if _, err := readCache(path, key); err != nil {
			b.Fatal(err)
		}
		cached += time.Since(start)
		runtime.GC()
		start = time.Now()
		prose.ModelFromData("baseline")
		theirs += time.Since(start)
	}
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "ms")
	b.ReportMetric(float64(cached.Milliseconds())/float64(b.N), "cached-ms")
	b.ReportMetric(float64(theirs.Milliseconds())/float64(b.N), "prose-ms")
	b.ReportMetric(float64(ours)/float64(theirs), "x-prose")
	b.ReportMetric(float64(cached)/float64(theirs), "cached-x-prose")
}

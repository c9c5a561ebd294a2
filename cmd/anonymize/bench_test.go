package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// BenchmarkRedactProcess times `anonymize redact` on a 2 KB note as a
// whole process, as a user waits for it: start, the tagger's tables, the
// rules, the pipeline and the output; "cache" with the tables in the
// user's cache folder (written by a run before the timings, as by a
// user's first run), "no-cache" building them from prose's model files
// (ANONYMIZE_NO_CACHE). In every op it also times, as the baseline, what a
// naive caller pays for the same note in a running process: one
// prose.NewDocument with default options, which loads prose's models
// again. It reports both and their ratio (x-naive: below 1 means the whole
// command costs less than that one call), and the command's CPU time (user
// and system, all its threads: what it costs a busy machine, which wall
// time on a busy machine hides).
//
//	go test ./cmd/anonymize -run '^$' -bench RedactProcess -benchtime 5x
func BenchmarkRedactProcess(b *testing.B) {
	bin := binary(b)
	note, candidate := twoKBNote(b)
	path := filepath.Join(b.TempDir(), "note.md")
	if err := os.WriteFile(path, []byte(note), 0o600); err != nil {
		b.Fatal(err)
	}
	redact := func(b *testing.B, env []string) *exec.Cmd {
		cmd := exec.Command(bin, "redact", "--candidate", candidate, path)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("redact: %v\n%s", err, out)
		}
		return cmd
	}
	home := b.TempDir()
	for _, c := range []struct {
		name string
		env  []string
	}{{"cache", cacheEnv(home)}, {"no-cache", os.Environ()}} {
		b.Run(c.name, func(b *testing.B) {
			redact(b, c.env) // a first run writes the cache
			var proc, procCPU, naive time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				cmd := redact(b, c.env)
				proc += time.Since(start)
				procCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				start = time.Now()
				if _, err := prose.NewDocument(note); err != nil {
					b.Fatal(err)
				}
				naive += time.Since(start)
			}
			b.StopTimer()
			n := float64(b.N)
			b.ReportMetric(proc.Seconds()*1000/n, "process-ms")
			b.ReportMetric(procCPU.Seconds()*1000/n, "process-cpu-ms")
			b.ReportMetric(naive.Seconds()*1000/n, "naive-ms")
			b.ReportMetric(proc.Seconds()/naive.Seconds(), "x-naive")
		})
	}
}

// twoKBNote joins notes of the benchmark corpus into 2,048 bytes and
// returns it with the first note's candidate.
func twoKBNote(b *testing.B) (string, string) {
	f, err := os.Open(filepath.Join("..", "..", "testdata", "bench", "notes.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var text, candidate string
	for sc.Scan() && len(text) < 2048 {
		var n struct {
			Text      string `json:"text"`
			Candidate struct {
				Name string `json:"name"`
			} `json:"candidate"`
		}
		if err := json.Unmarshal(sc.Bytes(), &n); err != nil {
			b.Fatal(err)
		}
		if candidate == "" {
			candidate = n.Candidate.Name
		}
		text += n.Text + "\n\n"
	}
	if len(text) < 2048 {
		b.Fatal("benchmark corpus too small for a 2 KB note")
	}
	cut := 2048
	for !utf8.RuneStart(text[cut]) {
		cut-- // whole characters only
	}
	return text[:cut], candidate
}

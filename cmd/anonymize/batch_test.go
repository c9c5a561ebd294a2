package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

const fixedPrepared = "2025-03-13T18:00:00Z"

var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z.]+`)

func writeCommittee(t *testing.T, dir, out string, emails []string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "meeting: Backend hiring committee\ndate: 2025-03-14 15:00\nout: %s\nconcurrency: 4\ncandidates:\n", out)
	for _, e := range emails {
		fmt.Fprintf(&b, "  - %s\n", e)
	}
	p := filepath.Join(dir, "committee.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func candidateEmails(ex fetch.Export) []string {
	seen := map[string]bool{}
	var out []string
	for _, li := range ex.LiveInterviews {
		if li.Live() && !seen[li.CandidateEmail] {
			seen[li.CandidateEmail] = true
			out = append(out, li.CandidateEmail)
		}
	}
	sort.Strings(out)
	return out
}

func TestBatchCommitteeFileAndReveal(t *testing.T) {
	sample := codesignaltest.Sample()
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: sample, APIKey: testKey, RateLimit: -1})
	dir := t.TempDir()
	emails := candidateEmails(sample)
	com := writeCommittee(t, dir, "packets", emails)
	out := filepath.Join(dir, "packets")
	args := []string{"batch", "--api-url", sim.GraphQLURL(), "--api-key-file", writeKeyFile(t, testKey), "--prepared", fixedPrepared, "--rate-limit", "1000", com}

	code, stdout, stderr := runCLI(t, "", args...)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if m := emailRE.FindString(stdout + stderr); m != "" {
		t.Errorf("the batch's output names a candidate (%s):\n%s", m, stdout)
	}
	if !regexp.MustCompile(`(?m)^  done\s+9$`).MatchString(stdout) || !regexp.MustCompile(`\[9/9\] P-[0-9A-Z]{8} done`).MatchString(stdout) {
		t.Errorf("want a line per packet and 9 done in the summary:\n%s", stdout)
	}
	dirs, _ := filepath.Glob(filepath.Join(out, "P-*"))
	if len(dirs) != len(emails) {
		t.Fatalf("%d packet folders, want %d", len(dirs), len(emails))
	}
	for _, d := range dirs {
		checkPacketFolder(t, d, identities(sample))
	}
	mb, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if m := emailRE.FindString(string(mb)); m != "" {
		t.Errorf("manifest names %s", m)
	}

	code, stdout, _ = runCLI(t, "", args...)
	if code != exitOK || !regexp.MustCompile(`(?m)^  skipped \(unchanged\)\s+9$`).MatchString(stdout) {
		t.Errorf("rerun: exit %d, want all 9 skipped:\n%s", code, stdout)
	}

	// reveal: the coordinator learns who a packet is.
	secret, err := packet.LoadOrCreateSecret(out + packet.CoordinatorSuffix)
	if err != nil {
		t.Fatal(err)
	}
	pc := packet.Code(secret, emails[0])
	code, stdout, stderr = runCLI(t, "", "reveal", "--key", out, strings.ToLower(pc))
	if code != exitOK || !strings.Contains(stdout, "packet "+pc+": ") || !strings.Contains(stdout, "<"+emails[0]+">") || !strings.Contains(stdout, "the candidate") || !strings.Contains(stdout, "Interviewer A") {
		t.Errorf("reveal: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "", "reveal", "--key", out, "P-00000000"); code != exitError || !strings.Contains(stderr, "no key entry for P-00000000") {
		t.Errorf("reveal of an unknown code: exit %d: %s", code, stderr)
	}
}

func TestBatchUsageAndExitCodes(t *testing.T) {
	sample := codesignaltest.Sample()
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	if err := os.WriteFile(export, codesignaltest.SampleJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("meeting: M\ncandidates: [a@b.co]\nconcurency: 3\n"), 0o644)
	emails := candidateEmails(sample)
	withNobody := writeCommittee(t, dir, "out", append(emails[:2:2], "nobody@example.com"))

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no candidates", []string{"batch"}, exitUsage, "a committee file (anonymize batch committee.yaml) or --since 7d"},
		{"both", []string{"batch", "--since", "7d", bad}, exitUsage, "not both"},
		{"flag after the file", []string{"batch", bad, "--force"}, exitUsage, bad + ":3:1: concurency: unknown key"},
		{"committee file error", []string{"batch", bad}, exitUsage, bad + ":3:1: concurency: unknown key"},
		{"bad shard", []string{"batch", "--shard", "4/4", "--input", export, withNobody}, exitUsage, "0 <= I < N"},
		{"bad recipient", []string{"batch", "--key-recipient", "AGE-SECRET-KEY-1XYZ", "--input", export, withNobody}, exitUsage, "not an age public key"},
		{"a failed candidate", []string{"batch", "--input", export, "--prepared", fixedPrepared, withNobody}, exitSomeFailed, "1 candidate(s) failed"},
	} {
		code, stdout, stderr := runCLI(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q\nstdout: %s", tc.name, code, stderr, tc.code, tc.want, stdout)
		}
		if strings.Contains(stderr, "AGE-SECRET-KEY") {
			t.Errorf("%s: a secret key was echoed", tc.name)
		}
	}
}

func TestBatchSinceAndEncryptedKey(t *testing.T) {
	ex := codesignaltest.SyntheticOrg{Candidates: 6, Interviews: 2, Seed: 3, RealNames: true}.Generate()
	now := time.Now()
	recent := map[string]bool{}
	for i := range ex.LiveInterviews {
		li := &ex.LiveInterviews[i]
		var c int
		fmt.Sscanf(li.CandidateEmail, "cand-%d@", &c)
		age := 30 * 24 * time.Hour
		if c < 3 {
			age = 2 * 24 * time.Hour
			if li.FinishDate != nil {
				recent[li.CandidateEmail] = true
			}
		}
		start := now.Add(-age - time.Duration(i)*time.Hour).UnixMilli()
		li.StartDate = &start
		if li.FinishDate != nil {
			f := start + 3600000
			li.FinishDate = &f
		}
	}
	dir := t.TempDir()
	export := filepath.Join(dir, "export.json")
	b, _ := json.Marshal(ex)
	os.WriteFile(export, b, 0o644)
	id, _ := age.GenerateX25519Identity()
	idFile := filepath.Join(dir, "coordinator.agekey")
	os.WriteFile(idFile, []byte(id.String()+"\n"), 0o600)
	out := filepath.Join(dir, "packets")

	code, stdout, stderr := runCLI(t, "", "batch", "--since", "7d", "--input", export, "--out", out, "--committee", "Weekly",
		"--key-recipient", id.Recipient().String(), "--prepared", fixedPrepared)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, fmt.Sprintf("batch of %d candidate(s)", len(recent))) {
		t.Errorf("want the %d candidates of the window:\n%s", len(recent), stdout)
	}
	if _, err := os.Stat(filepath.Join(out+packet.CoordinatorSuffix, packet.KeyFile)); err == nil {
		t.Error("key.json written in clear despite --key-recipient")
	}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			if m := emailRE.FindString(string(b)); m != "" && strings.HasSuffix(m, "example.com") {
				t.Errorf("%s holds %s in clear", p, m)
			}
		}
		return nil
	})
	secret, _ := packet.LoadOrCreateSecret(out + packet.CoordinatorSuffix)
	pc := packet.Code(secret, codesignaltest.CandidateEmail(0))
	if code, _, stderr := runCLI(t, "", "reveal", "--key", out, pc); code != exitError || !strings.Contains(stderr, "--identity") {
		t.Errorf("reveal without the identity: exit %d: %s", code, stderr)
	}
	code, stdout, stderr = runCLI(t, "", "reveal", "--key", out, "--identity", idFile, pc)
	if code != exitOK || !strings.Contains(stdout, "<"+codesignaltest.CandidateEmail(0)+">") {
		t.Errorf("reveal with the identity: exit %d\n%s%s", code, stdout, stderr)
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// binary builds cmd/anonymize once per test run.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "anonymize-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "anonymize")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// tree returns every file under dir with its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return out
}

// TestBatchSurvivesSIGKILL kills a real batch process at random points,
// several times, then lets it finish, and checks that the folder is the one
// a clean run makes: no partial file, no duplicate, no missing packet.
func TestBatchSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and runs it repeatedly")
	}
	bin := binary(t)
	const n = 40
	ex := codesignaltest.SyntheticOrg{Candidates: n, Interviews: 2, Seed: 11, RealNames: true}.Generate()
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: ex, APIKey: testKey, RateLimit: -1, Latency: 5 * time.Millisecond})
	dir := t.TempDir()
	keyFile := writeKeyFile(t, testKey)
	var emails []string
	for i := range n {
		emails = append(emails, codesignaltest.CandidateEmail(i))
	}
	com := writeCommittee(t, dir, "unused", emails)
	run := func(out string, extra ...string) *exec.Cmd {
		args := append([]string{"batch", "--api-url", sim.GraphQLURL(), "--api-key-file", keyFile, "--rate-limit", "1000",
			"--prepared", fixedPrepared, "--out", out, "--concurrency", "4"}, extra...)
		cmd := exec.Command(bin, append(args, com)...)
		cmd.Stdout, cmd.Stderr = nil, nil
		return cmd
	}

	clean := filepath.Join(dir, "clean")
	start := time.Now()
	if out, err := run(clean).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	took := time.Since(start)

	killed := filepath.Join(dir, "killed")
	os.MkdirAll(killed+packet.CoordinatorSuffix, 0o700)
	// The same secret, so that the same candidates get the same codes.
	b, _ := os.ReadFile(filepath.Join(clean+packet.CoordinatorSuffix, packet.SecretFile))
	os.WriteFile(filepath.Join(killed+packet.CoordinatorSuffix, packet.SecretFile), b, 0o600)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d; a clean run takes %v", seed, took)
	rng := rand.New(rand.NewPCG(seed, 6))
	for i := range 6 {
		// Every other run is forced, so that kills also land while
		// finished packets are being rewritten, not only in resumed runs
		// that have little left to do.
		var extra []string
		if i%2 == 1 {
			extra = []string{"--force"}
		}
		cmd := run(killed, extra...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		at := time.Duration(rng.Int64N(int64(took)))
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		m, _ := os.ReadFile(filepath.Join(killed, "manifest.json"))
		t.Logf("kill %d after %v %v (%v): manifest has %d entries", i+1, at.Round(time.Millisecond), extra, err, strings.Count(string(m), `"code"`))
	}
	if out, err := run(killed).CombinedOutput(); err != nil {
		t.Fatalf("final run: %v\n%s", err, out)
	}
	want, got := tree(t, clean), tree(t, killed)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("killed-and-finished folder differs from a clean run's (-clean +killed):\n%s", d)
	}
	packets := 0
	for name := range got {
		if strings.HasSuffix(name, "/packet.json") {
			packets++
		}
		if packet.IsTempFile(name) {
			t.Errorf("temporary file left: %s", name)
		}
	}
	if packets != n {
		t.Errorf("%d packets, want %d", packets, n)
	}
}

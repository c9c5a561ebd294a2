package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
	"github.com/anonymize/anonymize/rules"
)

const simKey = "batch-test-key-51d2"

var prepared = time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)

// leakyName is candidate 3's name, which the test rule pack allows (an
// allow phrase protects even from the people rule): redaction leaves it in
// candidate 3's note, and only the leak gate stands between it and the
// committee.
var leakyName = codesignaltest.PersonName(103)

// testOrg is a synthetic organisation with realistic names whose candidate
// 3 has a note that the leaky test rule turns into a leak.
func testOrg(n int) fetch.Export {
	return withLeak(codesignaltest.SyntheticOrg{Candidates: n, Interviews: 2, Seed: 7, RealNames: true}.Generate())
}

// withLeak adds to candidate 3's first note a name the leaky test rule
// lets through.
func withLeak(ex fetch.Export) fetch.Export {
	for i := range ex.LiveInterviews {
		li := &ex.LiveInterviews[i]
		if li.CandidateEmail == codesignaltest.CandidateEmail(3) && len(li.InterviewersFeedback) > 0 {
			li.InterviewersFeedback[0].Notes += " " + leakyName + " explained the trade-offs well."
		}
	}
	return ex
}

// leakyEngine is the default pack plus an allow rule that protects
// candidate 3's name (see leakyName).
var leakyEngine = onceEngine(func() (string, error) {
	dir, err := os.MkdirTemp("", "leaky-rules-")
	if err != nil {
		return "", err
	}
	rule := "kind: allow\nterms: [\"" + leakyName + "\"]\n"
	return dir, os.WriteFile(filepath.Join(dir, "leaky.yaml"), []byte(rule), 0o644)
})

// onceEngine returns a function that builds, on its first call, an engine
// of the default pack extended by the pack folder pack makes ("" for none,
// removed after loading), and returns it on every call.
func onceEngine(pack func() (dir string, err error)) func(testing.TB) *anonymize.Engine {
	var (
		once sync.Once
		eng  *anonymize.Engine
		err  error
	)
	return func(t testing.TB) *anonymize.Engine {
		t.Helper()
		once.Do(func() {
			var dir string
			if dir, err = pack(); dir != "" {
				defer os.RemoveAll(dir)
			}
			if err != nil {
				return
			}
			var dirs []string
			if dir != "" {
				dirs = append(dirs, dir)
			}
			var p *rules.Pack
			if p, err = rules.Load(dirs...); err != nil {
				return
			}
			eng, err = anonymize.New(p)
		})
		if err != nil {
			t.Fatal(err)
		}
		return eng
	}
}

func simSource(t testing.TB, ex fetch.Export) (*codesignaltest.Server, *fetch.APISource) {
	t.Helper()
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: ex, APIKey: simKey, RateLimit: -1})
	src, err := fetch.NewAPISource(sim.GraphQLURL(), fetch.NewAPIKey(simKey, "test"), fetch.APIOptions{RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return sim, src
}

func emails(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = codesignaltest.CandidateEmail(i)
	}
	return out
}

// tree returns every file under dir with its content, by slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func counts(s Summary) map[string]int {
	return map[string]int{"done": s.Done, "skipped": s.Skipped, "quarantined": s.Quarantined, "failed": s.Failed, "unfinished": s.Unfinished}
}

func TestRunSkipsUnchangedAndQuarantinesLeaks(t *testing.T) {
	const n = 8
	ex := testOrg(n)
	_, src := simSource(t, ex)
	out := t.TempDir()
	eng := leakyEngine(t)
	var events []Event
	cfg := Config{
		Source: src, Engine: eng, Out: out, Concurrency: 3,
		Candidates: append(emails(n), "nobody@example.com"),
		Meta:       packet.Meta{Committee: "Test committee", Prepared: prepared},
		Progress:   func(e Event) { events = append(events, e) },
	}
	secret, err := packet.LoadOrCreateSecret(coordOf(t, out))
	if err != nil {
		t.Fatal(err)
	}
	leaky := packet.Code(secret, codesignaltest.CandidateEmail(3))
	nobody := packet.Code(secret, "nobody@example.com")

	steps := []struct {
		name  string
		edit  func(c *Config)
		want  map[string]int
		fresh int // packets prepared (not skipped) this step
	}{
		{"first run", nil, map[string]int{"done": n - 1, "quarantined": 1, "failed": 1}, n},
		{"rerun skips", nil, map[string]int{"skipped": n - 1, "quarantined": 1, "failed": 1}, 0},
		{"force redoes", func(c *Config) { c.Force = true }, map[string]int{"done": n - 1, "quarantined": 1, "failed": 1}, n},
		{"changed input redoes that candidate", func(c *Config) {
			ex2 := testOrg(n)
			for i := range ex2.LiveInterviews {
				if ex2.LiveInterviews[i].CandidateEmail == codesignaltest.CandidateEmail(5) && len(ex2.LiveInterviews[i].InterviewersFeedback) > 0 {
					ex2.LiveInterviews[i].InterviewersFeedback[0].Notes += " Later addition."
					break
				}
			}
			c.Source = fetch.NewExportSource("edited", ex2)
		}, map[string]int{"done": 1, "skipped": n - 2, "quarantined": 1, "failed": 1}, 1},
		{"changed rules redo all", func(c *Config) { c.Meta.Committee = "Renamed committee" }, map[string]int{"done": n - 1, "quarantined": 1, "failed": 1}, n},
	}
	for _, st := range steps {
		c := cfg
		if st.edit != nil {
			st.edit(&c)
		}
		events = nil
		sum, err := Run(context.Background(), c)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want := map[string]int{"done": 0, "skipped": 0, "quarantined": 0, "failed": 0, "unfinished": 0}
		for k, v := range st.want {
			want[k] = v
		}
		if d := cmp.Diff(want, counts(sum)); d != "" {
			t.Errorf("%s: counts (-want +got):\n%s", st.name, d)
		}
		if len(events) != n+1 || events[len(events)-1].Finished != n+1 || events[0].Total != n+1 {
			t.Errorf("%s: %d progress events, want %d counting up to the total", st.name, len(events), n+1)
		}
		fresh := 0
		for _, e := range events {
			if e.Notes > 0 {
				fresh++
			}
		}
		if fresh != st.fresh {
			t.Errorf("%s: %d candidates prepared afresh, want %d", st.name, fresh, st.fresh)
		}
	}

	// Fail-closed: the leaky packet is quarantined, never published.
	files := tree(t, out)
	if _, ok := files[leaky+"/packet.md"]; ok {
		t.Errorf("quarantined packet %s is in the published folder", leaky)
	}
	if _, ok := files["quarantine/"+leaky+"/report.txt"]; ok {
		t.Errorf("the quarantine is in the output folder")
	}
	report := tree(t, coordOf(t, out))["quarantine/"+leaky+"/report.txt"]
	if !strings.Contains(report, "failed the leak gate") || strings.Contains(report, leakyName) {
		t.Errorf("report.txt should name the kind of each hit and never the hit:\n%s", report)
	}
	// Nothing but the quarantine (unreadable to others) names a person;
	// the key and the secret are in the coordinator folder.
	for _, f := range []string{packet.KeyFile, packet.SecretFile, packet.KeysDir} {
		if _, ok := files[f]; ok {
			t.Errorf("%s is in the output folder", f)
		}
	}
	if fi, err := os.Stat(filepath.Join(coordOf(t, out), QuarantineDir)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("quarantine folder: %v, want mode 0700", fi.Mode())
	}
	if fi, err := os.Stat(filepath.Join(coordOf(t, out), packet.ReviewDir)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("review folder: %v, want mode 0700", fi.Mode())
	}
	if fi, err := os.Stat(filepath.Join(coordOf(t, out), packet.ReviewPage)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("review page: %v, want mode 0600", fi.Mode())
	}
	for name, content := range files {
		if strings.Contains(content, "@example.com") || containsCandidateName(content) {
			t.Errorf("%s names a candidate", name)
		}
	}
	m, err := newManifestFile(out).load()
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != n+1 || m[leaky].Status != StatusQuarantined || m[nobody].Status != StatusFailed || !strings.Contains(m[nobody].Reason, "no live interviews") {
		t.Errorf("manifest: %+v", m)
	}
	keys, err := packet.ReadKey(filepath.Join(coordOf(t, out), packet.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != n+1 {
		t.Errorf("key file has %d entries, want %d (done, quarantined and failed)", len(keys), n+1)
	}
	for _, k := range keys {
		if k.Code == nobody && (k.Email != "nobody@example.com" || !strings.Contains(k.Failure, "no live interviews")) {
			t.Errorf("the failed candidate's key entry: %+v", k)
		}
	}
}

func TestRunFinishesWhatADeletedPacketLeft(t *testing.T) {
	const n = 4
	_, src := simSource(t, testOrg(n))
	out := t.TempDir()
	cfg := Config{Source: src, Engine: leakyEngine(t), Out: out, Candidates: emails(n), Meta: packet.Meta{Prepared: prepared}}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	clean := tree(t, out)
	// What a crash could leave: a packet folder missing a file, a stray
	// temporary file in it and beside the manifest.
	secret, _ := packet.LoadOrCreateSecret(coordOf(t, out))
	code := packet.Code(secret, codesignaltest.CandidateEmail(0))
	os.Remove(filepath.Join(out, code, packet.HTMLFile))
	os.WriteFile(filepath.Join(out, code, ".tmp-packet.html-123"), []byte("<ht"), 0o644)
	os.WriteFile(filepath.Join(out, ".tmp-manifest.json-456"), []byte("{"), 0o644)
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Done != 1 || sum.Skipped != n-2 || sum.Quarantined != 1 {
		t.Errorf("rerun: %+v, want the damaged packet redone and the rest skipped", counts(sum))
	}
	if d := cmp.Diff(clean, tree(t, out)); d != "" {
		t.Errorf("after the rerun the folder differs from the clean run's (-clean +got):\n%s", d)
	}
}

func TestShardsPartitionAndShareAFolder(t *testing.T) {
	const n = 12
	all := emails(n)
	for _, count := range []int{1, 2, 3, 5} {
		seen := map[string]int{}
		for i := range count {
			for _, e := range all {
				if (Shard{i, count}).Has(e) {
					seen[e]++
				}
			}
		}
		for _, e := range all {
			if seen[e] != 1 {
				t.Errorf("%d shards: %s is in %d shards, want exactly 1", count, e, seen[e])
			}
		}
	}
	for _, tc := range []struct {
		in   string
		want Shard
		err  bool
	}{{"0/4", Shard{0, 4}, false}, {"3/4", Shard{3, 4}, false}, {"4/4", Shard{}, true}, {"-1/2", Shard{}, true}, {"1", Shard{}, true}, {"0/0", Shard{}, true}} {
		got, err := ParseShard(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v", tc.in, got, err)
		}
	}

	// Three shards into one folder at once give the folder one run gives.
	ex := testOrg(n)
	_, src := simSource(t, ex)
	one, sharded := t.TempDir(), t.TempDir()
	secret, _ := packet.LoadOrCreateSecret(coordOf(t, one))
	os.MkdirAll(coordOf(t, sharded), 0o700)
	copyFile(t, filepath.Join(coordOf(t, one), packet.SecretFile), filepath.Join(coordOf(t, sharded), packet.SecretFile))
	base := Config{Source: src, Engine: leakyEngine(t), Candidates: all, Meta: packet.Meta{Prepared: prepared}, Concurrency: 2}
	c := base
	c.Out = one
	if _, err := Run(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	total := 0
	var mu sync.Mutex
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := base
			c.Out, c.Shard = sharded, Shard{i, 3}
			sum, err := Run(context.Background(), c)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += sum.Total
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != n {
		t.Errorf("shards covered %d candidates, want %d", total, n)
	}
	// Each shard's lock stays behind, empty.
	shardedTree := tree(t, sharded)
	for name := range shardedTree {
		if strings.HasPrefix(name, ".anonymize-shard-") {
			delete(shardedTree, name)
		}
	}
	if d := cmp.Diff(tree(t, one), shardedTree); d != "" {
		t.Errorf("sharded folder differs from one run's (-one +sharded):\n%s", d)
	}
	_ = secret
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestRunEncryptsTheKey(t *testing.T) {
	const n = 5
	_, src := simSource(t, testOrg(n))
	out := t.TempDir()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Source: src, Engine: leakyEngine(t), Out: out, Candidates: emails(n), Meta: packet.Meta{Prepared: prepared},
		KeyRecipients: []age.Recipient{id.Recipient()}}
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(coordOf(t, out), packet.KeyFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("key.json exists with recipients given: %v", err)
	}
	// No file outside the quarantine holds a candidate in clear.
	for name, content := range tree(t, out) {
		if strings.Contains(content, "@example.com") || containsCandidateName(content) {
			t.Errorf("%s holds a candidate in clear", name)
		}
	}
	// The review page is encrypted to the same recipients.
	if !strings.HasSuffix(sum.Review, ".html"+packet.AgeKeySuffix) {
		t.Errorf("review page %q: want an age file", sum.Review)
	} else if enc, err := os.ReadFile(sum.Review); err != nil {
		t.Error(err)
	} else if r, err := age.Decrypt(bytes.NewReader(enc), id); err != nil {
		t.Errorf("review page: %v", err)
	} else if page, _ := io.ReadAll(r); !strings.Contains(string(page), "Review before release") || strings.Count(string(page), `<section class="packet"`) != n {
		t.Errorf("the decrypted review page does not show the %d packets", n)
	}
	if !strings.HasPrefix(sum.KeyFile, filepath.Join(coordOf(t, out), packet.KeysDir)+string(filepath.Separator)) {
		t.Fatalf("key file %s is not under keys/", sum.KeyFile)
	}
	got, err := packet.ReadKeyFile(sum.KeyFile, []age.Identity{id})
	if err != nil {
		t.Fatal(err)
	}
	var emailsGot []string
	for _, e := range got {
		emailsGot = append(emailsGot, e.Email)
	}
	sort.Strings(emailsGot)
	if d := cmp.Diff(emails(n), emailsGot); d != "" {
		t.Errorf("decrypted key (-want +got):\n%s", d)
	}
	if _, err := packet.ReadKeyFile(sum.KeyFile, nil); err == nil {
		t.Error("an encrypted key file was read without an identity")
	}
	other, _ := age.GenerateX25519Identity()
	if _, err := packet.ReadKeyFile(sum.KeyFile, []age.Identity{other}); err == nil {
		t.Error("an encrypted key file was read with the wrong identity")
	}
	// A rerun prepares nothing, so it writes no key file of its own.
	sum2, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(coordOf(t, out), packet.KeysDir, "*"))
	if sum2.Skipped != n-1 || sum2.Quarantined != 1 || len(files) != 1 {
		t.Errorf("rerun: %v, key files %v", counts(sum2), files)
	}
}

func TestRunStopsOnARefusedKey(t *testing.T) {
	sim, _ := simSource(t, testOrg(3))
	src, err := fetch.NewAPISource(sim.GraphQLURL(), fetch.NewAPIKey("wrong-key", "test"), fetch.APIOptions{RateLimit: -1, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := Run(context.Background(), Config{Source: src, Engine: leakyEngine(t), Out: out, Candidates: emails(3), Concurrency: 1})
	if !errors.Is(err, fetch.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if sum.Done != 0 || sum.Failed != 1 || sum.Unfinished != 2 {
		t.Errorf("counts %v, want the first failed and the rest not started", counts(sum))
	}
	m, _ := newManifestFile(out).load()
	if len(m) != 0 {
		t.Errorf("a refused key is not a candidate's failure, but the manifest says %v", m)
	}
}

func TestScrub(t *testing.T) {
	got := Scrub(`fetching the interviews of Maria@Example.com: "maria@example.com" not found`, "maria@example.com", "P-1")
	if got != `fetching the interviews of P-1: "P-1" not found` {
		t.Errorf("scrub = %q", got)
	}
}

func containsCandidateName(s string) bool {
	for i := range 200 {
		if strings.Contains(s, codesignaltest.PersonName(100+i)) {
			return true
		}
	}
	return false
}

// coordOf is the default coordinator folder of out.
func coordOf(t *testing.T, out string) string {
	t.Helper()
	c, err := packet.DefaultCoordinatorDir(out)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTwoBatchesOnOneFolder: two batches writing one folder used to delete
// each other's temporary files and mark finished packets failed. The
// second is refused at once with a message saying why, while shards of one
// batch still share the folder, and the same shard twice is refused too.
func TestTwoBatchesOnOneFolder(t *testing.T) {
	_, src := simSource(t, testOrg(3))
	out := t.TempDir()
	hold := make(chan struct{})
	started := make(chan struct{})
	first := Config{Source: src, Engine: leakyEngine(t), Out: out, Candidates: emails(3), Meta: packet.Meta{Prepared: prepared},
		Progress: func(Event) {
			select {
			case <-started:
			default:
				close(started)
				<-hold // the first batch is in the middle of its work
			}
		}}
	done := make(chan error, 1)
	go func() { _, err := Run(context.Background(), first); done <- err }()
	<-started

	second := first
	second.Progress = nil
	_, err := Run(context.Background(), second)
	if !errors.Is(err, packet.ErrFolderBusy) || !strings.Contains(err.Error(), out) || !strings.Contains(err.Error(), "another anonymize run") {
		t.Errorf("second batch: %v, want ErrFolderBusy naming the folder", err)
	}
	if _, err := PrepareOne(context.Background(), Job{Email: codesignaltest.CandidateEmail(0), Source: src, Engine: leakyEngine(t), Out: out, Meta: packet.Meta{Prepared: prepared}}); !errors.Is(err, packet.ErrFolderBusy) {
		t.Errorf("a single candidate into the busy folder: %v, want ErrFolderBusy", err)
	}
	close(hold)
	if err := <-done; err != nil {
		t.Fatalf("first batch: %v", err)
	}
	m, err := newManifestFile(out).load()
	if err != nil {
		t.Fatal(err)
	}
	for code, e := range m {
		if e.Status == StatusFailed {
			t.Errorf("%s failed: %s", code, e.Reason)
		}
	}
	// Now free: the second runs.
	if _, err := Run(context.Background(), second); err != nil {
		t.Errorf("second batch after the first: %v", err)
	}

	// Shards share; the same shard twice does not.
	a, err := packet.LockFolder(out, "0/2")
	if err != nil {
		t.Fatal(err)
	}
	b, err := packet.LockFolder(out, "1/2")
	if err != nil {
		t.Errorf("another shard of the same batch: %v", err)
	} else {
		b()
	}
	if _, err := packet.LockFolder(out, "0/2"); !errors.Is(err, packet.ErrFolderBusy) {
		t.Errorf("the same shard twice: %v", err)
	}
	if _, err := packet.LockFolder(out, ""); !errors.Is(err, packet.ErrFolderBusy) {
		t.Errorf("a whole run beside a shard: %v", err)
	}
	a()
}

// TestElapsedNeverNegative: a batch that stopped early (here: the folder
// is busy) used to report its elapsed time as Ended (zero) minus Started.
func TestElapsedNeverNegative(t *testing.T) {
	for _, s := range []Summary{
		{},
		{Started: prepared},
		{Started: prepared, Ended: prepared.Add(-time.Second)},
	} {
		if got := s.Elapsed(); got != 0 {
			t.Errorf("%+v: Elapsed %v, want 0", s, got)
		}
	}
	out := t.TempDir()
	unlock, err := packet.LockFolder(out, "")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	_, src := simSource(t, testOrg(1))
	sum, err := Run(context.Background(), Config{Source: src, Engine: leakyEngine(t), Out: out, Candidates: emails(1)})
	if err == nil || sum.Elapsed() < 0 || sum.Ended.IsZero() {
		t.Errorf("early stop: err %v, elapsed %v, ended %v", err, sum.Elapsed(), sum.Ended)
	}
}

// TestControlCharactersDropped: a NUL byte in a note reached packet.md.
func TestControlCharactersDropped(t *testing.T) {
	of := loadOddForms(t)
	b, err := build(context.Background(), defaultEng(t), "P-CONTROL", of.Candidate.Email,
		of.Interviews("the design\x00 was clear\x07, with a \x1b[31mcoloured\x1b[0m diagram"), packet.Meta{Prepared: prepared}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"md": string(b.rendered.Markdown), "html": string(b.rendered.HTML), "json": string(b.rendered.JSON)} {
		for _, bad := range []string{"\x00", "\x07", "\x1b", `\u0000`, `\u0007`, `\u001b`, "&#0;", "&#x0;"} {
			if strings.Contains(data, bad) {
				t.Errorf("%s holds %q", name, bad)
			}
		}
		if !strings.Contains(data, "was clear") {
			t.Errorf("%s lost the note", name)
		}
	}
}

// TestHugeNoteRefused: a 10 MB note used to run for minutes and take
// gigabytes. It fails its candidate at once with a clear message, the other
// candidates are prepared, and a larger limit can be asked for.
func TestHugeNoteRefused(t *testing.T) {
	ex := testOrg(3)
	size := 10 << 20
	if testing.Short() {
		size = 1 << 20 // still eight times the limit; the race detector makes 10 MB slow
	}
	huge := strings.Repeat("The candidate explained the trade-offs of the cache. ", size/53)
	for i := range ex.LiveInterviews {
		li := &ex.LiveInterviews[i]
		if li.CandidateEmail == codesignaltest.CandidateEmail(1) && len(li.InterviewersFeedback) > 0 {
			li.InterviewersFeedback[0].Notes = huge
			break
		}
	}
	_, src := simSource(t, ex)
	out := t.TempDir()
	sum, err := Run(context.Background(), Config{Source: src, Engine: leakyEngine(t), Out: out, Candidates: emails(3), Meta: packet.Meta{Prepared: prepared}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || len(sum.Problems) == 0 {
		t.Fatalf("summary %+v, want the huge note's candidate failed", counts(sum))
	}
	var reason string
	for _, p := range sum.Problems {
		if p.Status == StatusFailed {
			reason = p.Reason
		}
	}
	if !strings.Contains(reason, "note over the size limit") || !strings.Contains(reason, "--max-note-size") || !strings.Contains(reason, fmt.Sprint(DefaultMaxNote)) {
		t.Errorf("reason %q does not say what happened and what to do", reason)
	}

	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{{"131072", 131072, true}, {"128KiB", 128 << 10, true}, {"1MiB", 1 << 20, true}, {"2MB", 2e6, true}, {"1 GiB", 0, false}, {"-5", 0, false}, {"lots", 0, false}} {
		got, err := ParseSize(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseSize(%q) = %d, %v", tc.in, got, err)
		}
	}
}

// TestRecordFailure: the service's failures reach the key too, keeping
// what the key knew of the candidate.
func TestRecordFailure(t *testing.T) {
	coord := t.TempDir()
	known := packet.KeyEntry{Code: "P-KNOWN", Email: "a@example.com", Name: "A B", Pseudonyms: []anonymize.Pseudonym{{Label: "the candidate", Name: "A B"}}}
	if err := packet.WriteKey(coord, []packet.KeyEntry{known}); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"P-KNOWN", "P-NEW"} {
		if err := RecordFailure(coord, code, " a@example.com ", errors.New("no live interviews of a@example.com")); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := packet.ReadKey(filepath.Join(coord, packet.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	want := []packet.KeyEntry{
		{Code: "P-KNOWN", Email: "a@example.com", Name: "A B", Pseudonyms: known.Pseudonyms, Failure: "no live interviews of a@example.com"},
		{Code: "P-NEW", Email: "a@example.com", Pseudonyms: []anonymize.Pseudonym{}, Failure: "no live interviews of a@example.com"},
	}
	if d := cmp.Diff(want, keys); d != "" {
		t.Errorf("key (-want +got):\n%s", d)
	}
}

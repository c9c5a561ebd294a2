package batch

import (
	"bytes"
	"context"
	"errors"
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

var (
	engineOnce sync.Once
	leakyEng   *anonymize.Engine
	engineErr  error
)

// leakyEngine is the default pack plus an allow rule that protects
// candidate 3's name (see leakyName).
func leakyEngine(t testing.TB) *anonymize.Engine {
	t.Helper()
	engineOnce.Do(func() {
		dir, err := os.MkdirTemp("", "leaky-rules-")
		if err != nil {
			engineErr = err
			return
		}
		defer os.RemoveAll(dir)
		rule := "kind: allow\nterms: [\"" + leakyName + "\"]\n"
		if err := os.WriteFile(filepath.Join(dir, "leaky.yaml"), []byte(rule), 0o644); err != nil {
			engineErr = err
			return
		}
		pack, err := rules.Load(dir)
		if err != nil {
			engineErr = err
			return
		}
		leakyEng, engineErr = anonymize.New(pack)
	})
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return leakyEng
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
	secret, err := packet.LoadOrCreateSecret(out)
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
	report := files["quarantine/"+leaky+"/report.txt"]
	if !strings.Contains(report, "failed the leak gate") || strings.Contains(report, leakyName) {
		t.Errorf("report.txt should name the kind of each hit and never the hit:\n%s", report)
	}
	// Nothing but the key file and the quarantine (unreadable to others)
	// names a person.
	if fi, err := os.Stat(filepath.Join(out, QuarantineDir)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("quarantine folder: %v, want mode 0700", fi.Mode())
	}
	if fi, err := os.Stat(filepath.Join(out, packet.ReviewDir)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("review folder: %v, want mode 0700", fi.Mode())
	}
	if fi, err := os.Stat(filepath.Join(out, packet.ReviewPage)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("review page: %v, want mode 0600", fi.Mode())
	}
	for name, content := range files {
		// The key, the quarantine and the coordinator's review name people;
		// they are the owner's alone.
		if name == packet.KeyFile || strings.HasPrefix(name, QuarantineDir+"/") || name == packet.ReviewPage || strings.HasPrefix(name, packet.ReviewDir+"/") {
			continue
		}
		if strings.Contains(content, "@example.com") || containsCandidateName(content) {
			t.Errorf("%s names a candidate", name)
		}
	}
	m, err := ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != n+1 || m[leaky].Status != StatusQuarantined || m[nobody].Status != StatusFailed || !strings.Contains(m[nobody].Reason, "no live interviews") {
		t.Errorf("manifest: %+v", m)
	}
	keys, err := packet.ReadKey(filepath.Join(out, packet.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != n {
		t.Errorf("key file has %d entries, want %d (done and quarantined)", len(keys), n)
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
	secret, _ := packet.LoadOrCreateSecret(out)
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
	secret, _ := packet.LoadOrCreateSecret(one)
	copyFile(t, filepath.Join(one, packet.SecretFile), filepath.Join(sharded, packet.SecretFile))
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
	if d := cmp.Diff(tree(t, one), tree(t, sharded)); d != "" {
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
	if _, err := os.Stat(filepath.Join(out, packet.KeyFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("key.json exists with recipients given: %v", err)
	}
	// No file outside the quarantine holds a candidate in clear.
	for name, content := range tree(t, out) {
		if strings.HasPrefix(name, QuarantineDir+"/") {
			continue
		}
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
	if !strings.HasPrefix(sum.KeyFile, filepath.Join(out, packet.KeysDir)+string(filepath.Separator)) {
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
	files, _ := filepath.Glob(filepath.Join(out, packet.KeysDir, "*"))
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
	m, _ := ReadManifest(out)
	if len(m) != 0 {
		t.Errorf("a refused key is not a candidate's failure, but the manifest says %v", m)
	}
}

func TestScrub(t *testing.T) {
	got := scrub(`fetching the interviews of Maria@Example.com: "maria@example.com" not found`, "maria@example.com", "P-1")
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

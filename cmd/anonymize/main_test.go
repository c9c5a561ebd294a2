package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

const testKey = "test-key-6f1c2a9e"

// runCLI runs the program in-process and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"anonymize"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeKeyFile(t *testing.T, key string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "api-key")
	if err := os.WriteFile(p, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// identities returns every name part, email and username of the sample
// organisation's people, which no packet may contain.
func identities(ex fetch.Export) []string {
	set := map[string]bool{}
	for _, li := range ex.LiveInterviews {
		names := []string{li.CandidateName}
		set[li.CandidateEmail] = true
		for _, fb := range li.InterviewersFeedback {
			names = append(names, fb.Author.Profile.Name)
			set[fb.Author.Profile.Email] = true
			set[fb.Author.Username] = true
		}
		for _, n := range names {
			set[n] = true
			for _, p := range regexp.MustCompile(`[\s-]+`).Split(n, -1) {
				if len([]rune(p)) >= 3 {
					set[p] = true
				}
			}
		}
	}
	var out []string
	for s := range set {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

var (
	pronounWord = regexp.MustCompile(`(?i)\b(she|he|her|him|his|hers|herself|himself)\b`)
	phoneLike   = regexp.MustCompile(`\+\d[\d\s().-]{7,}\d`)
	linkLike    = regexp.MustCompile(`(?i)https?://|www\.|github\.com/|linkedin\.com/`)
)

// checkPacketFolder asserts that no file of a packet folder names anyone.
// Ordinary words that are also names (grace, hunter) are checked only
// where written as names: capitalised mid-sentence or possessive.
func checkPacketFolder(t *testing.T, dir string, ids []string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "packet.*"))
	if len(files) != 3 {
		t.Fatalf("%s: want packet.md, packet.json and packet.html, got %v", dir, files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if m := pronounWord.FindString(text); m != "" {
			t.Errorf("%s: gendered pronoun %q survives", f, m)
		}
		if m := phoneLike.FindString(text); m != "" {
			t.Errorf("%s: phone number survives", f)
		}
		if linkLike.MatchString(text) {
			t.Errorf("%s: a link survives", f)
		}
		for _, id := range ids {
			re := regexp.MustCompile(`(?i)(?:^|[^\p{L}@.])` + regexp.QuoteMeta(id) + `(?:$|[^\p{L}])`)
			if commonWord[strings.ToLower(id)] {
				re = regexp.MustCompile(`(?:[\p{Ll},;] |^)` + regexp.QuoteMeta(id) + `\b|\b` + regexp.QuoteMeta(id) + `['’]s\b`)
			}
			if loc := re.FindStringIndex(text); loc != nil {
				t.Errorf("%s: identity %q survives: %q", f, id, text[max(0, loc[0]-30):min(len(text), loc[1]+30)])
			}
		}
	}
}

var commonWord = map[string]bool{"grace": true, "hunter": true, "june": true, "will": true, "hope": true}

func TestCandidateAgainstSimulator(t *testing.T) {
	sample := codesignaltest.Sample()
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: sample, APIKey: testKey})
	email := sample.LiveInterviews[0].CandidateEmail
	out := filepath.Join(t.TempDir(), "packets")
	code, stdout, stderr := runCLI(t, "", "--candidate", email, "--api-url", sim.GraphQLURL(),
		"--api-key-file", writeKeyFile(t, testKey), "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	dirs, _ := filepath.Glob(filepath.Join(out, "P-*"))
	if len(dirs) != 1 {
		t.Fatalf("want one packet folder, got %v", dirs)
	}
	checkPacketFolder(t, dirs[0], identities(sample))

	var pj struct {
		LiveInterviews []fetch.LiveInterview `json:"liveInterviews"`
	}
	b, err := os.ReadFile(filepath.Join(dirs[0], "packet.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pj); err != nil {
		t.Fatalf("packet.json: %v", err)
	}
	held := 0
	for _, li := range sample.LiveInterviews {
		if fetch.SameEmail(li.CandidateEmail, email) && li.Held() {
			held++
		}
	}
	if len(pj.LiveInterviews) != held {
		t.Errorf("packet.json has %d interviews, the candidate held %d", len(pj.LiveInterviews), held)
	}
	for _, li := range pj.LiveInterviews {
		for _, fb := range li.InterviewersFeedback {
			if !regexp.MustCompile(`^Interviewer [A-Z]$`).MatchString(fb.Author.Profile.Name) {
				t.Errorf("author shown as %q, want a role label", fb.Author.Profile.Name)
			}
			if fb.Author.ID != "" || fb.Author.Username != "" || fb.Author.Profile.Email != "" {
				t.Errorf("author id, username or email kept: %+v", fb.Author)
			}
		}
	}

	for _, f := range []string{"key.json", ".packet-secret"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s is in the output folder the committee reads", f)
		}
	}
	key := filepath.Join(out+".coordinator", "key.json")
	st, err := os.Stat(key)
	if err != nil {
		t.Fatalf("key file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	kb, _ := os.ReadFile(key)
	if !strings.Contains(string(kb), email) || !strings.Contains(string(kb), filepath.Base(dirs[0])) {
		t.Errorf("key file does not map %s to its candidate", filepath.Base(dirs[0]))
	}
	if strings.Contains(stdout+stderr, testKey) {
		t.Error("the API key was printed")
	}

	// The same candidate and output folder give the same code again.
	code, stdout, stderr = runCLI(t, "", "--candidate", strings.ToUpper(email), "--api-url", sim.GraphQLURL(),
		"--api-key-file", writeKeyFile(t, testKey), "--out", out)
	if code != exitOK {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if again, _ := filepath.Glob(filepath.Join(out, "P-*")); len(again) != 1 || again[0] != dirs[0] {
		t.Errorf("code not stable: first %v, then %v", dirs, again)
	}
}

func TestWrongAPIKeyWritesNothing(t *testing.T) {
	sample := codesignaltest.Sample()
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: sample, APIKey: testKey})
	out := filepath.Join(t.TempDir(), "packets")
	wrong := "wrong-key-0000"
	code, stdout, stderr := runCLI(t, "", "--candidate", sample.LiveInterviews[0].CandidateEmail,
		"--api-url", sim.GraphQLURL(), "--api-key-file", writeKeyFile(t, wrong), "--out", out)
	if code == exitOK {
		t.Fatalf("exit 0 with a wrong key; stdout: %s", stdout)
	}
	if !strings.Contains(strings.ToLower(stderr), "key") || !strings.Contains(stderr, "refused") && !strings.Contains(stderr, "401") {
		t.Errorf("error does not say the key was refused: %s", stderr)
	}
	if strings.Contains(stdout+stderr, wrong) {
		t.Errorf("the key appears in the output: %s", stderr)
	}
	if _, err := os.Stat(out + ".coordinator"); !os.IsNotExist(err) {
		t.Errorf("coordinator folder was created (%v); nothing should be written", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output folder was created (%v); nothing should be written", err)
	}
}

func TestMissingKeySaysWhatToDo(t *testing.T) {
	t.Setenv(fetch.APIKeyEnv, "")
	code, _, stderr := runCLI(t, "", "--candidate", "x@example.com", "--out", t.TempDir())
	if code == exitOK || !strings.Contains(stderr, fetch.APIKeyEnv) {
		t.Errorf("exit %d, stderr %q: want an error naming %s", code, stderr, fetch.APIKeyEnv)
	}
}

func TestDemoWritesCleanPackets(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo")
	code, stdout, stderr := runCLI(t, "", "demo", "--out", out)
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s\n%s", code, stdout, stderr)
	}
	sample := codesignaltest.Sample()
	candidates := map[string]bool{}
	for _, li := range sample.LiveInterviews {
		if li.Held() {
			candidates[strings.ToLower(li.CandidateEmail)] = true
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(out, "P-*"))
	if len(dirs) != len(candidates) {
		t.Fatalf("%d packets for %d candidates", len(dirs), len(candidates))
	}
	ids := identities(sample)
	for _, d := range dirs {
		checkPacketFolder(t, d, ids)
	}
	for _, want := range []string{"packet(s) in", "changes by rule:", "pronouns", "review every change before sending: " + filepath.Join(out+".coordinator", "review.html")} {
		if !strings.Contains(stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestCandidateFromExportFile(t *testing.T) {
	in := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(in, codesignaltest.SampleJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	email := codesignaltest.Sample().LiveInterviews[0].CandidateEmail
	code, _, stderr := runCLI(t, "", "--candidate", email, "--input", in, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "--candidate", "nobody@example.com", "--input", in, "--out", out)
	if code == exitOK || !strings.Contains(stderr, "no live interviews") {
		t.Errorf("unknown candidate: exit %d, %s", code, stderr)
	}
}

func TestRedactKeepsLines(t *testing.T) {
	in := "Maria wrote Go.\n\nShe is careful; her tests pass.\n- Call +1 617 555 0142\n"
	code, out, stderr := runCLI(t, in, "redact", "--candidate", "Maria Lopez <maria@example.com>")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "The candidate wrote Go.\n\nThey are careful; their tests pass.\n- Call [phone]\n"
	if out != want {
		t.Errorf("redact:\n got %q\nwant %q", out, want)
	}
	code, out, _ = runCLI(t, "She is here. Maria too.", "redact", "--only", "pronouns")
	if code != exitOK || out != "They are here. Maria too." {
		t.Errorf("--only pronouns: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "He fixed it himself.\nShe did too.\n", "redact", "--only", "pronouns", "--reflexive", "themself")
	if code != exitOK || out != "They fixed it themself.\nThey did too.\n" {
		t.Errorf("--reflexive themself: exit %d, %q", code, out)
	}
	code, _, stderr = runCLI(t, "x", "redact", "--only", "no-such-rule")
	if code != exitUsage || !strings.Contains(stderr, "no-such-rule") {
		t.Errorf("unknown rule: exit %d, %s", code, stderr)
	}
}

func TestExplainListsChanges(t *testing.T) {
	code, out, stderr := runCLI(t, "Maria said\nshe is done.", "explain", "--candidate", "Maria Lopez")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1:1\tpeople\t\"Maria\" -> \"The candidate\"", "2:1\tpronouns\t\"she\" -> \"they\"", "0 leak(s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
}

func TestRulesCommands(t *testing.T) {
	code, out, stderr := runCLI(t, "", "rules", "list")
	if code != exitOK || !strings.Contains(out, "pronouns") || !strings.Contains(out, "rules/default/people.yaml") {
		t.Errorf("rules list: exit %d\n%s%s", code, out, stderr)
	}
	pack := t.TempDir()
	os.WriteFile(filepath.Join(pack, "pronouns.yaml"), []byte("disabled: true\n"), 0o644)
	os.WriteFile(filepath.Join(pack, "codenames.yaml"), []byte("kind: swap\npairs: {Falcon: \"[project]\"}\ntests:\n  - in: Falcon shipped.\n    out: \"[project] shipped.\"\n"), 0o644)
	code, out, stderr = runCLI(t, "", "rules", "list", pack)
	if code != exitOK || !strings.Contains(out, "codenames") || !strings.Contains(out, "disabled") {
		t.Errorf("rules list with a pack: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runCLI(t, "She met Falcon.", "redact", "--rules", pack)
	if code != exitOK || out != "She met [project]." {
		t.Errorf("user pack: exit %d, %q", code, out)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "broken.yaml"), []byte("kind: pattern\npatterns:\n  - {name: x, regex: '(', replace: y}\n"), 0o644)
	code, _, stderr = runCLI(t, "", "rules", "test", bad)
	if code != exitUsage || !strings.Contains(stderr, "broken.yaml:3:") {
		t.Errorf("bad pack: exit %d, %s", code, stderr)
	}
}

// A pack that only flags contact details leaves emails in the notes: the
// leak gate must then hold the packet back, in quarantine, with a report
// that does not repeat what it found.
func TestLeakGateQuarantines(t *testing.T) {
	pack := t.TempDir()
	os.WriteFile(filepath.Join(pack, "pack.yaml"), []byte("categories:\n  contact: flag\n"), 0o644)
	in := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(in, codesignaltest.SampleJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	sample := codesignaltest.Sample()
	var email, leaked string
	for _, li := range sample.LiveInterviews {
		for _, fb := range li.InterviewersFeedback {
			if m := regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`).FindString(fb.Notes); m != "" && li.Held() {
				email, leaked = li.CandidateEmail, m
			}
		}
	}
	if email == "" {
		t.Fatal("the sample has no note with an email in it")
	}
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "--candidate", email, "--input", in, "--out", out, "--rules", pack)
	if code != exitQuarantined {
		t.Fatalf("exit %d, want %d (quarantined)\n%s%s", code, exitQuarantined, stdout, stderr)
	}
	if published, _ := filepath.Glob(filepath.Join(out, "P-*")); len(published) != 0 {
		t.Errorf("a packet that failed the gate was published: %v", published)
	}
	reports, _ := filepath.Glob(filepath.Join(out+".coordinator", "quarantine", "P-*", "report.txt"))
	if len(reports) != 1 {
		t.Fatalf("want one quarantine report, got %v", reports)
	}
	b, _ := os.ReadFile(reports[0])
	if !strings.Contains(string(b), "email") || strings.Contains(string(b), leaked) {
		t.Errorf("report should name the kind (email) but not the hit:\n%s", b)
	}
	code, out2, _ := runCLI(t, "Write to "+leaked+".", "explain", "--rules", pack)
	if code != exitOK || !strings.Contains(out2, "flagged") {
		t.Errorf("explain with contact flagged: exit %d\n%s", code, out2)
	}
}

package infer

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"
)

// The differential test: prose v2.0.0 and this package on the same texts
// must cut the same tokens and give them the same tags and labels, except
// where a score ties (see ties), which is counted and reported.

// proseVersion and modelSums pin what this package was checked against: a
// prose upgrade, or a change of its model files, fails here first, and the
// texts below say whether the behaviour changed too.
const proseVersion = "v2.0.0"

var modelSums = map[string]string{
	assetClasses:    "a84ef6e4cf4d52287c2661be2c81b2cb5fba6860f1e993f45763d87cfc574e25",
	assetTagDict:    "fa5d3977ceb0cebb9d5ae78d4e22602451fbdde3fdbd133776e5eb47ae82b549",
	assetTagWeights: "e5b76c65a076141360ee0cd3a20c6ab9e4f5ddfcd9a29735997e06b6d4bc7406",
	assetLabels:     "8d8b2cb172416e1313d3d76a3ce434488934a3a82889d1dba7a7abfae7ab0098",
	assetMapping:    "3329d7a4f4930e1329fabd54d3d7d6a10d84801a21ca3314add79c922f7c1355",
	assetNERWeights: "4bfc95c5e4538f124c78f31d296220afed88fda659853d25ea90a577207c4104",
	assetWords:      "55c8736850eab43e32a7354ac78beaa576bf55c768e75ed00a768a016e9e1bb5",
}

func TestProseIsTheCheckedVersion(t *testing.T) {
	// A test binary carries no module versions, so go.mod says.
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var version string
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if k := slices.Index(f, "github.com/jdkato/prose/v2"); k >= 0 && k+1 < len(f) {
			if slices.Contains(f, "=>") {
				t.Fatalf("go.mod replaces prose (%s): rerun the differential test against it and update proseVersion and modelSums", strings.TrimSpace(l))
			}
			version = f[k+1]
		}
	}
	if version != proseVersion {
		t.Fatalf("go.mod requires prose %q, this package reimplements %s: rerun the differential test and update proseVersion and modelSums", version, proseVersion)
	}
	for name, want := range modelSums {
		b, err := prose.Asset(name)
		if err != nil {
			t.Fatalf("prose no longer has %s: %v", name, err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("prose's %s changed: sha256 %s, checked against %s", name, got, want)
		}
	}
}

var (
	proseOnce  sync.Once
	proseModel *prose.Model
)

// proseTokens runs prose itself: tokens with tags and labels, or an error
// where it panics.
func proseTokens(text string) (toks []prose.Token, err error) {
	proseOnce.Do(func() { proseModel = prose.ModelFromData("differential") })
	defer func() {
		if r := recover(); r != nil {
			toks, err = nil, fmt.Errorf("prose panicked: %v", r)
		}
	}()
	doc, err := prose.NewDocument(text, prose.UsingModel(proseModel), prose.WithSegmentation(false))
	if err != nil {
		return nil, err
	}
	return doc.Tokens(), nil
}

// agreement counts what a differential run found.
type agreement struct {
	texts, tokens int
	tieTexts      int      // texts where a score tied
	tieDiffs      int      // tokens that differed from prose after a tie
	examples      []string // a few of those
}

func (a *agreement) String() string {
	return fmt.Sprintf("%d texts, %d tokens: identical except %d tokens after a tie, in %d texts with a tie", a.texts, a.tokens, a.tieDiffs, a.tieTexts)
}

// compare runs both on text and reports every difference that no tie
// explains as an error.
func compare(t testing.TB, m *Model, name, text string, a *agreement) {
	t.Helper()
	want, perr := proseTokens(text)
	got, err := Tokenize(text)
	if perr != nil || err != nil {
		if (perr == nil) != (err == nil) {
			t.Errorf("%s: %q: prose: %v, ours: %v", name, text, perr, err)
		}
		return
	}
	a.texts++
	a.tokens += len(want)
	if len(got) != len(want) {
		t.Errorf("%s: %q: %d tokens, prose cuts %d:\n ours: %q\nprose: %q", name, text, len(got), len(want), texts(got), proseTexts(want))
		return
	}
	for i := range got {
		if got[i].Text != want[i].Text {
			t.Errorf("%s: %q: token %d is %q, prose's is %q", name, text, i, got[i].Text, want[i].Text)
			return
		}
	}
	var log ties
	m.annotate(got, true, &log)
	// A tie at position p may go the other way in prose, and so may
	// everything computed after it: tags and labels computed at p or
	// later, and with a tied tag, every label (the recogniser reads the
	// tags of later tokens).
	tagFrom, labelFrom := len(got), len(got)
	if len(log.tag) > 0 {
		tagFrom, labelFrom = log.tag[0].pos, 0
	}
	if len(log.label) > 0 {
		labelFrom = min(labelFrom, log.label[0].pos)
	}
	if len(log.tag)+len(log.label) > 0 {
		a.tieTexts++
	}
	last := map[int32]int{}
	for i, tok := range got {
		last[tok.object] = i
	}
	for i := range got {
		computedAt := last[got[i].object]
		if got[i].Tag == want[i].Tag && got[i].Label == want[i].Label {
			continue
		}
		if computedAt >= tagFrom || got[i].Tag == want[i].Tag && computedAt >= labelFrom {
			a.tieDiffs++
			if len(a.examples) < 10 {
				a.examples = append(a.examples, fmt.Sprintf("%q in %q: ours %s/%s, prose %s/%s (tied tags %v, labels %v)",
					got[i].Text, text, got[i].Tag, got[i].Label, want[i].Tag, want[i].Label, log.tag, log.label))
			}
			continue
		}
		t.Errorf("%s: %q: token %d %q: ours %s %s, prose %s %s", name, text, i, got[i].Text, got[i].Tag, got[i].Label, want[i].Tag, want[i].Label)
	}
}

func texts(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Text)
	}
	return out
}

func proseTexts(toks []prose.Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Text)
	}
	return out
}

func model(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// root is the repository's root, from this package's folder.
var root = filepath.Join("..", "..", "..")

// benchTexts returns the lines of every note of the benchmark corpus.
func benchTexts(t testing.TB) [][]string {
	f, err := os.Open(filepath.Join(root, "testdata", "bench", "notes.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var notes [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var n struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &n); err != nil {
			t.Fatal(err)
		}
		notes = append(notes, strings.Split(n.Text, "\n"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return notes
}

// TestAgreesWithProseOnCorpus compares every line of the benchmark corpus
// (every 100th note with -short, which the race detector's run uses).
func TestAgreesWithProseOnCorpus(t *testing.T) {
	m := model(t)
	var a agreement
	for k, lines := range benchTexts(t) {
		if testing.Short() && k%100 != 0 {
			continue
		}
		for _, l := range lines {
			compare(t, m, fmt.Sprintf("note %d", k), l, &a)
		}
	}
	report(t, &a)
}

// TestAgreesWithProseOnFiles compares every line of the golden inputs and
// of the evaluation sets beside the repository (skipped if absent); every
// 50th with -short.
func TestAgreesWithProseOnFiles(t *testing.T) {
	m := model(t)
	golden, err := filepath.Glob(filepath.Join(root, "testdata", "notes", "*.input.md"))
	if err != nil || len(golden) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	sets := map[string][]string{"golden": golden}
	eval := filepath.Join(root, "..", "shared", "eval")
	if _, err := os.Stat(eval); err != nil {
		t.Logf("no evaluation sets at %s, only the goldens are compared: %v", eval, err)
	} else {
		yamls, _ := filepath.Glob(filepath.Join(eval, "*.yaml"))
		sets["eval yaml"] = yamls
		var sun []string
		err := filepath.WalkDir(filepath.Join(eval, "they-them-theirs"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() != "LICENSE" {
				sun = append(sun, p)
			}
			return err
		})
		if err != nil {
			t.Logf("no they-them-theirs sets: %v", err)
		}
		sets["they-them-theirs"] = sun
	}
	for set, files := range sets {
		var a agreement
		for k, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(b), "\n")
			for i, l := range lines {
				if testing.Short() && (k+i)%50 != 0 {
					continue
				}
				compare(t, m, fmt.Sprintf("%s:%d", file, i+1), l, &a)
			}
		}
		t.Run(set, func(t *testing.T) { report(t, &a) })
	}
}

func report(t *testing.T, a *agreement) {
	t.Helper()
	t.Logf("%s: %s", t.Name(), a)
	for _, e := range a.examples {
		t.Log("  after a tie:", e)
	}
	if a.tokens == 0 {
		t.Error("nothing compared")
	}
}

// FuzzAgreesWithProse compares any text:
//
//	go test ./anonymize/internal/infer -run '^$' -fuzz FuzzAgreesWithProse -fuzztime 2m
func FuzzAgreesWithProse(f *testing.F) {
	for _, s := range []string{
		"She said the the the cat sat on the mat, the end.",
		"Dr. Smith (U.S.) met Mr. O'Neil at 3:30pm on Dec. 5th; they'll see.",
		"Email jane.doe@example.com or visit https://example.com/a_(b) :-) ¯\\(ツ)/¯",
		"\u201cQuoted\u201d and \u2018single\u2019 &rsquo; don't won't can't I'm we're",
		"*T*-1 0 -LRB- -RRB- -- - 1999 12,000 3.5 -5 +1234 ÉCOLE école İstanbul",
		"'sfoo n't 's 'll $100 (parens) [brackets] \"quotes\" end!?",
		"Ⱥ'S Ⱦn't \u212a's 'ş ȺȺȺ's",
		"ȺȺȺ's",
		"Bob's. Bob's. (:-) end",
		"de la Cruz worked with de Souza at the Université de Montréal.",
		"",
		"   leading and trailing   ",
	} {
		f.Add(s)
	}
	m := model(f)
	f.Fuzz(func(t *testing.T, s string) {
		var a agreement
		compare(t, m, "fuzz", s, &a)
	})
}

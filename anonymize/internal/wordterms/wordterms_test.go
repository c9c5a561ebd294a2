package wordterms

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// sameAsExpression checks FindAll against the expression on text.
func sameAsExpression(t *testing.T, re *lazyregexp.Regexp, m *Matcher, text string) {
	t.Helper()
	if diff := cmp.Diff(re.FindAllStringIndex(text, -1), m.FindAll(text)); diff != "" {
		t.Errorf("%.60q on %.60q: (-expression +matcher)\n%s", re, text, diff)
	}
}

func TestNewReadsOnlyAllowExpressions(t *testing.T) {
	for _, src := range []string{`(?i)foo`, head + tail, head + `a|b(c)` + tail, head + `a\d` + tail, head + `a||b` + tail} {
		if New(lazyregexp.MustCompile(src)) != nil {
			t.Errorf("New(%q) is not nil", src)
		}
	}
	if New(rules.AllowExpression([]string{"a.b", "c|d", `e\f`, "(g)"})) == nil {
		t.Error("New of an allow expression with quoted terms is nil")
	}
}

// TestFindAllIsTheExpression compares the matcher with the expression on
// edge cases, on every note of the corpus and golden input for every allow
// list of the default pack, and on random texts over an alphabet of
// letters that fold unusually (K and the Kelvin sign, s and the long s),
// edges, digits, marks and bytes that are no UTF-8.
func TestFindAllIsTheExpression(t *testing.T) {
	terms := [][]string{
		{"I", "IT", "PR", "PRs", "ok"},
		{"k8s", "ſ", "Straße", "sk", "a.b", "c|d", "(e)", "é", "Ω"},
		{"surgical fix", "surgical fixes", "fix"},
	}
	pack, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range pack.Rules {
		if len(r.Allow) > 0 {
			terms = append(terms, r.Allow)
		}
	}
	texts := []string{"", "I", "I I", "it's OK, PRs: PR", " PRsI", "\xffI\xff", "KELVIN \u212a8S k8s", "ſK SK sk", "Straße STRASSE straße",
		"a.b c|d (e) é É Ω ω", "surgical fixes, surgical fix.", "fix\u0345fix ix", "fix\nfix"}
	for _, dir := range []string{filepath.Join("..", "..", "..", "testdata", "notes")} {
		inputs, _ := filepath.Glob(filepath.Join(dir, "*.input.md"))
		for _, in := range inputs {
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	texts = append(texts, corpusTexts(t)...)
	alphabet := []string{"I", "i", "T", "t", "P", "R", "s", "S", "ſ", "K", "k", "\u212a", "8", " ", ",", "\n", "é", "\u0345", "\xff", "ß", "a", ".", "b", "|", "(", ")", "Ω", "ω", "-"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	for _, ts := range terms {
		re := rules.AllowExpression(ts)
		m := New(re)
		if m == nil {
			t.Errorf("New(%.60q) is nil", re)
			continue
		}
		for _, text := range texts {
			sameAsExpression(t, re, m, text)
		}
	}
}

// corpusTexts are the notes of testdata/bench, every 3rd (every 30th with
// -short).
func corpusTexts(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "bench", "notes.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	step := 3
	if testing.Short() {
		step = 30
	}
	var out []string
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i%step != 0 {
			continue
		}
		var n struct{ Text string }
		if err := json.Unmarshal([]byte(line), &n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n.Text)
	}
	return out
}

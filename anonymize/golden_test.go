package anonymize

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files (never the inputs)")

// goldenCase is the front matter of testdata/notes/<case>.input.md.
type goldenCase struct {
	Candidate    Person   `yaml:"candidate"`
	Interviewers []Person `yaml:"interviewers"`
	Only         []string `yaml:"only"`
}

var frontMatter = regexp.MustCompile(`(?s)\A---\n(.*?)\n---\n`)

func readCase(t *testing.T, path string) (goldenCase, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := frontMatter.FindSubmatchIndex(data)
	if m == nil {
		t.Fatalf("%s: no front matter (--- ... ---)", path)
	}
	var c goldenCase
	dec := yaml.NewDecoder(bytes.NewReader(data[m[2]:m[3]]))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("%s: front matter: %v", path, err)
	}
	return c, string(data[m[1]:])
}

var (
	enginesMu sync.Mutex
	engines   = map[string]*Engine{}
)

// engineFor builds (once) an engine for a case's rule selection.
func engineFor(t *testing.T, c goldenCase) *Engine {
	t.Helper()
	key := strings.Join(c.Only, ",")
	enginesMu.Lock()
	defer enginesMu.Unlock()
	if e, ok := engines[key]; ok {
		return e
	}
	pack, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Only) > 0 {
		if pack, err = pack.Only(c.Only); err != nil {
			t.Fatal(err)
		}
	}
	e, err := New(pack)
	if err != nil {
		t.Fatal(err)
	}
	engines[key] = e
	return e
}

func (c goldenCase) roster() Roster {
	return Roster{Candidate: c.Candidate, Interviewers: c.Interviewers}
}

// TestGolden redacts every testdata/notes/<case>.input.md and compares the
// result with <case>.golden.md. Each case is also checked for idempotence
// (redacting the golden changes nothing), determinism (same bytes twice)
// and leaks (no seeded name part, email or handle survives).
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "testdata", "notes", "*.input.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) < 10 {
		t.Fatalf("only %d golden cases", len(inputs))
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.md")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, text := readCase(t, in)
			e := engineFor(t, c)
			got, err := e.Redact(text, c.roster())
			if err != nil {
				t.Fatal(err)
			}
			goldenPath := strings.TrimSuffix(in, ".input.md") + ".golden.md"
			if *update {
				if err := os.WriteFile(goldenPath, []byte(got.Out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("%v (run go test ./anonymize -update)", err)
			}
			if diff := cmp.Diff(string(want), got.Out); diff != "" {
				t.Errorf("%s differs from its golden (-want +got):\n%s", name, diff)
			}
			again, err := e.Redact(text, c.roster())
			if err != nil {
				t.Fatal(err)
			}
			if again.Out != got.Out {
				t.Errorf("not deterministic: a second run gave different bytes")
			}
			twice, err := e.Redact(got.Out, c.roster())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got.Out, twice.Out); diff != "" {
				t.Errorf("not idempotent: redacting the output changed it (-once +twice):\n%s", diff)
			}
			if len(c.Only) == 0 {
				for _, leak := range seededLeaks(c, got.Out) {
					t.Errorf("leak: %s", leak)
				}
				if len(got.Leaks) > 0 {
					t.Errorf("verify found %d leaks: %+v", len(got.Leaks), got.Leaks)
				}
			}
		})
	}
}

// seededLeaks searches text for the case's identities independently of the
// engine's own verify stage: full names, emails, usernames, and every name
// part of 3+ letters that is not an ordinary word.
func seededLeaks(c goldenCase, text string) []string {
	people := append([]Person{c.Candidate}, c.Interviewers...)
	common := defaultCommonWords()
	lower := fold(text)
	var out []string
	find := func(what, s string) {
		if s == "" {
			return
		}
		re := regexp.MustCompile(`(?:^|[^\p{L}\p{N}])` + regexp.QuoteMeta(fold(s)) + `(?:$|[^\p{L}\p{N}])`)
		if !re.MatchString(lower) {
			return
		}
		// An acronym after an article ("the DAG scheduler") names nobody,
		// as the leak gate reads it too.
		exact := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(s) + `\b`)
		for _, m := range exact.FindAllStringIndex(text, -1) {
			if !acronymInContext(text, m, false) {
				out = append(out, fmt.Sprintf("%s %q survives", what, s))
				return
			}
		}
		if len(exact.FindAllStringIndex(text, -1)) == 0 {
			out = append(out, fmt.Sprintf("%s %q survives", what, s))
		}
	}
	for _, p := range people {
		find("name", p.Name)
		find("email", p.Email)
		find("username", p.Username)
		for _, part := range nameParts(p.Name) {
			if len([]rune(part)) >= 3 && !common[fold(part)] {
				find("name part", part)
			}
		}
	}
	return out
}

// defaultCommonWords are the default pack's name parts that are also
// ordinary words or technologies (the entity rule's common words, the
// name-words and technology lexicons, one-word allow terms), loaded once
// for all cases.
var defaultCommonWords = sync.OnceValue(func() map[string]bool {
	pack, err := rules.Default()
	if err != nil {
		return map[string]bool{}
	}
	e, err := New(pack)
	if err != nil {
		return map[string]bool{}
	}
	return e.common
})

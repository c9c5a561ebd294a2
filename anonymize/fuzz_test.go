package anonymize

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
)

var (
	fuzzEngineOnce sync.Once
	fuzzEngine     *Engine
	fuzzEngineErr  error
)

// FuzzRedact feeds arbitrary text through the whole pipeline with a fixed
// roster. Whatever the input: no panic, valid UTF-8 out, redacting the
// output again changes nothing, and no seeded name or email survives.
func FuzzRedact(f *testing.F) {
	seeds := []string{
		"Tamar Bloom wrote Go. She is sharp; her tests pass. Email tamar.bloom@example.com.",
		"<p>He asked <b>Rafael</b> about Kafka.</p>\n- she's been great\n```go\n// Tamar's code\n```",
		"Ms. Bloom went to a Bloom filter; TAMAR's CLI, tbloom on GitHub, +1-617-555-0142.",
		"Referred by Eitan Shafir, who calls her Tami. Is she ready? Does he know?",
		"", "\x00\xff", "(((", "She's", "her", "Rafael's team's lead's", "[email] Person A the candidate",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	roster := Roster{
		Candidate:    Person{Name: "Tamar Bloom", Email: "tamar.bloom@example.com"},
		Interviewers: []Person{{Name: "Rafael Antunes", Email: "rafael@corp.example", Username: "rantunes"}},
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzEngineOnce.Do(func() {
			pack, err := rules.Default()
			if err != nil {
				fuzzEngineErr = err
				return
			}
			fuzzEngine, fuzzEngineErr = New(pack)
		})
		if fuzzEngineErr != nil {
			t.Fatal(fuzzEngineErr)
		}
		e := fuzzEngine
		once, err := e.Redact(in, roster)
		if err != nil {
			t.Fatalf("Redact(%q): %v", in, err)
		}
		if utf8.ValidString(in) && !utf8.ValidString(once.Out) {
			t.Fatalf("Redact(%q) = %q: not valid UTF-8", in, once.Out)
		}
		twice, err := e.Redact(once.Out, roster)
		if err != nil {
			t.Fatal(err)
		}
		if twice.Out != once.Out {
			t.Fatalf("not idempotent:\n in:    %q\n once:  %q\n twice: %q", in, once.Out, twice.Out)
		}
		low := fold(once.Out)
		for _, id := range []string{"tamar", "antunes", "rafael", "tamar.bloom@example.com", "rantunes"} {
			if i := strings.Index(low, id); i >= 0 && boundary(low, i, i+len(id)) {
				t.Fatalf("%q survives:\n in:  %q\n out: %q", id, in, once.Out)
			}
		}
	})
}

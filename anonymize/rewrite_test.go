package anonymize

import "testing"

// TestRemovedClauseTakesItsMarkupsCargo: a removed clause keeps the tags
// it held, so that the markup stays whole, but not what they carried: an
// address in a link's href or a Markdown link's target would otherwise
// reach the packet.
func TestRemovedClauseTakesItsMarkupsCargo(t *testing.T) {
	e := testEngine(t)
	ro := Roster{Candidate: Person{Name: "Rowan Ashby", Email: "rowan.ashby@example.com"}}
	tests := []struct{ in, want string }{
		{`<p>Rowan (pronouns: they/them, <a href="mailto:rowan.ashby@example.com">rowan.ashby@example.com</a>) solved it.</p>`,
			`<p>The candidate [personal detail removed]<a></a> solved it.</p>`},
		{`Rowan (her partner, see [the blog](https://rowan.example.com/about)) solved it.`,
			`The candidate [personal detail removed] solved it.`},
	}
	for _, tt := range tests {
		got, err := e.Redact(tt.in, ro)
		if err != nil {
			t.Fatal(err)
		}
		if got.Out != tt.want || len(got.Leaks) > 0 {
			t.Errorf("Redact(%q)\n got  %q (leaks %v)\n want %q", tt.in, got.Out, got.Leaks, tt.want)
		}
	}
}

func TestBareMarkup(t *testing.T) {
	for in, want := range map[string]string{
		`<a href="mailto:x@example.com">`: `<a>`,
		`</a>`:                            `</a>`,
		`<img src="me.png" />`:            `<img/>`,
		`](https://x.example.com "Me")`:   ``,
		`**`:                              `**`,
	} {
		if got := bareMarkup(in); got != want {
			t.Errorf("bareMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeepLineBreak(t *testing.T) {
	for _, tt := range []struct{ orig, repl, want string }{
		{"\n2015", " [year]", "\n[year]"},
		{" 2015", " [year]", " [year]"},
		{"2015", "[year]", "[year]"},
		{"\n2015", "[year]", "[year]"},
	} {
		if got := keepLineBreak(tt.orig, tt.repl); got != tt.want {
			t.Errorf("keepLineBreak(%q, %q) = %q, want %q", tt.orig, tt.repl, got, tt.want)
		}
	}
}

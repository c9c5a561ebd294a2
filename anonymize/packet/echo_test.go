package packet

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCollapseEchoes(t *testing.T) {
	labels := []string{"the candidate", "Interviewer A", "Person A", "Person B"}
	for _, tc := range []struct{ name, in, want string }{
		{"name repeated with they said", "The candidate (the candidate, they said) wrote tests.", "The candidate wrote tests."},
		{"goes by", "Met the candidate today (they go by the candidate).", "Met the candidate today."},
		{"goes by, sentence start", "The candidate (goes by the candidate) was late.", "The candidate was late."},
		{"bare echo after the same label", "Person A (Person A) joined.", "Person A joined."},
		{"aka", "Person B (a.k.a. Person B) reviewed it.", "Person B reviewed it."},
		{"says who someone is", "Their manager (Person B) joined.", "Their manager (Person B) joined."},
		{"two people", "The candidate (with Person A) paired.", "The candidate (with Person A) paired."},
		{"two labels", "Person A (or Person B, they said) asked.", "Person A (or Person B, they said) asked."},
		{"more than an echo", "The candidate (the candidate's words) said no.", "The candidate (the candidate's words) said no."},
		{"no label", "Solid (4/5, they said).", "Solid (4/5, they said)."},
		{"label in an earlier sentence only", "I met Person A. Great (Person A).", "I met Person A. Great (Person A)."},
		{"code stays", "Called f(x) twice.", "Called f(x) twice."},
		{"markup around the label", "The candidate (they go by <strong>the candidate</strong>) scaffolded it.", "The candidate scaffolded it."},
		{"introduced as", "The candidate (they introduced themselves as the candidate) joined.", "The candidate joined."},
		{"several", "The candidate (the candidate, they said) and Person A (Person A) met (they go by Person B).", "The candidate and Person A met."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, CollapseEchoes(tc.in, labels)); diff != "" {
				t.Errorf("CollapseEchoes(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestMarkdownNotes(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no entities", `<p>They said "it's fine" &amp; <b>hire</b>.</p>`, `They said "it's fine" & **hire**.`},
		{"headings nested, not flattened", "<h2>Strengths</h2><h3>Testing</h3><h4>Unit</h4><h5>Deep</h5><p>x</p>",
			"##### Strengths\n\n###### Testing\n\n**Unit**\n\n**Deep**\n\nx"},
		{"markup a viewer would render is escaped", `<p>List<Integer> and &lt;script&gt; &amp;amp;</p>`, `List\<Integer\> and \<script\> \&amp;`},
		{"lists and code", "<ul><li>one</li><li><code>a&lt;b</code></li></ul><pre>x := 1\ny</pre>", "- one\n- `a<b`\n\n```\nx := 1\ny\n```"},
		{"table", "<table><tr><th>Q</th><th>A</th></tr><tr><td>1</td><td>x|y</td></tr></table>", "| Q | A |\n| --- | --- |\n| 1 | x\\|y |"},
		{"quote", "<blockquote>quoted <i>words</i></blockquote>", "> quoted _words_"},
		{"a fence inside code cannot close it", "<pre>```\n&lt;img src=x&gt;\n```</pre>", "````\n```\n<img src=x>\n```\n````"},
		{"plain note headings nested", "## Summary\ntext\n### Detail\n```\n# not a heading\n```", "##### Summary\ntext\n###### Detail\n```\n# not a heading\n```"},
		{"plain note keeps quotes", `They said "it's fine".`, `They said "it's fine".`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, markdownNote(tc.in)); diff != "" {
				t.Errorf("markdownNote(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// FuzzNoteForms: no note makes the Markdown form, the HTML form or echo
// collapsing panic; collapsing only ever removes text, and a note's
// Markdown from markup never holds a tag a viewer would render.
func FuzzNoteForms(f *testing.F) {
	for _, s := range []string{
		"The candidate (the candidate, they said) wrote tests.", "<p>They said \"it's fine\" &amp; <b>hire</b>.</p>",
		"<h2>A</h2><ul><li>x<ol><li>y</li></ol></li></ul><table><tr><td>a|b</td></tr></table>", "## A\n### B\n```\n# c",
		"<blockquote><pre>x</pre></blockquote><b></b><i> </i>", "(Person A) (", "<p>&lt;script&gt;</p><script>x</script>",
	} {
		f.Add(s)
	}
	labels := []string{"the candidate", "Interviewer A", "Person A"}
	f.Fuzz(func(t *testing.T, note string) {
		md := markdownNote(note)
		_ = noteHTML(note)
		if out := CollapseEchoes(note, labels); len(out) > len(note) {
			t.Errorf("CollapseEchoes grew %q to %q", note, out)
		}
		if hasMarkup(note) {
			if loc := regexp.MustCompile(`(?i)(^|[^\\])<(script|img|iframe|a|svg|style)[\s>]`).FindStringIndex(md); loc != nil {
				t.Errorf("the Markdown of %q holds a tag: %q", note, md)
			}
		}
	})
}

package packet

import (
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

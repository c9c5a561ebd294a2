package packet

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

var noteCases = []struct {
	name, in, want string
}{
	// Markup: only the safe subset survives, never an attribute.
	{"script", `<p>ok</p><script>document.title='pwned'</script>`, "<p>ok</p>"},
	{"upper-case script", `<SCRIPT>alert(1)</SCRIPT><P>x</P>`, "<p>x</p>"},
	{"unclosed script", `<p>x</p><script>alert(1)`, "<p>x</p>"},
	{"img onerror", `<p><img src=x onerror="document.title='pwned'">hello</p>`, "<p>hello</p>"},
	{"remote image", `<p>text<img src="https://evil.example/pixel.png"></p>`, "<p>text</p>"},
	{"javascript link", `<p><a href="javascript:alert(1)">click</a> me</p>`, "<p>click me</p>"},
	{"profile link", `<p>See <a href="https://linkedin.example/in/someone">their profile</a>.</p>`, "<p>See their profile.</p>"},
	{"style element", `<style>body{display:none}</style><p>x</p>`, "<p>x</p>"},
	{"style attribute", `<p style="background:url(https://evil.example/x)">x</p>`, "<p>x</p>"},
	{"event attributes", `<p onclick="x()" onmouseover=y()><b class=c id=d>x</b></p>`, "<p><b>x</b></p>"},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>">inner</iframe><p>x</p>`, "<p>x</p>"},
	{"object and embed", `<object data="https://evil.example/x"><embed src=x>fallback</object><p>x</p>`, "<p>x</p>"},
	{"svg", `<svg onload=alert(1)><script>alert(2)</script><text>t</text></svg><p>x</p>`, "<p>x</p>"},
	{"math", `<math><mi xlink:href="javascript:alert(1)">x</mi></math><p>y</p>`, "<p>y</p>"},
	{"meta refresh and base", `<meta http-equiv=refresh content="0;url=https://evil.example"><base href="https://evil.example/"><p>x</p>`, "<p>x</p>"},
	{"form", `<form action="https://evil.example"><input value=v><button>go</button>kept</form>`, "kept"},
	{"noscript", `<noscript><img src=x onerror=alert(1)></noscript><p>x</p>`, "<p>x</p>"},
	{"comment", `<p>a<!-- <script>alert(1)</script> -->b</p>`, "<p>ab</p>"},
	{"nested junk", `<div><span onclick=x><iframe src=//evil.example></iframe><b><i>deep</i></b></span></div>`, "<b><i>deep</i></b>"},
	{"unclosed tags", `<p><b>bold <i>both`, "<p><b>bold <i>both</i></b></p>"},
	{"stray end tags", `</div></p>text</b>`, "<p></p>\ntext"},
	{"quoted angle in attribute", `<b title="a>b" onclick="<script>">x</b>`, "<b>x</b>"},
	{"entities stay escaped", `&lt;script&gt;alert(1)&lt;/script&gt; <b>x</b>`, "&lt;script&gt;alert(1)&lt;/script&gt; <b>x</b>"},
	{"unknown tags are text", `<p>List<Integer> of Map<K, V></p>`, "<p>List&lt;Integer&gt; of Map&lt;K, V&gt;</p>"},
	{"headings demoted", `<h1>Summary</h1><h3>Detail</h3><p>x</p>`, "<h5>Summary</h5>\n<h6>Detail</h6>\n<p>x</p>"},
	{"table", `<table border=1><tr><th>Q</th><td onclick=x>1</td></tr></table>`, "<table><tbody><tr><th>Q</th>\n<td>1</td>\n</tr>\n</tbody>\n</table>"},
	{"blocks unwrapped", `<div>one</div><div>two</div>`, "one<br>\ntwo"},
	{"inline markup keeps lines", "Solid.\n<b>Hire</b>, 3/4.", "Solid.<br>\n<b>Hire</b>, 3/4."},
	{"pre keeps lines", "<pre>a\n  b</pre>", "<pre>a\n  b</pre>"},
	// A URL written as text stays text: it cannot load or lead anywhere,
	// and removing it is redaction's job (the leak gate checks it).
	{"url as link text", `<a href="https://evil.example/">https://evil.example/</a>`, "https://evil.example/"},

	// Plain notes: simple Markdown into the same subset, everything else
	// escaped.
	{"plain text", "a < b && c > d", "<p>a &lt; b &amp;&amp; c &gt; d</p>"},
	{"plain lines", "first line\nsecond line\n\nnew paragraph", "<p>first line<br>\nsecond line</p>\n<p>new paragraph</p>"},
	{"bullets", "- one\n* two\n  continued\n+ three", "<ul>\n<li>one</li>\n<li>two<br>\ncontinued</li>\n<li>three</li>\n</ul>"},
	{"ordered", "1. first\n2) second\nafter", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n<p>after</p>"},
	{"md headings demoted", "# Big\n## System design\ntext\n#hashtag", "<h5>Big</h5>\n<h6>System design</h6>\n<p>text<br>\n#hashtag</p>"},
	{"inline code and bold", "used `a<b>` and **very** well, 2*3=6 **", "<p>used <code>a&lt;b&gt;</code> and <strong>very</strong> well, 2*3=6 **</p>"},
	{"tag in code span is not markup", "asked about `<div>` vs `<span>`", "<p>asked about <code>&lt;div&gt;</code> vs <code>&lt;span&gt;</code></p>"},
	{"fence", "code:\n```\nif a < b {\n}\n```\ndone", "<p>code:</p>\n<pre><code>if a &lt; b {\n}</code></pre>\n<p>done</p>"},
	{"unclosed fence", "```\nx := <-ch", "<pre><code>x := &lt;-ch</code></pre>"},
	{"crlf", "a\r\nb", "<p>a<br>\nb</p>"},
	{"empty", "", ""},
}

func TestNoteHTML(t *testing.T) {
	for _, tc := range noteCases {
		t.Run(tc.name, func(t *testing.T) {
			got := string(noteHTML(tc.in))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("noteHTML(%q) (-want +got):\n%s", tc.in, diff)
			}
			checkSafe(t, got)
		})
	}
}

// FuzzNoteHTML checks the safety invariant on arbitrary notes; plain go test
// runs it on the table's inputs.
func FuzzNoteHTML(f *testing.F) {
	for _, tc := range noteCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, note string) {
		checkSafe(t, string(noteHTML(note)))
	})
}

// checkSafe fails if out, as a browser would tokenize it, holds a tag
// outside the safe subset, any attribute, a comment or a doctype. Without
// attributes nothing can run a script, load a resource or link anywhere.
func checkSafe(t *testing.T, out string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			_, heading := headingLevel(string(name))
			if !allowedTags[string(name)] && !(heading && name[1] >= '5') {
				t.Errorf("output has <%s>: %q", name, out)
			}
			if hasAttr {
				t.Errorf("output has an attribute on <%s>: %q", name, out)
			}
		case html.CommentToken, html.DoctypeToken:
			t.Errorf("output has a %v: %q", tt, out)
		}
	}
}

package packet

import (
	"fmt"
	"html/template"
	"io"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// This file turns a note (free text that may hold Markdown or light HTML)
// into HTML that is safe to put into packet.html. The guarantee rests on one
// mechanism, the tree walk in sanitizer: whatever the input, the output holds
// only the elements in allowedTags, never an attribute, and escaped text.
// Nothing in it can run a script, load a resource or lead anywhere.

// allowedTags are the elements a note may keep, always without attributes.
// Headings are handled apart, because they are demoted.
var allowedTags = map[string]bool{
	"p": true, "br": true, "b": true, "strong": true, "i": true, "em": true, "u": true,
	"ul": true, "ol": true, "li": true, "code": true, "pre": true, "blockquote": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
}

// droppedTags are removed with everything inside them: their content is code,
// styling, embedded documents or form widgets, never prose a reader needs.
var droppedTags = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "embed": true,
	"applet": true, "noscript": true, "noembed": true, "noframes": true, "template": true,
	"textarea": true, "select": true, "button": true, "input": true, "svg": true, "math": true,
	"title": true, "head": true, "xmp": true, "plaintext": true, "frameset": true, "frame": true,
	"canvas": true, "audio": true, "video": true, "picture": true, "source": true, "track": true,
	"map": true, "area": true, "link": true, "meta": true, "base": true, "img": true, "image": true,
	"portal": true, "dialog": true, "slot": true,
}

// blockTags are elements that are unwrapped (their text kept, the element
// not) but that separated lines in the original, so a line break replaces
// them.
var blockTags = map[string]bool{
	"div": true, "section": true, "article": true, "header": true, "footer": true, "main": true,
	"aside": true, "nav": true, "address": true, "figure": true, "figcaption": true,
	"details": true, "summary": true, "dl": true, "dt": true, "dd": true, "center": true,
	"hr": true, "form": true, "fieldset": true, "legend": true, "caption": true, "tfoot": true,
}

// knownTags are the HTML element names. A tag in a note counts as markup only
// when its name is one of these: "List<Integer>" or "Map<K, V>" in a plain
// note are text, not elements.
var knownTags = func() map[string]bool {
	m := map[string]bool{
		"a": true, "abbr": true, "acronym": true, "bdi": true, "bdo": true, "big": true,
		"body": true, "cite": true, "col": true, "colgroup": true, "data": true, "datalist": true,
		"del": true, "dfn": true, "font": true, "html": true, "ins": true, "kbd": true,
		"label": true, "mark": true, "menu": true, "meter": true, "nobr": true, "optgroup": true,
		"option": true, "output": true, "progress": true, "q": true, "rp": true, "rt": true,
		"ruby": true, "s": true, "samp": true, "search": true, "small": true, "span": true,
		"strike": true, "sub": true, "sup": true, "time": true, "tt": true, "var": true, "wbr": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hgroup": true,
		"marquee": true, "blink": true,
	}
	for _, set := range []map[string]bool{allowedTags, droppedTags, blockTags} {
		for k := range set {
			m[k] = true
		}
	}
	return m
}()

// noteHTML renders a note for packet.html. A note with markup goes through
// the sanitizer; a plain note gets its simple Markdown converted. The result
// is the only template.HTML in the page that did not come from the template
// itself, and it is trusted because both paths escape all text and emit only
// allowedTags (and demoted headings) without attributes.
func noteHTML(note string) template.HTML {
	note = strings.ReplaceAll(strings.ReplaceAll(note, "\r\n", "\n"), "\r", "\n")
	if hasMarkup(note) {
		return template.HTML(sanitizeHTML(note))
	}
	return template.HTML(markdownHTML(note))
}

// mdCodeRE matches Markdown code: fenced blocks and `spans`. A tag inside
// them ("asked about `<div>` vs `<span>`") is a quotation, not markup.
var mdCodeRE = regexp.MustCompile("(?s)```.*?(```|$)|`[^`\n]+`")

// hasMarkup reports whether the note holds at least one tag of a known HTML
// element outside Markdown code.
func hasMarkup(note string) bool {
	z := html.NewTokenizer(strings.NewReader(mdCodeRE.ReplaceAllString(note, "")))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if knownTags[string(name)] {
				return true
			}
		}
	}
}

// sanitizeHTML renders the safe subset of a note that holds markup.
func sanitizeHTML(note string) string {
	note = strings.TrimSpace(note)
	nodes, err := html.ParseFragment(strings.NewReader(escapeUnknownTags(note)), &html.Node{
		Type: html.ElementNode, Data: "body", DataAtom: atom.Body,
	})
	if err != nil {
		// The parser fails only on a bad context node or a failing reader,
		// neither possible here; escaping everything is the safe answer
		// regardless.
		return "<p>" + html.EscapeString(note) + "</p>"
	}
	s := sanitizer{heads: newHeadingLevels(htmlHeadingLevels(nodes))}
	// A note with only inline markup ("Solid, <b>hire</b>") was written as
	// lines of text; keep its line breaks as a plain note would.
	s.keepLines = !anyBlock(nodes)
	for _, n := range nodes {
		s.node(n)
	}
	out := strings.TrimSpace(s.b.String())
	// Unwrapped blocks end in a line break, which is noise at the very end.
	for strings.HasSuffix(out, "<br>") {
		out = strings.TrimSpace(strings.TrimSuffix(out, "<br>"))
	}
	return out
}

// escapeUnknownTags rewrites tags of unknown elements as text, so that the
// parser keeps "List<Integer>" as written instead of making an element of
// it. Comments and doctypes go, everything else passes unchanged.
func escapeUnknownTags(note string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(note))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				// Not reachable with a strings.Reader; treat the rest as text.
				b.WriteString(html.EscapeString(string(z.Raw())))
			}
			return b.String()
		}
		// Copy the raw bytes before TagName, which lower-cases the buffer.
		raw := string(z.Raw())
		switch tt {
		case html.CommentToken, html.DoctypeToken:
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if knownTags[string(name)] {
				b.WriteString(raw)
			} else {
				b.WriteString(html.EscapeString(raw))
			}
		default:
			b.WriteString(raw)
		}
	}
}

// anyBlock reports whether the parsed note has an element that makes its own
// lines.
func anyBlock(nodes []*html.Node) bool {
	for _, n := range nodes {
		if n.Type == html.ElementNode {
			if _, ok := headingLevel(n.Data); ok || blockTags[n.Data] ||
				(allowedTags[n.Data] && !inlineTags[n.Data]) {
				return true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if anyBlock([]*html.Node{c}) {
				return true
			}
		}
	}
	return false
}

// inlineTags are the allowed elements that sit inside a line.
var inlineTags = map[string]bool{"b": true, "strong": true, "i": true, "em": true, "u": true, "code": true}

type sanitizer struct {
	b         strings.Builder
	keepLines bool
	inPre     int
	heads     headingLevels
}

func (s *sanitizer) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if strings.TrimSpace(n.Data) == "" && !s.keepLines && s.inPre == 0 {
			if out := s.b.String(); out == "" || strings.HasSuffix(out, ">\n") {
				// Layout whitespace between blocks; the blocks already
				// end their own lines.
				return
			}
		}
		text := html.EscapeString(n.Data)
		if s.keepLines && s.inPre == 0 {
			text = strings.ReplaceAll(text, "\n", "<br>\n")
		}
		s.b.WriteString(text)
	case html.ElementNode:
		s.element(n)
	case html.DocumentNode:
		s.children(n)
	}
	// Comments, doctypes and anything else carry nothing for a reader.
}

func (s *sanitizer) element(n *html.Node) {
	name := n.Data
	switch {
	case n.Namespace != "" || droppedTags[name]:
		// Foreign content (SVG, MathML) and dropped elements go with
		// everything inside them.
	case name == "br":
		s.b.WriteString("<br>\n")
	case allowedTags[name]:
		if name == "pre" {
			s.inPre++
			defer func() { s.inPre-- }()
		}
		s.b.WriteString("<" + name + ">")
		s.children(n)
		s.b.WriteString("</" + name + ">")
		if !inlineTags[name] {
			s.b.WriteString("\n")
		}
	default:
		if level, ok := headingLevel(name); ok {
			open, close := s.heads.htmlTags(level)
			s.b.WriteString(open)
			s.children(n)
			s.b.WriteString(close + "\n")
			return
		}
		// Links become their text, so a note cannot lead the reader to a
		// profile or a tracker; other elements are unwrapped the same way.
		s.children(n)
		if blockTags[name] && !strings.HasSuffix(s.b.String(), ">\n") {
			s.b.WriteString("<br>\n")
		}
	}
}

func (s *sanitizer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.node(c)
	}
}

// headingLevel returns n for "hn".
func headingLevel(name string) (int, bool) {
	if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' {
		return int(name[1] - '0'), true
	}
	return 0, false
}

// The page's own headings are h1 the packet, h2 an interview, h3 an
// interviewer and h4 the parts of a feedback ("Notes"); a note's headings go
// under them, from noteTop on.
const noteTop = 5

// headingLevels nests a note's own heading levels under the packet's: the
// note's shallowest level becomes noteTop, each deeper level it uses one
// more, so that "# Summary" cannot pose as a section of the packet and a
// note's "## Strengths" over "### Testing" stays a heading over a
// subheading. HTML and Markdown stop at level 6: deeper levels become a
// bold line.
type headingLevels map[int]int

func newHeadingLevels(levels []int) headingLevels {
	seen := map[int]bool{}
	var distinct []int
	for _, l := range levels {
		if !seen[l] {
			seen[l] = true
			distinct = append(distinct, l)
		}
	}
	sort.Ints(distinct)
	h := headingLevels{}
	for i, l := range distinct {
		h[l] = noteTop + i
	}
	return h
}

// of returns the level a note's heading of level l gets; above 6 means a
// bold line.
func (h headingLevels) of(l int) int {
	if v, ok := h[l]; ok {
		return v
	}
	return noteTop
}

// htmlTags returns the opening and closing tags of a note's heading.
func (h headingLevels) htmlTags(l int) (string, string) {
	if v := h.of(l); v <= 6 {
		return fmt.Sprintf("<h%d>", v), fmt.Sprintf("</h%d>", v)
	}
	return "<p><strong>", "</strong></p>"
}

// markdown returns a note's heading as a Markdown line.
func (h headingLevels) markdown(l int, text string) string {
	if v := h.of(l); v <= 6 {
		return strings.Repeat("#", v) + " " + text
	}
	return "**" + text + "**"
}

// htmlHeadingLevels lists the heading levels of parsed markup.
func htmlHeadingLevels(nodes []*html.Node) []int {
	var out []int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if droppedTags[n.Data] || n.Namespace != "" {
				return
			}
			if l, ok := headingLevel(n.Data); ok {
				out = append(out, l)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

// markdownHeadingLevels lists the levels of a plain note's ATX headings
// outside code fences.
func markdownHeadingLevels(note string) []int {
	var out []int
	inFence := false
	for _, line := range strings.Split(note, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
			continue
		}
		if m := headingRE.FindStringSubmatch(trimmed); m != nil && !inFence {
			out = append(out, len(m[1]))
		}
	}
	return out
}

var (
	orderedItemRE = regexp.MustCompile(`^\d{1,9}[.)]\s+`)
	headingRE     = regexp.MustCompile(`^(#{1,6})(?:\s+|$)`)
)

// markdownHTML converts a plain note's simple Markdown into the safe subset:
// "# " headings, "- ", "* " and "+ " bullets, "1. " items, ``` fences, blank
// lines between paragraphs, single line breaks kept, `code` and **bold**
// inline. Everything else is escaped text.
func markdownHTML(note string) string {
	m := &mdBlocks{heads: newHeadingLevels(markdownHeadingLevels(note))}
	for _, line := range strings.Split(note, "\n") {
		m.line(line)
	}
	if m.inFence {
		// An unclosed fence still shows its code rather than losing it.
		m.flushFence()
	}
	m.flushPara()
	m.flushList()
	return strings.TrimSpace(m.b.String())
}

// mdBlocks is markdownHTML's state: the block being gathered (a
// paragraph, a list or a fence) until a line ends it.
type mdBlocks struct {
	b         strings.Builder
	para      []string
	items     []string
	listTag   string
	fence     []string
	inFence   bool
	lastBlank bool
	heads     headingLevels
}

// line takes the note's next line.
func (m *mdBlocks) line(line string) {
	trimmed := strings.TrimSpace(line)
	if m.inFence {
		if strings.HasPrefix(trimmed, "```") {
			m.flushFence()
		} else {
			m.fence = append(m.fence, line)
		}
		return
	}
	blank := trimmed == ""
	switch {
	case strings.HasPrefix(trimmed, "```"):
		m.flushPara()
		m.flushList()
		m.inFence = true
	case blank:
		m.flushPara()
		m.flushList()
	case headingRE.MatchString(trimmed):
		m.flushPara()
		m.flushList()
		h := headingRE.FindStringSubmatch(trimmed)
		open, close := m.heads.htmlTags(len(h[1]))
		m.b.WriteString(open)
		inlineMarkdown(&m.b, strings.TrimSpace(trimmed[len(h[0]):]))
		m.b.WriteString(close + "\n")
	case bulletItem(trimmed) != "" || orderedItemRE.MatchString(trimmed):
		m.flushPara()
		m.item(trimmed)
	case len(m.items) > 0 && !m.lastBlank && line != strings.TrimLeft(line, " \t"):
		// An indented line right under an item continues it.
		m.items[len(m.items)-1] += "\n" + trimmed
	default:
		m.flushList()
		m.para = append(m.para, trimmed)
	}
	m.lastBlank = blank
}

// item adds a list item; one of the other kind of list starts a new list.
func (m *mdBlocks) item(trimmed string) {
	tag, text := "ul", bulletItem(trimmed)
	if text == "" {
		tag, text = "ol", orderedItemRE.ReplaceAllString(trimmed, "")
	}
	if m.listTag != tag {
		m.flushList()
		m.listTag = tag
	}
	m.items = append(m.items, text)
}

func (m *mdBlocks) flushPara() {
	if len(m.para) == 0 {
		return
	}
	m.b.WriteString("<p>")
	for i, line := range m.para {
		if i > 0 {
			m.b.WriteString("<br>\n")
		}
		inlineMarkdown(&m.b, line)
	}
	m.b.WriteString("</p>\n")
	m.para = nil
}

func (m *mdBlocks) flushList() {
	if len(m.items) == 0 {
		return
	}
	m.b.WriteString("<" + m.listTag + ">\n")
	for _, item := range m.items {
		m.b.WriteString("<li>")
		for i, line := range strings.Split(item, "\n") {
			if i > 0 {
				m.b.WriteString("<br>\n")
			}
			inlineMarkdown(&m.b, line)
		}
		m.b.WriteString("</li>\n")
	}
	m.b.WriteString("</" + m.listTag + ">\n")
	m.items, m.listTag = nil, ""
}

func (m *mdBlocks) flushFence() {
	m.b.WriteString("<pre><code>" + html.EscapeString(strings.Join(m.fence, "\n")) + "</code></pre>\n")
	m.fence, m.inFence = nil, false
}

// bulletItem returns the text of a "- ", "* " or "+ " item, or "".
func bulletItem(line string) string {
	if len(line) >= 2 && strings.ContainsRune("-*+", rune(line[0])) && (line[1] == ' ' || line[1] == '\t') {
		if text := strings.TrimSpace(line[2:]); text != "" {
			return text
		}
	}
	return ""
}

// inlineMarkdown writes one line with `code` spans and **bold** as elements
// and everything else escaped. An unmatched marker stays as literal text.
func inlineMarkdown(b *strings.Builder, s string) {
	for s != "" {
		i := strings.IndexAny(s, "`*")
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			return
		}
		b.WriteString(html.EscapeString(s[:i]))
		s = s[i:]
		if s[0] == '`' {
			if j := strings.IndexByte(s[1:], '`'); j > 0 {
				b.WriteString("<code>" + html.EscapeString(s[1:1+j]) + "</code>")
				s = s[j+2:]
				continue
			}
		} else if strings.HasPrefix(s, "**") {
			if j := strings.Index(s[2:], "**"); j > 0 {
				inner := s[2 : 2+j]
				if strings.TrimSpace(inner) == inner {
					b.WriteString("<strong>")
					inlineMarkdown(b, inner)
					b.WriteString("</strong>")
					s = s[j+4:]
					continue
				}
			}
		}
		b.WriteString(html.EscapeString(s[:1]))
		s = s[1:]
	}
}

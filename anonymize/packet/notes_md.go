package packet

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// markupMarkdown renders a note that holds markup as Markdown for packet.md:
// the elements the sanitizer keeps become their Markdown forms (paragraphs,
// **bold**, _italics_, `code`, fences, lists, quotes, tables, headings
// nested under the packet's), everything else is dropped or unwrapped by
// the same rules as packet.html. Text is written as it reads, quotes and
// apostrophes included, never as HTML entities; only what a Markdown viewer
// would take for HTML (a "<", an entity-like "&") is backslash-escaped.
func markupMarkdown(note string) string {
	note = strings.TrimSpace(note)
	nodes, err := html.ParseFragment(strings.NewReader(escapeUnknownTags(note)), &html.Node{
		Type: html.ElementNode, Data: "body", DataAtom: atom.Body,
	})
	if err != nil {
		// Not reachable (see sanitizeHTML); text with every "<" escaped
		// is the safe answer regardless.
		return mdEscape(note)
	}
	m := mdWriter{heads: newHeadingLevels(htmlHeadingLevels(nodes)), keepLines: !anyBlock(nodes)}
	for _, n := range nodes {
		m.node(n)
	}
	out := blankRuns.ReplaceAllString(m.b.String(), "\n\n")
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

var blankRuns = regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)*`)

type mdWriter struct {
	b         strings.Builder
	heads     headingLevels
	keepLines bool
	inPre     int
	lists     []string // "ul" or "ol" per open list
	items     []int    // item counter per open list
	quote     int
}

// mdEscape escapes what a Markdown viewer would read as HTML.
var entityLike = regexp.MustCompile(`&([#A-Za-z])`)

func mdEscape(s string) string {
	s = strings.NewReplacer("<", `\<`, ">", `\>`).Replace(s)
	return entityLike.ReplaceAllString(s, `\&$1`)
}

// newline starts a line inside the current quote and list.
func (m *mdWriter) newline() {
	m.b.WriteString("\n")
	m.b.WriteString(strings.Repeat("> ", m.quote))
	if len(m.lists) > 0 {
		m.b.WriteString(strings.Repeat("  ", len(m.lists)))
	}
}

func (m *mdWriter) block() {
	m.b.WriteString("\n")
	m.newline()
}

func (m *mdWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if m.inPre > 0 {
			m.b.WriteString(n.Data)
			return
		}
		text := n.Data
		if !m.keepLines {
			text = strings.Join(strings.Fields(text), " ")
			if strings.TrimSpace(n.Data) != "" {
				if strings.IndexFunc(n.Data[:1], isSpace) == 0 {
					text = " " + text
				}
				if strings.IndexFunc(n.Data[len(n.Data)-1:], isSpace) == 0 {
					text += " "
				}
			} else if text == "" && n.Data != "" {
				text = " "
			}
		}
		for i, line := range strings.Split(mdEscape(text), "\n") {
			if i > 0 {
				m.newline()
			}
			m.b.WriteString(line)
		}
	case html.ElementNode:
		m.element(n)
	case html.DocumentNode:
		m.children(n)
	}
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }

func (m *mdWriter) element(n *html.Node) {
	name := n.Data
	switch {
	case n.Namespace != "" || droppedTags[name]:
	case name == "br":
		m.newline()
	case name == "p":
		m.block()
		m.children(n)
		m.block()
	case name == "b" || name == "strong":
		m.wrap(n, "**")
	case name == "i" || name == "em":
		m.wrap(n, "_")
	case name == "code" && m.inPre == 0:
		m.b.WriteString("`" + strings.ReplaceAll(textOf(n), "`", "'") + "`")
	case name == "pre":
		// The fence is longer than any run of backticks inside, so the
		// code cannot close it and go on as Markdown (or HTML).
		code := strings.Trim(textOf(n), "\n")
		fence := "```"
		for strings.Contains(code, fence) {
			fence += "`"
		}
		m.block()
		m.b.WriteString(fence)
		m.inPre++
		for _, line := range strings.Split(code, "\n") {
			m.newline()
			m.b.WriteString(line)
		}
		m.inPre--
		m.newline()
		m.b.WriteString(fence)
		m.block()
	case name == "ul" || name == "ol":
		m.block()
		m.lists = append(m.lists, name)
		m.items = append(m.items, 0)
		m.children(n)
		m.lists, m.items = m.lists[:len(m.lists)-1], m.items[:len(m.items)-1]
		m.block()
	case name == "li":
		m.b.WriteString("\n")
		m.b.WriteString(strings.Repeat("> ", m.quote))
		depth := len(m.lists)
		marker := "- "
		if depth > 0 {
			m.items[depth-1]++
			if m.lists[depth-1] == "ol" {
				marker = strconv.Itoa(m.items[depth-1]) + ". "
			}
			m.b.WriteString(strings.Repeat("  ", depth-1))
		}
		m.b.WriteString(marker)
		m.children(n)
	case name == "blockquote":
		m.quote++
		m.block()
		m.children(n)
		m.quote--
		m.block()
	case name == "table":
		m.block()
		m.table(n)
		m.block()
	default:
		if level, ok := headingLevel(name); ok {
			m.block()
			m.b.WriteString(m.heads.markdown(level, strings.TrimSpace(mdEscape(strings.Join(strings.Fields(textOf(n)), " ")))))
			m.block()
			return
		}
		// Links become their text; other elements are unwrapped.
		m.children(n)
		if blockTags[name] {
			m.newline()
		}
	}
}

func (m *mdWriter) wrap(n *html.Node, mark string) {
	var inner mdWriter
	inner.heads, inner.keepLines, inner.quote, inner.lists, inner.items = m.heads, m.keepLines, m.quote, m.lists, m.items
	inner.children(n)
	text := inner.b.String()
	trimmed := strings.TrimSpace(text)
	if trimmed == "" {
		m.b.WriteString(text)
		return
	}
	lead := text[:strings.Index(text, trimmed)]
	m.b.WriteString(lead + mark + trimmed + mark + text[len(lead)+len(trimmed):])
}

// table writes a Markdown table; the first row is its header.
func (m *mdWriter) table(n *html.Node) {
	var rows [][]string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && droppedTags[n.Data] {
			return
		}
		if n.Type == html.ElementNode && n.Data == "tr" {
			var row []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					row = append(row, strings.ReplaceAll(mdEscape(strings.Join(strings.Fields(textOf(c)), " ")), "|", `\|`))
				}
			}
			rows = append(rows, row)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	if width == 0 {
		return
	}
	for i, r := range rows {
		for len(r) < width {
			r = append(r, "")
		}
		if i > 0 {
			m.newline()
		}
		m.b.WriteString("| " + strings.Join(r, " | ") + " |")
		if i == 0 {
			m.newline()
			m.b.WriteString("|" + strings.Repeat(" --- |", width))
		}
	}
}

func (m *mdWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.node(c)
	}
}

// textOf is the text of an element and its kept descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (droppedTags[n.Data] || n.Namespace != ""):
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteString("\n")
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

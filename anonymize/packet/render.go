package packet

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"time"

	"github.com/anonymize/anonymize/fetch"
)

// jsonPacket is packet.json: the export shape (design.md) with the packet's
// own header. The interviews marshal as the fetch types do, so any reader of
// export files reads packets too.
type jsonPacket struct {
	Code           string                `json:"code"`
	Committee      string                `json:"committee,omitempty"`
	Prepared       string                `json:"prepared"`
	Pending        int                   `json:"pending,omitempty"`
	LiveInterviews []fetch.LiveInterview `json:"liveInterviews"`
}

func renderJSON(code string, interviews []fetch.LiveInterview, pending int, meta Meta) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The file is data, never served as a page, so "<p>" in a note is easier
	// to read than "\u003cp\u003e" and no less safe.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(jsonPacket{
		Code:           code,
		Committee:      meta.Committee,
		Prepared:       meta.Prepared.Format(time.RFC3339),
		Pending:        pending,
		LiveInterviews: interviews,
	})
	if err != nil {
		return nil, fmt.Errorf("encode packet.json: %w", err)
	}
	return buf.Bytes(), nil
}

// renderMarkdown writes packet.md, with the same content as packet.html.
func renderMarkdown(v view) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Packet %s\n\n", v.Code)
	if v.Committee != "" {
		fmt.Fprintf(&b, "- Committee: %s\n", oneLine(v.Committee))
	}
	fmt.Fprintf(&b, "- Prepared: %s\n", v.Prepared)
	if v.Pending != "" {
		fmt.Fprintf(&b, "\n%s\n", v.Pending)
	}
	if len(v.Interviews) == 0 {
		b.WriteString("\nNo interview has been held yet.\n")
	}
	for _, iv := range v.Interviews {
		fmt.Fprintf(&b, "\n## Interview %d — %s\n", iv.Number, iv.Date)
		if len(iv.Feedback) == 0 {
			b.WriteString("\nNo feedback was written.\n")
		}
		for _, fb := range iv.Feedback {
			fmt.Fprintf(&b, "\n### %s\n\n", oneLine(fb.Role))
			fmt.Fprintf(&b, "- Evaluation: %s\n", oneLine(fb.Evaluation))
			fmt.Fprintf(&b, "- Recommended level: %s\n", oneLine(fb.Level))
			if len(fb.Scores) > 0 {
				b.WriteString("\n| Category | Attribute | Score |\n| --- | --- | ---: |\n")
				for _, s := range fb.Scores {
					fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(s.Category), cell(s.Attribute), cell(s.Score))
				}
			}
			if len(fb.AttrNotes) > 0 {
				b.WriteString("\n#### Attribute notes\n\n")
				for _, a := range fb.AttrNotes {
					fmt.Fprintf(&b, "- **%s / %s:** %s\n", oneLine(a.Category), oneLine(a.Attribute), indentItem(markdownNote(a.Notes)))
				}
			}
			b.WriteString("\n#### Notes\n\n")
			if strings.TrimSpace(fb.Notes) == "" {
				b.WriteString("_No notes._\n")
			} else {
				b.WriteString(markdownNote(fb.Notes) + "\n")
			}
		}
	}
	return []byte(b.String())
}

var mdHeadingRE = regexp.MustCompile(`^(\s{0,3})(#{1,6})(\s|$)`)

// markdownNote returns a note for packet.md. A Markdown or plain note goes
// in as written, except that its ATX headings outside code fences are
// nested under the packet's own, as in packet.html, so "# Summary" cannot
// pose as a packet section. A note with markup goes in as Markdown made
// from the same safe subset packet.html shows (markupMarkdown): Markdown
// viewers render inline HTML, and a raw note could make them load a remote
// image or show a link to a profile.
func markdownNote(note string) string {
	note = strings.ReplaceAll(strings.ReplaceAll(note, "\r\n", "\n"), "\r", "\n")
	if hasMarkup(note) {
		return markupMarkdown(note)
	}
	heads := newHeadingLevels(markdownHeadingLevels(note))
	lines := strings.Split(strings.Trim(note, "\n"), "\n")
	inFence := false
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if m := mdHeadingRE.FindStringSubmatch(line); m != nil && !inFence {
			lines[i] = m[1] + heads.markdown(len(m[2]), strings.TrimSpace(line[len(m[1])+len(m[2]):]))
		}
	}
	return strings.TrimRight(strings.Join(lines, "\n"), " \t\n")
}

// indentItem keeps a multi-line attribute note inside its list item.
func indentItem(s string) string {
	return strings.ReplaceAll(s, "\n", "\n  ")
}

// oneLine keeps a value that belongs on one line (a label, a level) there.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cell escapes what would break a Markdown table row.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

//go:embed packet.html.tmpl
var pageTemplateText string

// pageTemplate is parsed once; a template that does not parse is a bug in
// this package, caught by every test, so Must is the honest choice here.
var pageTemplate = template.Must(template.New("packet.html").Parse(pageTemplateText))

func renderHTML(v view) ([]byte, error) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, v); err != nil {
		return nil, fmt.Errorf("render packet.html: %w", err)
	}
	return buf.Bytes(), nil
}

package packet

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/internal/oddforms"
)

// TestBrowserOddForms redacts a note carrying each odd form of a known name
// or contact detail (testdata/oddforms), passes the rendered packet through
// the leak gate as a batch does, and opens every packet that passed in
// headless Chromium: what the browser shows must not name anyone, whatever
// markup, references, Unicode forms or spacing hid the name from a byte
// search.
func TestBrowserOddForms(t *testing.T) {
	browser := startChromium(t)
	c, err := oddforms.Load()
	if err != nil {
		t.Fatal(err)
	}
	eng := defaultEngine(t)
	meta := Meta{Committee: "Odd forms", Prepared: time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)}
	cand := anonymize.Person{Name: c.Candidate.Name, Email: c.Candidate.Email}
	var published anonymize.Packet
	quarantined := 0
	for _, f := range c.Forms {
		lis := c.Interviews(f.Text)
		p, err := eng.Packet(context.Background(), cand, lis)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		r, err := Render("P-ODDFORMS", p, meta)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		leaks := append([]anonymize.Leak(nil), p.Leaks...)
		roster := anonymize.RosterOf(cand, lis)
		for name, data := range map[string][]byte{MarkdownFile: r.Markdown, JSONFile: r.JSON, HTMLFile: r.HTML} {
			leaks = append(leaks, eng.Verify(name, string(data), roster)...)
		}
		if len(leaks) > 0 {
			quarantined++
			continue
		}
		published.Interviews = append(published.Interviews, p.Interviews...)
	}
	t.Logf("%d forms: %d quarantined by the gate, %d published, checked in the browser", len(c.Forms), quarantined, len(published.Interviews))
	if len(published.Interviews) == 0 {
		t.Fatal("nothing was published: the browser has nothing to check")
	}
	w, err := write(t.TempDir(), "P-ODDFORMS", published, meta)
	if err != nil {
		t.Fatal(err)
	}
	page := openPage(t, browser, w.HTML)
	var sections []string
	eval(t, page.ctx, `[...document.querySelectorAll('section.interview')].map(s => s.innerText)`, &sections)
	if len(sections) != len(published.Interviews) {
		t.Errorf("%d interview sections shown, want %d", len(sections), len(published.Interviews))
	}
	for _, s := range sections {
		if got := c.Seen(s); len(got) > 0 {
			t.Errorf("the browser shows %v in:\n%s", got, s)
		}
	}
	var body string
	eval(t, page.ctx, `document.body.innerText`, &body)
	if got := c.Seen(body); len(got) > 0 {
		t.Errorf("the page shows %v", got)
	}
	if !strings.Contains(body, "explained the sharding plan") {
		t.Errorf("the notes are not on the page:\n%.500s", body)
	}
}

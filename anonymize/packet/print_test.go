package packet

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// demoPackets redacts every candidate of the sample organisation, as
// `anonymize demo` does, and returns their rendered packets.
func demoPackets(t *testing.T) map[string]Rendered {
	t.Helper()
	out := map[string]Rendered{}
	for _, d := range demoRedacted(t, "print-test-secret-32-bytes-long!") {
		r, err := Render(d.code, d.p, demoMeta)
		if err != nil {
			t.Fatal(err)
		}
		out[d.code] = r
	}
	return out
}

// TestPrintedPacketFlows prints the demo's longest packet to PDF with
// Chromium, as a committee member printing packet.html would, renders its
// pages with pdftoppm and checks that no page but the last is more than half
// empty (interviews flow on rather than each starting a page), and that
// every table fits the printed page.
func TestPrintedPacketFlows(t *testing.T) {
	browser := startChromium(t)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("no pdftoppm on PATH; install Debian's poppler-utils package (apt-get install -y poppler-utils) to check printed pages")
	}
	packets := demoPackets(t)
	var longest string
	for code, r := range packets {
		if longest == "" || len(r.HTML) > len(packets[longest].HTML) || len(r.HTML) == len(packets[longest].HTML) && code < longest {
			longest = code
		}
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "packet.html")
	if err := os.WriteFile(page, packets[longest].HTML, 0o644); err != nil {
		t.Fatal(err)
	}
	opened := openPage(t, browser, page)

	// Tables fit the printed width: laid out for print at the width of a
	// Letter page inside the packet's margins, none sticks out of the body,
	// in the demo's packet and in one whose scores table has words too long
	// for a column.
	code, p, meta := loadGoldenInput(t, "testdata/basic.input.json")
	attr := &p.Interviews[0].InterviewersFeedback[0].Categories[0].Attributes[0]
	attr.Name = strings.Repeat("Correctness", 12)
	p.Interviews[0].InterviewersFeedback[0].Categories[0].Name = strings.Repeat("CodingAndTesting", 8)
	wide, err := Render(code, p, meta)
	if err != nil {
		t.Fatal(err)
	}
	widePage := filepath.Join(dir, "wide.html")
	if err := os.WriteFile(widePage, wide.HTML, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, pg := range []openedPage{opened, openPage(t, browser, widePage)} {
		var overflow []string
		if err := chromedp.Do(pg.ctx, printMedia, chromedp.EmulateViewport(695, 900)); err != nil {
			t.Fatal(err)
		}
		eval(t, pg.ctx, `[...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 0.5).map(t => t.className + ' ' + t.getBoundingClientRect().right + ' > ' + document.body.getBoundingClientRect().right)`, &overflow)
		if len(overflow) > 0 {
			t.Errorf("%s: tables wider than the printed page: %q", pg.title, overflow)
		}
	}
	if err := chromedp.Do(opened.ctx, chromedp.EmulateViewport(1000, 900)); err != nil {
		t.Fatal(err)
	}

	pdf, err := chromedp.Run(opened.ctx, chromedp.PrintToPDF())
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	pdfFile := filepath.Join(dir, "packet.pdf")
	if err := os.WriteFile(pdfFile, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "40", "-gray", pdfFile, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.pgm"))
	sort.Strings(pages) // page-1 ... page-9; fewer than ten pages expected
	if len(pages) == 0 {
		t.Fatal("pdftoppm rendered no page")
	}
	// The packet's @page margins are 18mm at top and bottom on an 11in page.
	var fills []string
	for i, p := range pages {
		img, err := readPGM(p)
		if err != nil {
			t.Fatal(err)
		}
		top := img.h * 18 / 279
		last := img.lastInkRow()
		fill := float64(last-top) / float64(img.h-2*top)
		fills = append(fills, fmt.Sprintf("%.0f%%", 100*fill))
		if i < len(pages)-1 && fill < 0.5 {
			t.Errorf("page %d of %d is %.0f%% empty", i+1, len(pages), 100*(1-fill))
		}
	}
	t.Logf("packet %s (%d bytes of HTML): %d printed page(s), filled %s", longest, len(packets[longest].HTML), len(pages), strings.Join(fills, ", "))
}

// printMedia lays the page out as for print.
var printMedia = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	return err
})

type grayImage struct {
	w, h int
	pix  []byte
}

// lastInkRow is the last row with a pixel darker than light grey.
func (g grayImage) lastInkRow() int {
	for y := g.h - 1; y >= 0; y-- {
		for _, v := range g.pix[y*g.w : (y+1)*g.w] {
			if v < 200 {
				return y
			}
		}
	}
	return 0
}

// readPGM reads a binary greyscale PGM (P5, 8 bits) as pdftoppm -gray
// writes it.
func readPGM(path string) (grayImage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return grayImage{}, err
	}
	r := bufio.NewReader(bytes.NewReader(data))
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil || magic != "P5" || maxv != 255 {
		return grayImage{}, fmt.Errorf("%s: not an 8-bit P5 image (%q %v)", path, magic, err)
	}
	if _, err := r.ReadByte(); err != nil { // the single space after the header
		return grayImage{}, err
	}
	pix := make([]byte, w*h)
	if _, err := io.ReadFull(r, pix); err != nil {
		return grayImage{}, fmt.Errorf("%s: %w", path, err)
	}
	return grayImage{w, h, pix}, nil
}

package packet

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReviewPage opens the coordinator's review page of the demo's
// packets in headless Chromium: it loads nothing from outside itself, runs
// no script, and one click on the summary's "first change" link shows that
// change marked, with its original beside it, which a screenshot confirms.
func TestBrowserReviewPage(t *testing.T) {
	browser := startChromium(t)
	dir := t.TempDir()
	rps := demoReviews(t)
	sort.Slice(rps, func(i, j int) bool { return rps[i].Code < rps[j].Code }) // the page's order
	path := saveAndWriteReview(t, dir, rps)
	page := openPage(t, browser, path)
	if page.title != "Review: Demo committee" {
		t.Errorf("title %q", page.title)
	}
	if len(page.console) > 0 {
		t.Errorf("the page wrote to the console (something ran or was blocked):\n%s", strings.Join(page.console, "\n"))
	}
	var facts struct {
		Scripts, Resources, Outside, Packets, Marks int
		SummaryRows                                 int
	}
	eval(t, page.ctx, `({
		Scripts: document.scripts.length,
		Resources: performance.getEntriesByType('resource').length,
		Outside: document.querySelectorAll('[src], link[href], a[href]:not([href^="#"])').length,
		Packets: document.querySelectorAll('section.packet').length,
		Marks: document.querySelectorAll('mark.c').length,
		SummaryRows: document.querySelectorAll('table.summary tbody tr').length,
	})`, &facts)
	if facts.Scripts != 0 || facts.Resources != 0 || facts.Outside != 0 {
		t.Errorf("the page is not self-contained: %d script(s), %d resource request(s), %d reference(s) outside itself", facts.Scripts, facts.Resources, facts.Outside)
	}
	if facts.Packets != len(rps) || facts.SummaryRows != len(rps) || facts.Marks == 0 {
		t.Errorf("%d packet section(s), %d summary row(s), %d mark(s); want %d packets and some marks", facts.Packets, facts.SummaryRows, facts.Marks, len(rps))
	}

	// One click from the summary to a marked change.
	if err := chromedp.Do(page.ctx, chromedp.EmulateViewport(1200, 800), chromedp.Click(chromedp.CSS("table.summary a.first-change")), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	var target struct {
		Hash, Before, BeforeDisplay string
		Top, Bottom, Height         float64
	}
	eval(t, page.ctx, `(() => {
		const m = document.querySelector(':target');
		const b = m && m.querySelector('.before');
		const r = m ? m.getBoundingClientRect() : {top: -1, bottom: -1};
		return {Hash: location.hash, Before: b ? b.innerText : '', BeforeDisplay: b ? getComputedStyle(b).display : '',
			Top: r.top, Bottom: r.bottom, Height: window.innerHeight};
	})()`, &target)
	want := "#" + rps[0].Code + "-c1"
	if target.Hash != want {
		t.Fatalf("after the click the page shows %q, want %q", target.Hash, want)
	}
	if target.BeforeDisplay != "inline" || target.Before != rps[0].Texts[0].Changes[0].Before && !strings.Contains(target.Before, rps[0].Texts[0].Changes[0].Before) {
		t.Errorf("the linked change shows its original %q (display %s), want %q beside it", target.Before, target.BeforeDisplay, rps[0].Texts[0].Changes[0].Before)
	}
	if target.Top < 0 || target.Bottom > target.Height {
		t.Errorf("the linked change is not in view: %v..%v of %v", target.Top, target.Bottom, target.Height)
	}

	// The screenshot shows it: the target's outline and the marks' colour
	// are on screen.
	shot, err := chromedp.Run(page.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "review.png")
	if d := os.Getenv("REVIEW_SCREENSHOT_DIR"); d != "" {
		file = filepath.Join(d, "review.png")
	}
	os.WriteFile(file, shot, 0o644)
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	outline := countColor(img, color.RGBA{0xb3, 0x26, 0x1e, 0xff})
	marked := countColor(img, color.RGBA{0xff, 0xe5, 0x8f, 0xff})
	t.Logf("screenshot %s: %dx%d, %d outline pixel(s), %d marked pixel(s)", file, img.Bounds().Dx(), img.Bounds().Dy(), outline, marked)
	if outline < 50 || marked < 200 {
		t.Errorf("the screenshot does not show the marked change: %d outline and %d mark pixel(s) (see %s)", outline, marked, file)
	}
}

// countColor counts the pixels of img within a small distance of c.
func countColor(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -12 && d < 12 }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(bl, c.B) {
				n++
			}
		}
	}
	return n
}

package packet

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestBrowserRendersPacket opens packet.html in Debian's real headless
// Chromium and checks what a committee member would see, and that a packet
// whose notes carry scripts runs none of them.
func TestBrowserRendersPacket(t *testing.T) {
	browser := startChromium(t)

	code, p, meta := loadGoldenInput(t, "testdata/basic.input.json")
	// Hostile notes: the sanitizer must drop all of it.
	fb := &p.Interviews[0].InterviewersFeedback[1]
	fb.Notes += `<script>document.title='pwned'</script><img src=x onerror="document.title='pwned-img'">` +
		`<a href="javascript:document.title='pwned-link'">a link</a><iframe src="https://evil.example/"></iframe>`
	fb.Categories[0].Attributes[0].Notes = `<img src=x onerror="console.error('pwned')">Scaled reads <b>well</b>.`
	p.Interviews[0].InterviewersFeedback[0].Notes += "\n\n<script>document.title='pwned-plain'</script>"
	w, err := write(t.TempDir(), code, p, meta)
	if err != nil {
		t.Fatal(err)
	}

	page := openPage(t, browser, w.HTML)
	if want := "Packet " + code; page.title != want {
		t.Errorf("title %q, want %q: a script ran", page.title, want)
	}
	if len(page.console) > 0 {
		t.Errorf("the page wrote to the console (a script ran or something was blocked):\n%s", strings.Join(page.console, "\n"))
	}

	var facts struct {
		Scripts, Images, Frames, WithAttributes, Sections int
		Headings                                          []string
		ScoreRows                                         []string
		Hidden                                            []string
	}
	eval(t, page.ctx, `({
		Scripts: document.scripts.length,
		Images: document.images.length,
		Frames: document.querySelectorAll('iframe, object, embed').length,
		// Notes are the only untrusted part; nothing in them may have an attribute.
		WithAttributes: [...document.querySelectorAll('.notes *, dl.attr-notes dd *')].filter(e => e.attributes.length > 0).length,
		Sections: document.querySelectorAll('section.interview').length,
		Headings: [...document.querySelectorAll('h1, h2, h3')].map(h => h.innerText),
		ScoreRows: [...document.querySelectorAll('table.scores tbody tr')].map(tr => [...tr.cells].map(td => td.innerText).join(' | ')),
		// Everything the committee needs must be laid out, not hidden.
		Hidden: [...document.querySelectorAll('h1, h2, h3, h4, table.scores, .notes, dl.attr-notes, .pending')]
			.filter(e => e.getClientRects().length === 0 || getComputedStyle(e).visibility !== 'visible')
			.map(e => e.tagName + '.' + e.className),
	})`, &facts)

	for name, n := range map[string]int{"script": facts.Scripts, "image": facts.Images, "frame": facts.Frames, "note element with attributes": facts.WithAttributes} {
		if n != 0 {
			t.Errorf("the page has %d %s(s)", n, name)
		}
	}
	if facts.Sections != 2 {
		t.Errorf("%d interview sections, want 2", facts.Sections)
	}
	wantHeadings := []string{"Packet " + code, "Interview 1 — 2025-11-24", "Interviewer A", "Interviewer B", "Interview 2 — 2025-11-20", "Interviewer C"}
	if !slices.Equal(facts.Headings, wantHeadings) {
		t.Errorf("headings %q, want %q", facts.Headings, wantHeadings)
	}
	wantRows := []string{"Coding | Correctness | 4", "Coding | Code quality | 3", "Communication | Clarity | —", "System design | Scalability | 3"}
	if !slices.Equal(facts.ScoreRows, wantRows) {
		t.Errorf("score rows %q, want %q", facts.ScoreRows, wantRows)
	}
	if len(facts.Hidden) > 0 {
		t.Errorf("not visible: %v", facts.Hidden)
	}

	// The rendered text, as a reader sees it.
	text, err := chromedp.Run(page.ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Backend Platform hiring committee", "2025-12-01 18:30 UTC", "1 interview has not been held yet.",
		"Strong yes", "L4", "Their tests caught an off-by-one", "Scaled reads well.",
		"Coding: rate limiter", "Wrote a token bucket in Go", "Versioning via content hashes.", "a link",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered text lacks %q", want)
		}
	}
	for _, unwanted := range []string{"pwned", "evil.example", "<script", "onerror"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("rendered text shows %q", unwanted)
		}
	}
}

// TestBrowserDetectsScripts runs the same checks on pages that do carry a
// script, so that the test above cannot pass merely because the browser
// never runs scripts or the console listener hears nothing. Without the
// page's Content-Security-Policy a script changes the title; with it the
// script is blocked and the browser says so on the console, which is the
// second line of defence should a script ever get past the sanitizer.
func TestBrowserDetectsScripts(t *testing.T) {
	browser := startChromium(t)
	dir := t.TempDir()
	const script = `<script>document.title='pwned'</script>`

	plain := filepath.Join(dir, "plain.html")
	if err := os.WriteFile(plain, []byte(`<!DOCTYPE html><title>clean</title><p>x</p>`+script), 0o644); err != nil {
		t.Fatal(err)
	}
	if page := openPage(t, browser, plain); page.title != "pwned" {
		t.Fatalf("a page without CSP kept title %q: this browser does not run scripts, so the packet test proves nothing", page.title)
	}

	code, p, meta := loadGoldenInput(t, "testdata/basic.input.json")
	r, err := Render(code, p, meta)
	if err != nil {
		t.Fatal(err)
	}
	withCSP := filepath.Join(dir, "csp.html")
	injected := strings.Replace(string(r.HTML), "</main>", script+"</main>", 1)
	if err := os.WriteFile(withCSP, []byte(injected), 0o644); err != nil {
		t.Fatal(err)
	}
	page := openPage(t, browser, withCSP)
	if page.title != "Packet "+code {
		t.Errorf("the packet's CSP did not block an inline script: title %q", page.title)
	}
	if len(page.console) == 0 {
		t.Error("a blocked script left no console message: the console check in the packet test would miss one")
	}
	t.Logf("console of the blocked page: %q", page.console)
}

// startChromium starts Debian's Chromium headless with a fresh profile and
// returns a chromedp context for it, or skips the test when Chromium is not
// installed.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	var path string
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no chromium or chromium-browser on PATH; install Debian's chromium package (sudo apt-get install -y chromium) to run the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // containers and CI runners usually cannot give Chromium its sandbox
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// /dev/shm is tiny in many containers and Chromium crashes when it fills.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	// A generous bound so that a hung browser fails the test instead of
	// hanging CI; it is not an assertion about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return browser
}

type openedPage struct {
	ctx     context.Context
	title   string
	console []string
}

// openPage loads a file in a new tab and returns its title and everything
// the page wrote to the console (console calls, uncaught exceptions and
// browser log entries such as CSP violations).
func openPage(t *testing.T, browser context.Context, file string) openedPage {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	var (
		mu      sync.Mutex
		console []string
	)
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			msg = fmt.Sprintf("console.%s(%s)", ev.Type, strings.Join(args, ", "))
		case *runtime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Text
		case *log.EventEntryAdded:
			msg = fmt.Sprintf("log %s/%s: %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text)
		default:
			return
		}
		mu.Lock()
		console = append(console, msg)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
	if err := chromedp.Do(ctx, chromedp.Navigate(u.String()),
		// Image errors and their handlers fire after load; give them a
		// moment so that a handler that did run is seen.
		chromedp.Sleep(300*time.Millisecond),
	); err != nil {
		t.Fatalf("open %s: %v", u.String(), err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	return openedPage{ctx: ctx, title: title, console: slices.Clone(console)}
}

// eval runs a JavaScript expression through DevTools (which a page's CSP
// does not restrict) and decodes its value into dst.
func eval[T any](t *testing.T, ctx context.Context, expr string, dst *T) {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	*dst = v
}

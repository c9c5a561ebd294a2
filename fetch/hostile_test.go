package fetch_test

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/fetch"
)

// TestOversizedReplyFailsAtOnce: a server answering with 1 GiB (streamed,
// without a Content-Length) used to be read whole, eight times over (3.3 GB
// RSS). The reply is cut at the limit, fails without a retry, and the heap
// stays far below the reply's size.
func TestOversizedReplyFailsAtOnce(t *testing.T) {
	chunk := []byte(`{"data":{"liveInterviews":[` + strings.Repeat(" ", 64<<10-27))
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"streamed", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for sent := 0; sent < 1<<30; sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return // the client hung up
				}
			}
		}},
		{"declared", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "1073741824")
			w.Write(chunk)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, n := scripted(t, tc.handler)
			opts := fast
			opts.MaxResponse = 4 << 20
			src, err := fetch.NewAPISource(url, fetch.NewAPIKey(secret, "the test"), opts)
			if err != nil {
				t.Fatal(err)
			}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err = src.Interviews(context.Background(), "a@example.com")
			runtime.ReadMemStats(&after)
			if !errors.Is(err, fetch.ErrMalformedResponse) || !strings.Contains(err.Error(), "larger than 4194304 bytes") {
				t.Fatalf("err = %v, want a malformed response larger than the limit", err)
			}
			if got := n.Load(); got != 1 {
				t.Errorf("%d requests, want 1 (no retry)", got)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("allocated %d MiB reading a reply cut at 4 MiB", grew>>20)
			}
		})
	}
}

// TestSecretsNeverPrinted: a key echoed right where the old code cut an
// error body to 200 characters left part of it in the message; a password
// in the API URL was printed and stored in the manifest.
func TestSecretsNeverPrinted(t *testing.T) {
	// The key straddles byte 200 of the body.
	body := strings.Repeat("x", 190) + " " + secret + " trailing"
	url, _ := scripted(t, answer(400, body))
	withUser := strings.Replace(url, "http://", "http://coordinator:hunter2-pass@", 1)
	src, err := fetch.NewAPISource(withUser, fetch.NewAPIKey(secret, "the test"), fast)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Interviews(context.Background(), "a@example.com")
	if err == nil {
		t.Fatal("no error")
	}
	for _, part := range []string{secret[:6], secret[len(secret)-6:], "hunter2", "coordinator:"} {
		if strings.Contains(err.Error(), part) {
			t.Errorf("message %q holds %q", err, part)
		}
	}
	if strings.Contains(src.Endpoint(), "hunter2") || strings.Contains(src.Endpoint(), "coordinator") {
		t.Errorf("Endpoint() = %q", src.Endpoint())
	}
	// Plain http to another host is refused, and the refusal does not
	// print the password either.
	_, err = fetch.NewAPISource("http://coordinator:hunter2-pass@example.com/graphql", fetch.NewAPIKey(secret, "t"), fast)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("insecure URL: %v", err)
	}
	for in, want := range map[string]string{
		"https://u:p@app.codesignal.com/graphql": "https://app.codesignal.com/graphql",
		"https://app.codesignal.com/graphql":     "https://app.codesignal.com/graphql",
		"https://u:p@exa mple.com/x":             "https://exa mple.com/x",
	} {
		if got := fetch.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDNSAndCertificateErrorsFailAtOnce: a host that does not exist or a
// certificate that is not valid cannot get better by retrying eight times.
func TestDNSAndCertificateErrorsFailAtOnce(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(answer(200, `{"data":{"liveInterviews":[]}}`))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	for _, tc := range []struct {
		name, url, mention string
	}{
		// .invalid never resolves (RFC 2606).
		{"no such host", "https://codesignal.invalid/graphql", "does not resolve"},
		{"untrusted certificate", tlsSrv.URL + "/graphql", "certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "no such host" {
				var dns *net.DNSError
				if _, err := net.LookupHost("codesignal.invalid"); !errors.As(err, &dns) || !dns.IsNotFound {
					t.Skipf("this machine's resolver does not say NXDOMAIN for .invalid (%v)", err)
				}
			}
			var retries int
			opts := fast
			opts.MaxAttempts = 8
			opts.BaseDelay = 2 * time.Second // a retry would show
			opts.Logf = func(string, ...any) { retries++ }
			src, err := fetch.NewAPISource(tc.url, fetch.NewAPIKey(secret, "the test"), opts)
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Interviews(context.Background(), "a@example.com")
			if !errors.Is(err, fetch.ErrUnreachable) || !strings.Contains(err.Error(), tc.mention) {
				t.Fatalf("err = %v, want ErrUnreachable mentioning %q", err, tc.mention)
			}
			if retries != 0 {
				t.Errorf("%d retries, want none", retries)
			}
		})
	}
}

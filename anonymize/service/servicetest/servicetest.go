package servicetest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/anonymize/service"
	"github.com/anonymize/anonymize/fetch/webhook"
)

// Secret is the webhook secret of the service files WriteConfig writes.
const Secret = "whsec-test-4567"

// FreeAddr returns a free loopback address. The webhook's URL is part of
// its signature, so the service's address must be known before it starts.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// Setup is a service file and what it refers to.
type Setup struct {
	// Dir holds the file, its secret file and the output root.
	Dir, Config string
	// Out is the one committee's output folder.
	Out string
	// Addr is where the service listens, HookURL its webhook's URL.
	Addr, HookURL string
}

// WriteConfig writes a service file with one committee, meeting in two
// hours and prepared three hours before (so at once), of the candidates,
// reading the API at apiURL and listening at addr (a free address when
// empty).
func WriteConfig(t testing.TB, apiURL, addr string, candidates ...string) Setup {
	t.Helper()
	if addr == "" {
		addr = FreeAddr(t)
	}
	dir := t.TempDir()
	s := Setup{Dir: dir, Config: filepath.Join(dir, "service.yaml"), Addr: addr}
	s.HookURL = "http://" + s.Addr + service.WebhookPath
	meetingAt := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	var cands []string
	for _, c := range candidates {
		cands = append(cands, fmt.Sprintf("%q", c))
	}
	if err := os.WriteFile(filepath.Join(dir, "secret"), []byte(Secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`listen: %s
out: out
api:
  url: %s
webhook:
  url: %s
  secret_file: secret
committees:
  - meeting: Backend committee
    date: %s
    prepare_before: 3h
    out: backend
    candidates: [%s]
`, s.Addr, apiURL, s.HookURL, meetingAt.Format(time.RFC3339), strings.Join(cands, ", "))
	if err := os.WriteFile(s.Config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s.Out = filepath.Join(dir, "out", "backend")
	return s
}

// PacketJSON reads a candidate's published packet.json ("" if none).
func PacketJSON(t testing.TB, out, email string) string {
	t.Helper()
	if _, err := os.Stat(out); err != nil {
		return ""
	}
	sec, err := packet.LoadOrCreateSecret(out + packet.CoordinatorSuffix)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, packet.Code(sec, email), "packet.json"))
	return string(b)
}

// MetricValue reads one sample from /metrics (-1 when absent).
func MetricValue(t testing.TB, client *http.Client, base, sample string) int64 {
	t.Helper()
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), sample+" "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return -1
}

// Eventually waits up to d for cond, failing the test after.
func Eventually(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// SignedPost posts ev to url signed with secret for the webhook URL
// hookURL, as CodeSignal does, and returns the status and the body.
func SignedPost(t testing.TB, client *http.Client, url, hookURL string, ev webhook.Event, secret string) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"event":%q,"triggeredOn":%d,"payload":%s}`, ev.Event, ev.TriggeredOn, ev.Payload)
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.SignatureHeader, webhook.Sign([]byte(secret), hookURL, ev.Event, ev.TriggeredOn))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b)
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/anonymize/service"
	"github.com/anonymize/anonymize/cmd/internal/proctest"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
	"github.com/anonymize/anonymize/fetch/webhook"
)

const (
	svcAPIKey  = "svc-test-key-0123"
	svcSecret  = "whsec-test-4567"
	svcEmail   = "grace.oyelaran@example.com"
	svcSurname = "Oyelaran"
)

// freeAddr returns a free loopback address. The webhook's URL is part of
// its signature, so the service's address must be known before it starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// svcSetup is a service file and what it refers to.
type svcSetup struct {
	dir, config, out, addr, hookURL string
	meeting                         batch.Meeting
}

func writeServiceConfig(t *testing.T, apiURL string, candidates ...string) svcSetup {
	t.Helper()
	dir := t.TempDir()
	s := svcSetup{dir: dir, config: filepath.Join(dir, "service.yaml"), addr: freeAddr(t)}
	s.hookURL = "http://" + s.addr + service.WebhookPath
	meetingAt := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	var cands []string
	for _, c := range candidates {
		cands = append(cands, fmt.Sprintf("%q", c))
	}
	os.WriteFile(filepath.Join(dir, "secret"), []byte(svcSecret+"\n"), 0o600)
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
`, s.addr, apiURL, s.hookURL, meetingAt.Format(time.RFC3339), strings.Join(cands, ", "))
	if err := os.WriteFile(s.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s.out = filepath.Join(dir, "out", "backend")
	return s
}

// packetJSON reads a candidate's published packet.json ("" if none).
func packetJSON(t *testing.T, out, email string) string {
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

// metricValue reads one sample from /metrics (-1 when absent).
func metricValue(t *testing.T, client *http.Client, base, sample string) int64 {
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

func eventually(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startInProcess runs `anonymize serve` in this process until the test
// ends, and returns its base URL and logs.
func startInProcess(t *testing.T, args ...string) (string, *proctest.Buffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &proctest.Buffer{}, &proctest.Buffer{}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"anonymize", "serve"}, args...), strings.NewReader(""), stdout, stderr)
	}()
	var once sync.Once
	exit := -1
	stop := func() int {
		once.Do(func() {
			cancel()
			select {
			case exit = <-code:
			case <-time.After(30 * time.Second):
				t.Errorf("serve did not stop; logs:\n%s", stderr)
			}
		})
		return exit
	}
	t.Cleanup(func() { stop() })
	var base string
	eventually(t, "the base URL", 30*time.Second, func() bool {
		select {
		case c := <-code:
			code <- c
			t.Fatalf("serve exited with %d:\n%s", c, stderr)
		default:
		}
		line, _, ok := strings.Cut(stdout.String(), "\n")
		base = line
		return ok
	})
	return base, stderr, stop
}

func signedPost(t *testing.T, client *http.Client, url, hookURL string, ev webhook.Event, secret string) (int, string) {
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

// TestServeEndToEnd: the service and the simulator on 127.0.0.1; the
// scheduled preparation runs at start; feedback edited in the simulator
// arrives as a signed webhook and the packet follows, redacted; a forged
// event changes nothing; no endpoint serves packets.
func TestServeEndToEnd(t *testing.T) {
	addr := freeAddr(t)
	hookURL := "http://" + addr + service.WebhookPath
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{
		Data: codesignaltest.Sample(), APIKey: svcAPIKey, RateLimit: -1,
		Webhook: codesignaltest.WebhookConfig{URL: hookURL, Secret: svcSecret, Interval: 50 * time.Millisecond, RetryScale: 0.01, SkipVerification: true},
	})
	s := writeServiceConfig(t, sim.GraphQLURL(), svcEmail, "jm.arriaga@example.com")
	// The address was chosen before the simulator; use it.
	cfg, _ := os.ReadFile(s.config)
	os.WriteFile(s.config, bytes.ReplaceAll(cfg, []byte(s.addr), []byte(addr)), 0o600)
	t.Setenv(fetch.APIKeyEnv, svcAPIKey)
	base, logs, stop := startInProcess(t, "--config", s.config, "--log-format", "json")
	c := http.DefaultClient

	eventually(t, "the scheduled preparation", 60*time.Second, func() bool {
		return metricValue(t, c, base, "anonymize_batch_runs_total") == 1
	})
	before := packetJSON(t, s.out, svcEmail)
	if before == "" || strings.Contains(before, svcSurname) {
		t.Fatalf("packet after the preparation: %.300s", before)
	}

	// An interviewer edits their note in CodeSignal.
	note := "Grace Oyelaran walked us through her sharding plan; ZEBRA-MARKER-7 she is strong on consistency. Email grace.oyelaran@example.com."
	if _, err := sim.EditFeedback("li-0001", fetch.InterviewerFeedback{Author: fetch.User{ID: "u-101"}, Notes: note}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the refresh", 30*time.Second, func() bool {
		return metricValue(t, c, base, "anonymize_refreshes_total") == 1
	})
	after := packetJSON(t, s.out, svcEmail)
	if !strings.Contains(after, "ZEBRA-MARKER-7") {
		t.Fatalf("the refreshed packet lacks the new note:\n%.2000s", after)
	}
	for _, leak := range []string{"Grace", svcSurname, "grace.oyelaran", " her ", " she "} {
		if strings.Contains(after, leak) {
			t.Errorf("the refreshed packet contains %q", leak)
		}
	}
	if ws := sim.WebhookStats(); ws.Delivered != 1 || ws.Failures != 0 {
		t.Errorf("simulator webhook stats %+v", ws)
	}

	// A forged event, even for a real interview, is refused and changes
	// nothing; so is a stale one.
	ev := webhook.Event{Event: webhook.LiveInterviewFeedbackUpdated, TriggeredOn: time.Now().UnixMilli(), Payload: []byte(`{"interviewId":"li-0001","interviewerId":"u-101"}`)}
	if code, _ := signedPost(t, c, base+service.WebhookPath, hookURL, ev, "not-the-secret"); code != http.StatusUnauthorized {
		t.Errorf("forged: %d, want 401", code)
	}
	if code, _ := signedPost(t, c, base+service.WebhookPath, "http://elsewhere.example"+service.WebhookPath, ev, svcSecret); code != http.StatusUnauthorized {
		t.Errorf("signed for another URL: %d, want 401", code)
	}
	time.Sleep(300 * time.Millisecond)
	if got := metricValue(t, c, base, "anonymize_refreshes_total"); got != 1 {
		t.Errorf("refreshes after forged events: %d, want 1", got)
	}
	if got := metricValue(t, c, base, `anonymize_webhook_rejected_total{reason="bad_signature"}`); got != 2 {
		t.Errorf("bad_signature rejections: %d, want 2", got)
	}
	if packetJSON(t, s.out, svcEmail) != after {
		t.Error("a forged event changed the packet")
	}

	// Metrics through client_golang: the counters, the three latency
	// histograms with their buckets, and the Go runtime and process
	// collectors.
	mresp, err := c.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	mbody, _ := io.ReadAll(mresp.Body)
	mresp.Body.Close()
	metrics := string(mbody)
	for _, want := range []string{
		`anonymize_api_request_duration_seconds_bucket{outcome="ok",le="0.01"}`,
		`anonymize_packet_prepare_duration_seconds_bucket{outcome="done",le="+Inf"} `,
		`anonymize_webhook_refresh_delay_seconds_bucket{le="+Inf"} 1`,
		"anonymize_webhook_refresh_delay_seconds_count 1",
		"# TYPE anonymize_refreshes_total counter",
		"# TYPE anonymize_webhook_events_pending gauge",
		`anonymize_webhook_events_total{outcome="accepted"} 1`,
		"go_goroutines ", "go_gc_duration_seconds", "process_cpu_seconds_total ", "process_resident_memory_bytes ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// Operations: health, limits, nothing that serves packets.
	resp, err := c.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("/healthz: %v %v", resp, err)
	}
	code, _ := signedPost(t, c, base+service.WebhookPath, hookURL, webhook.Event{Event: webhook.LiveInterviewFinished, TriggeredOn: time.Now().UnixMilli(),
		Payload: []byte(`{"interviewId":"li-0001","pad":"` + strings.Repeat("x", 2<<20) + `"}`)}, svcSecret)
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB body: %d, want 413", code)
	}
	for _, p := range []string{"/", "/out", "/backend", "/key.json", "/backend/key.json", "/metrics/../key.json", "/packets"} {
		resp, err := c.Get(base + p)
		if err == nil {
			resp.Body.Close()
		}
		if err != nil || resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %v %v, want 404", p, resp.StatusCode, err)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("exit code %d after the context ended", code)
	}
	// Logs are structured and name packets by code only.
	text := logs.String()
	for _, leak := range []string{"Grace", svcSurname, "grace.oyelaran", "ZEBRA", svcAPIKey, svcSecret, "jm.arriaga", "Arriaga"} {
		if strings.Contains(text, leak) {
			t.Errorf("the logs contain %q", leak)
		}
	}
	if !regexp.MustCompile(`"msg":"packet written","packet":"P-[A-Z0-9]+"`).MatchString(text) {
		t.Errorf("no structured 'packet written' line with a code in the logs:\n%.2000s", text)
	}
}

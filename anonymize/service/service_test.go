package service_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/service"
	"github.com/anonymize/anonymize/anonymize/service/servicetest"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
	"github.com/anonymize/anonymize/fetch/webhook"
	"github.com/anonymize/anonymize/rules"
)

const (
	svcAPIKey  = "svc-test-key-0123"
	svcSecret  = servicetest.Secret
	svcEmail   = "grace.oyelaran@example.com"
	svcSurname = "Oyelaran"
)

// logs are the service's log lines, safe to read while it writes them.
type logs struct {
	mu    sync.Mutex
	lines strings.Builder
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines.Write(p)
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines.String()
}

// start runs the service of the file config in this process, as `anonymize
// serve` would with the API key apiKey, until the test ends. It returns the
// base URL, the JSON logs, and stop, which ends the service and returns
// Run's error.
func start(t *testing.T, config, apiKey string) (string, *logs, func() error) {
	t.Helper()
	cfg, err := service.LoadConfig(config)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := cfg.Secret()
	if err != nil {
		t.Fatal(err)
	}
	l := &logs{}
	sv, err := service.New(cfg, service.Options{
		Logger: slog.New(slog.NewJSONHandler(l, nil)),
		Secret: secret,
		Source: func(opts fetch.APIOptions) (*fetch.APISource, error) {
			return fetch.NewAPISource(cfg.APIURL, fetch.NewAPIKey(apiKey, "test"), opts)
		},
		Engine: func(dirs []string) (*anonymize.Engine, error) {
			pack, err := rules.Load(dirs...)
			if err != nil {
				return nil, err
			}
			return anonymize.New(pack)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stdout, w := io.Pipe()
	ran := make(chan error, 1)
	go func() {
		err := sv.Run(ctx, w, nil, 30*time.Second)
		w.CloseWithError(err)
		ran <- err
	}()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-ran:
			case <-time.After(30 * time.Second):
				t.Errorf("the service did not stop; logs:\n%s", l)
			}
		})
		return runErr
	}
	t.Cleanup(func() { stop() })
	base, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no base URL: %v; logs:\n%s", err, l)
	}
	return strings.TrimSpace(base), l, stop
}

// TestServeEndToEnd: the service and the simulator on 127.0.0.1; the
// scheduled preparation runs at start; feedback edited in the simulator
// arrives as a signed webhook and the packet follows, redacted; a forged
// event changes nothing; no endpoint serves packets.
func TestServeEndToEnd(t *testing.T) {
	addr := servicetest.FreeAddr(t)
	hookURL := "http://" + addr + service.WebhookPath
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{
		Data: codesignaltest.Sample(), APIKey: svcAPIKey, RateLimit: -1,
		Webhook: codesignaltest.WebhookConfig{URL: hookURL, Secret: svcSecret, Interval: 50 * time.Millisecond, RetryScale: 0.01, SkipVerification: true},
	})
	s := servicetest.WriteConfig(t, sim.GraphQLURL(), addr, svcEmail, "jm.arriaga@example.com")
	base, logs, stop := start(t, s.Config, svcAPIKey)
	c := http.DefaultClient

	servicetest.Eventually(t, "the scheduled preparation", 60*time.Second, func() bool {
		return servicetest.MetricValue(t, c, base, "anonymize_batch_runs_total") == 1
	})
	before := servicetest.PacketJSON(t, s.Out, svcEmail)
	if before == "" || strings.Contains(before, svcSurname) {
		t.Fatalf("packet after the preparation: %.300s", before)
	}

	// An interviewer edits their note in CodeSignal.
	note := "Grace Oyelaran walked us through her sharding plan; ZEBRA-MARKER-7 she is strong on consistency. Email grace.oyelaran@example.com."
	if _, err := sim.EditFeedback("li-0001", fetch.InterviewerFeedback{Author: fetch.User{ID: "u-101"}, Notes: note}); err != nil {
		t.Fatal(err)
	}
	servicetest.Eventually(t, "the refresh", 30*time.Second, func() bool {
		return servicetest.MetricValue(t, c, base, "anonymize_refreshes_total") == 1
	})
	after := servicetest.PacketJSON(t, s.Out, svcEmail)
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
	if code, _ := servicetest.SignedPost(t, c, base+service.WebhookPath, hookURL, ev, "not-the-secret"); code != http.StatusUnauthorized {
		t.Errorf("forged: %d, want 401", code)
	}
	if code, _ := servicetest.SignedPost(t, c, base+service.WebhookPath, "http://elsewhere.example"+service.WebhookPath, ev, svcSecret); code != http.StatusUnauthorized {
		t.Errorf("signed for another URL: %d, want 401", code)
	}
	time.Sleep(300 * time.Millisecond)
	if got := servicetest.MetricValue(t, c, base, "anonymize_refreshes_total"); got != 1 {
		t.Errorf("refreshes after forged events: %d, want 1", got)
	}
	if got := servicetest.MetricValue(t, c, base, `anonymize_webhook_rejected_total{reason="bad_signature"}`); got != 2 {
		t.Errorf("bad_signature rejections: %d, want 2", got)
	}
	if servicetest.PacketJSON(t, s.Out, svcEmail) != after {
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
	code, _ := servicetest.SignedPost(t, c, base+service.WebhookPath, hookURL, webhook.Event{Event: webhook.LiveInterviewFinished, TriggeredOn: time.Now().UnixMilli(),
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
	if err := stop(); err != nil {
		t.Errorf("Run after the context ended: %v", err)
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

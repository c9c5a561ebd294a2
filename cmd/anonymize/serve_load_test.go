package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/service"
	"github.com/anonymize/anonymize/anonymize/service/servicetest"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
	"github.com/anonymize/anonymize/fetch/webhook"
)

// TestServeLoad delivers 500 webhooks a second for 10 seconds on loopback,
// with duplicates and forged ones mixed in: every valid one must be
// answered 200 and be in the journal, every forged one refused. It prints
// latency percentiles and throughput. Skipped with -short.
func TestServeLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("10-second load test; skipped with -short")
	}
	const (
		rate     = 500
		duration = 10 * time.Second
		total    = int(rate * duration / time.Second)
	)
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: svcAPIKey, RateLimit: -1})
	s := servicetest.WriteConfig(t, sim.GraphQLURL(), "", "nobody@example.com")
	t.Setenv(fetch.APIKeyEnv, svcAPIKey)
	base, _, stop := startInProcess(t, "--config", s.Config)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 512}, Timeout: 10 * time.Second}

	type result struct {
		kind    string // valid, duplicate, forged
		id      string
		status  int
		latency time.Duration
	}
	results := make([]result, total)
	var valid []webhook.Event // sent so far, for duplicates
	var validMu sync.Mutex
	t0 := time.Now().UnixMilli()
	sem := make(chan struct{}, 512)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range total {
		// Paced by the clock, not a ticker (which drops ticks): a late
		// delivery is sent at once, so the average rate is exact.
		if d := time.Until(start.Add(time.Duration(i) * time.Second / rate)); d > 0 {
			time.Sleep(d)
		}
		var ev webhook.Event
		secret := svcSecret
		kind := "valid"
		switch i % 10 {
		case 6, 7:
			validMu.Lock()
			if len(valid) > 0 {
				ev, kind = valid[(i*7919)%len(valid)], "duplicate"
			}
			validMu.Unlock()
		case 8, 9:
			kind, secret = "forged", "forged-secret"
		}
		if kind != "duplicate" {
			ev = webhook.Event{Event: webhook.LiveInterviewFeedbackUpdated, TriggeredOn: t0 + int64(i),
				Payload: []byte(fmt.Sprintf(`{"interviewId":"li-load-%d","interviewerId":"u-%d","feedback":{"generalNotes":"n"}}`, i%50, i))}
		}
		if kind == "valid" {
			validMu.Lock()
			valid = append(valid, ev)
			validMu.Unlock()
		}
		refs, _ := ev.Refs()
		id := webhook.NewRecord(ev, refs, time.Now()).ID
		body := fmt.Sprintf(`{"event":%q,"triggeredOn":%d,"payload":%s}`, ev.Event, ev.TriggeredOn, ev.Payload)
		sig := webhook.Sign([]byte(secret), s.HookURL, ev.Event, ev.TriggeredOn)
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			req, _ := http.NewRequest(http.MethodPost, base+service.WebhookPath, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(webhook.SignatureHeader, sig)
			began := time.Now()
			resp, err := client.Do(req)
			r := result{kind: kind, id: id, status: -1}
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				r.status = resp.StatusCode
			}
			r.latency = time.Since(began)
			results[i] = r
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if code := stop(); code != 0 {
		t.Errorf("serve exit %d", code)
	}

	// Every valid delivery answered 200 and in the journal; every forged
	// one refused.
	journaled := map[string]bool{}
	b, err := os.ReadFile(filepath.Join(s.Dir, "out", ".service", "webhooks.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var x struct{ Op, ID string }
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("journal line %q: %v", l, err)
		}
		if x.Op == "event" {
			journaled[x.ID] = true
			events++
		}
	}
	counts := map[string]int{}
	var lat []time.Duration
	bad := 0
	for _, r := range results {
		counts[r.kind]++
		lat = append(lat, r.latency)
		switch r.kind {
		case "valid", "duplicate":
			if r.status != 200 || !journaled[r.id] {
				bad++
				if bad < 5 {
					t.Errorf("%s delivery: status %d, journaled %v", r.kind, r.status, journaled[r.id])
				}
			}
		case "forged":
			if r.status != http.StatusUnauthorized {
				bad++
				if bad < 5 {
					t.Errorf("forged delivery: status %d, want 401", r.status)
				}
			}
		}
	}
	if events != counts["valid"] {
		t.Errorf("journal holds %d events, want %d (one per distinct valid event)", events, counts["valid"])
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	t.Logf("load: %d deliveries in %s (%.0f/s): %d valid, %d duplicates, %d forged; %d wrong answers",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), counts["valid"], counts["duplicate"], counts["forged"], bad)
	t.Logf("latency: p50 %s, p90 %s, p99 %s, p99.9 %s, max %s", pct(0.50), pct(0.90), pct(0.99), pct(0.999), lat[len(lat)-1])
	fmt.Printf("webhook load: %d deliveries in %s (%.0f/s); latency p50 %s p90 %s p99 %s max %s\n",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), pct(0.50), pct(0.90), pct(0.99), lat[len(lat)-1])
}

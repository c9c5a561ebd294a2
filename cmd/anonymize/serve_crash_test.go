package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/service"
	"github.com/anonymize/anonymize/anonymize/service/servicetest"
	"github.com/anonymize/anonymize/cmd/internal/proctest"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
	"github.com/anonymize/anonymize/fetch/webhook"
)

// startServeProcess runs the built command's serve and returns it with
// its base URL (the first line of its stdout) and its logs.
func startServeProcess(t *testing.T, bin string, env []string, args ...string) (*exec.Cmd, string, *proctest.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	base, logs := proctest.StartServer(t, cmd, 60*time.Second)
	return cmd, base, logs
}

// journalLines counts the journal's event and done lines for an id.
func journalLines(t *testing.T, path, id string) (events, done int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var x struct{ Op, ID string }
		json.Unmarshal([]byte(l), &x)
		if x.ID == id {
			switch x.Op {
			case "event":
				events++
			case "done":
				done++
			}
		}
	}
	return events, done
}

// TestServeCrashAfterAcknowledge kills the service with SIGKILL right after
// it answered 200 to a webhook, before it could process the event; the
// restarted service processes it, and the same event delivered again
// changes nothing: exactly once in effect. The scheduled preparation is
// not repeated after the restart.
func TestServeCrashAfterAcknowledge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command; skipped with -short")
	}
	bin := binary(t)
	// The simulator answers slowly, so the event cannot be processed
	// between the 200 and the kill.
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: codesignaltest.Sample(), APIKey: svcAPIKey, RateLimit: -1, Latency: 400 * time.Millisecond})
	s := servicetest.WriteConfig(t, sim.GraphQLURL(), "", svcEmail)
	env := []string{fetch.APIKeyEnv + "=" + svcAPIKey}
	c := http.DefaultClient
	journal := filepath.Join(s.Dir, "out", ".service", "webhooks.jsonl")

	cmd, base, logs := startServeProcess(t, bin, env, "--config", s.Config)
	servicetest.Eventually(t, "the scheduled preparation", 60*time.Second, func() bool {
		return servicetest.MetricValue(t, c, base, "anonymize_batch_runs_total") == 1
	})
	note := "Late addition: KIWI-MARKER-3, she designed the retry policy herself."
	ev, err := sim.EditFeedback("li-0002", fetch.InterviewerFeedback{Author: fetch.User{ID: "u-102"}, Notes: note})
	if err != nil {
		t.Fatal(err)
	}
	if code, body := servicetest.SignedPost(t, c, base+service.WebhookPath, s.HookURL, ev, svcSecret); code != 200 {
		t.Fatalf("delivery: %d %s", code, body)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	refs, _ := ev.Refs()
	id := webhook.NewRecord(ev, refs, time.Now()).ID
	if e, d := journalLines(t, journal, id); e != 1 || d != 0 {
		t.Fatalf("after the kill the journal has %d event and %d done line(s) for the event, want 1 and 0; logs:\n%s", e, d, logs)
	}
	if strings.Contains(servicetest.PacketJSON(t, s.Out, svcEmail), "KIWI-MARKER-3") {
		t.Fatal("the event was processed before the kill; the test proves nothing")
	}

	cmd, base, logs = startServeProcess(t, bin, env, "--config", s.Config)
	servicetest.Eventually(t, "the journaled event processed after the restart", 60*time.Second, func() bool {
		return servicetest.MetricValue(t, c, base, "anonymize_webhook_events_processed_total") == 1
	})
	if got := servicetest.PacketJSON(t, s.Out, svcEmail); !strings.Contains(got, "KIWI-MARKER-3") || strings.Contains(got, " she ") {
		t.Fatalf("the packet after the restart:\n%.1500s", got)
	}
	// The same event again (CodeSignal retries): acknowledged, not redone.
	if code, body := servicetest.SignedPost(t, c, base+service.WebhookPath, s.HookURL, ev, svcSecret); code != 200 || !strings.HasPrefix(body, "duplicate") {
		t.Fatalf("redelivery: %d %s", code, body)
	}
	time.Sleep(1500 * time.Millisecond) // longer than a refresh through the slow simulator
	for sample, want := range map[string]int64{
		"anonymize_refreshes_total":                           1,
		"anonymize_webhook_events_processed_total":            1,
		`anonymize_webhook_events_total{outcome="duplicate"}`: 1,
		"anonymize_batch_runs_total":                          0, // done before the crash: not repeated
		"anonymize_webhook_events_pending":                    0,
	} {
		if got := servicetest.MetricValue(t, c, base, sample); got != want {
			t.Errorf("%s = %d, want %d", sample, got, want)
		}
	}
	if e, d := journalLines(t, journal, id); e != 1 || d != 1 {
		t.Errorf("journal: %d event and %d done line(s), want 1 and 1", e, d)
	}
	// SIGTERM: a clean stop.
	if err := proctest.Stop(t, cmd, syscall.SIGTERM, 30*time.Second, logs); err != nil {
		t.Errorf("exit after SIGTERM: %v; logs:\n%s", err, logs)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no 'stopped' log line:\n%s", logs)
	}
}

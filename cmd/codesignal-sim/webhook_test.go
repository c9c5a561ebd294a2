package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anonymize/anonymize/fetch/webhook"
)

// TestWebhookFlags edits feedback through /admin/feedback and checks that a
// signed event reaches --webhook-url, after one failure and a scaled retry.
func TestWebhookFlags(t *testing.T) {
	var mu sync.Mutex
	var sigs, bodies []string
	fail := 1
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if len(b) == 0 {
			return // the verification POST
		}
		sigs, bodies = append(sigs, r.Header.Get(webhook.SignatureHeader)), append(bodies, string(b))
		if fail > 0 {
			fail--
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer rcv.Close()
	hookURL := rcv.URL + "/webhooks/codesignal"
	_, url, stderr := start(t, "--api-key", "k-1", "--webhook-url", hookURL, "--webhook-secret", "whsec", "--webhook-retry-scale", "0.001")

	edit := `{"interviewId":"li-0001","feedback":{"author":{"id":"u-101"},"notes":"A new note."}}`
	req, _ := http.NewRequest(http.MethodPost, url+"/admin/feedback", strings.NewReader(edit))
	req.Header.Set("Authorization", "Bearer k-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/admin/feedback: %s; stderr: %s", resp.Status, stderr)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(bodies)
		mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries, want 2 (a failure and its retry); stderr: %s", n, stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if bodies[0] != bodies[1] || sigs[0] != sigs[1] {
		t.Error("the retry is not the same delivery")
	}
	ev, err := webhook.ParseEvent([]byte(bodies[0]))
	if err != nil {
		t.Fatal(err)
	}
	v := webhook.Verifier{Secret: []byte("whsec"), EndpointURL: hookURL}
	if ev.Event != webhook.LiveInterviewFeedbackUpdated || v.Verify(sigs[0], ev.Event, ev.TriggeredOn) != nil {
		t.Errorf("event %s not signed for %s", ev.Event, hookURL)
	}
}

func TestWebhookFlagErrors(t *testing.T) {
	for _, tt := range []struct{ args, want string }{
		{"--webhook-url http://127.0.0.1:1/x", "--webhook-secret"},
		{"--webhook-url ftp://x --webhook-secret s", "http:// or https://"},
		{"--webhook-url http://127.0.0.1:1/x --webhook-secret s --webhook-retry-scale -1", "--webhook-retry-scale"},
	} {
		out, _ := runCmd(append([]string{"--api-key", "k"}, strings.Fields(tt.args)...)...)
		if !strings.Contains(out, tt.want) {
			t.Errorf("%s: output %q does not mention %q", tt.args, out, tt.want)
		}
	}
}

// runCmd runs the command to its end with CODESIGNAL_WEBHOOK_SECRET unset.
func runCmd(args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CODESIGNAL_WEBHOOK_SECRET=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

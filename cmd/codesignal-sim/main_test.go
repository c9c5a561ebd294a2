package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// build compiles the command into a temporary folder once per test.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "codesignal-sim")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestServesUntilInterrupted(t *testing.T) {
	bin := build(t)
	data := filepath.Join(t.TempDir(), "org.json")
	const export = `{"liveInterviews": [{"id": "li-1", "candidateEmail": "ana@example.com", "candidateName": "Ana",
	  "status": "over", "startDate": 1700000000000, "url": "https://app.codesignal.com/li-1", "interviewersFeedback": []}]}`
	if err := os.WriteFile(data, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--data", data, "--addr", "127.0.0.1:0", "--api-key", "sim-key-123")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		io.Copy(io.Discard, stdout)
	}()
	var url string
	select {
	case line := <-lines:
		url = strings.TrimSpace(line)
	case <-time.After(30 * time.Second):
		t.Fatalf("no URL on stdout; stderr: %s", stderr.String())
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line %q is not the base URL", url)
	}

	body := `{"query": "{ liveInterviews(candidateEmail: \"ANA@example.com\") { id candidateName } }"}`
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer sim-key-123")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"data":{"liveInterviews":[{"id":"li-1","candidateName":"Ana"}]}}`; string(got) != want {
		t.Errorf("answer %s, want %s", got, want)
	}

	resp, err = http.Get(url + "/debug/stats")
	if err != nil {
		t.Fatal(err)
	}
	var stats struct{ Requests, OK int }
	json.NewDecoder(resp.Body).Decode(&stats)
	resp.Body.Close()
	if stats.Requests != 1 || stats.OK != 1 {
		t.Errorf("stats %+v, want 1 request served", stats)
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGINT: %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still running 30s after SIGINT")
	}
	if !strings.Contains(stderr.String(), "stopped after 1 requests") {
		t.Errorf("stderr does not report the shutdown: %s", stderr.String())
	}
}

func TestErrors(t *testing.T) {
	bin := build(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"liveInterviews": [{"id": "li-1", "status": "finished"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"bad data file", []string{"--api-key", "k", "--data", bad}, []string{bad, "liveInterviews[0]", "status", `"finished"`}},
		{"missing data file", []string{"--api-key", "k", "--data", filepath.Join(dir, "none.json")}, []string{"none.json", "no such file"}},
		{"no key", []string{}, []string{"--api-key", "CODESIGNAL_API_KEY"}},
		{"bad error rate", []string{"--api-key", "k", "--error-rate", "2"}, []string{"error rate 2"}},
		{"unknown field to deny", []string{"--api-key", "k", "--deny", "everything"}, []string{`"everything"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = append(os.Environ(), "CODESIGNAL_API_KEY=")
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("err = %v, want exit status 1; output: %s", err, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output %q does not mention %q", out, w)
				}
			}
		})
	}
}

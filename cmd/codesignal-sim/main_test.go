package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anonymize/anonymize/cmd/internal/proctest"
)

// bin is the command, compiled once by TestMain into a temporary folder.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "codesignal-sim-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "codesignal-sim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// start runs the command with args and returns its base URL (its first
// line on stdout) and its stderr; the process is killed when the test ends.
func start(t *testing.T, args ...string) (*exec.Cmd, string, *proctest.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	url, stderr := proctest.StartServer(t, cmd, 30*time.Second)
	return cmd, url, stderr
}

func graphQL(t *testing.T, url, key, query string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return string(got)
}

func TestServesUntilInterrupted(t *testing.T) {
	data := filepath.Join(t.TempDir(), "org.json")
	const export = `{"liveInterviews": [{"id": "li-1", "candidateEmail": "ana@example.com", "candidateName": "Ana",
	  "status": "over", "startDate": 1700000000000, "url": "https://app.codesignal.com/li-1", "interviewersFeedback": []}]}`
	if err := os.WriteFile(data, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd, url, stderr := start(t, "--data", data, "--addr", "127.0.0.1:0", "--api-key", "sim-key-123")

	got := graphQL(t, url, "sim-key-123", `{ liveInterviews(candidateEmail: "ANA@example.com") { id candidateName } }`)
	if want := `{"data":{"liveInterviews":[{"id":"li-1","candidateName":"Ana"}]}}`; got != want {
		t.Errorf("answer %s, want %s", got, want)
	}
	resp, err := http.Get(url + "/debug/stats")
	if err != nil {
		t.Fatal(err)
	}
	var stats struct{ Requests, OK int }
	json.NewDecoder(resp.Body).Decode(&stats)
	resp.Body.Close()
	if stats.Requests != 1 || stats.OK != 1 {
		t.Errorf("stats %+v, want 1 request served", stats)
	}

	if err := proctest.Stop(t, cmd, syscall.SIGINT, 30*time.Second, stderr); err != nil {
		t.Errorf("exit after SIGINT: %v; stderr: %s", err, stderr)
	}
	if !strings.Contains(stderr.String(), "stopped after 1 requests") {
		t.Errorf("stderr does not report the shutdown: %s", stderr)
	}
}

// TestFaultFlags checks that the fault options reach the simulator; their
// behaviour is tested in fetch/codesignaltest.
func TestFaultFlags(t *testing.T) {
	t.Setenv("CODESIGNAL_API_KEY", "env-key-456")
	_, url, _ := start(t, "--deny", "liveInterview", "--rate-limit", "2", "--error-rate", "0")
	if got := graphQL(t, url, "env-key-456", `{ liveInterview(liveInterviewId: "x") { id } }`); !strings.Contains(got, "Access Denied") {
		t.Errorf("--deny liveInterview: %s", got)
	}
	var last string
	for range 3 {
		last = graphQL(t, url, "env-key-456", `{ liveInterviews(first: 1) { id } }`)
	}
	if !strings.Contains(last, "You are trying to access 'liveInterviews' too often") {
		t.Errorf("--rate-limit 2, third request: %s", last)
	}
}

func TestErrors(t *testing.T) {
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

package proctest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Buffer is a bytes.Buffer safe to read while a process or goroutine
// writes it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// StartServer starts cmd, waits up to timeout for the base URL it prints
// as its first line on stdout, and returns it with the process's stderr.
// The test fails if the line is not a loopback URL; the process is killed
// when the test ends.
func StartServer(t testing.TB, cmd *exec.Cmd, timeout time.Duration) (string, *Buffer) {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &Buffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- strings.TrimSpace(line)
		io.Copy(io.Discard, r) // a full pipe would block the process
	}()
	select {
	case url := <-lines:
		if !strings.HasPrefix(url, "http://127.0.0.1:") && !strings.HasPrefix(url, "https://127.0.0.1:") {
			t.Fatalf("first line %q is not a loopback base URL; stderr:\n%s", url, logs)
		}
		return url, logs
	case <-time.After(timeout):
		t.Fatalf("no base URL on stdout after %s; stderr:\n%s", timeout, logs)
	}
	return "", nil
}

// Stop sends sig to cmd's process and waits up to timeout for it to exit,
// returning how it exited. The test fails, with logs, if the process is
// still running then; it is killed.
func Stop(t testing.TB, cmd *exec.Cmd, sig os.Signal, timeout time.Duration, logs fmt.Stringer) error {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatalf("sending %v: %v", sig, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		cmd.Process.Kill()
		t.Fatalf("still running %v after %v; logs:\n%s", timeout, sig, logs)
		return nil
	}
}

package proctest

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
)

// TestHelperProcess is the server that TestStartServer starts: this test
// binary run again, printing a URL line or not.
func TestHelperProcess(t *testing.T) {
	switch os.Getenv("PROCTEST_HELPER") {
	case "url":
		os.Stdout.WriteString("http://127.0.0.1:1234\n")
		os.Stderr.WriteString("listening\n")
	case "garbage":
		os.Stdout.WriteString("starting up\n")
	default:
		return
	}
	time.Sleep(10 * time.Second)
	os.Exit(0)
}

func helper(t *testing.T, mode string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "PROCTEST_HELPER="+mode)
	return cmd
}

func TestStartServer(t *testing.T) {
	url, logs := StartServer(t, helper(t, "url"), 10*time.Second)
	if url != "http://127.0.0.1:1234" {
		t.Errorf("url %q", url)
	}
	deadline := time.Now().Add(5 * time.Second)
	for logs.String() != "listening\n" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if logs.String() != "listening\n" {
		t.Errorf("stderr %q", logs.String())
	}
}

// TestStartServerRefusesOtherFirstLines runs StartServer in a subtest that
// must fail, and checks that it did.
func TestStartServerRefusesOtherFirstLines(t *testing.T) {
	ft := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		StartServer(ft, helper(t, "garbage"), 10*time.Second)
	}()
	<-done
	if !ft.failed {
		t.Error("a first line that is not a URL was accepted")
	}
}

// fakeT records Fatalf and stops the goroutine as testing.T would.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper() {}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = true
	runtime.Goexit()
}

package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/service/servicetest"
	"github.com/anonymize/anonymize/cmd/internal/proctest"
)

const (
	svcAPIKey = "svc-test-key-0123"
	svcSecret = servicetest.Secret
	svcEmail  = "grace.oyelaran@example.com"
)

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
	servicetest.Eventually(t, "the base URL", 30*time.Second, func() bool {
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

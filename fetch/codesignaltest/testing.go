package codesignaltest

import (
	"context"
	"testing"
	"time"
)

// StartForTest starts a server for cfg on 127.0.0.1 (a free port) and
// stops it when the test ends. A configuration error fails the test.
func StartForTest(t testing.TB, cfg Config) *Server {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("codesignaltest.New: %v", err)
	}
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("codesignaltest: %v", err)
	}
	t.Cleanup(func() {
		// Requests still in flight are the test's business; give them a
		// moment, then drop them so a stuck client cannot hang the run.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			s.Close()
		}
	})
	return s
}

package service

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/anonymize/anonymize/fetch"
)

// WebhookPath is where CodeSignal posts its webhooks.
const WebhookPath = "/webhooks/codesignal"

// abandonAfter is how long, after the grace period, the service waits for
// a cancelled packet to notice before it exits without it.
const abandonAfter = time.Second

// Run serves until ctx ends, then shuts down gracefully: the packet in
// progress may take grace to finish. It serves HTTPS when tlsConfig is not
// nil. The base URL is written to stdout first, alone on its line, for
// scripts and tests.
func (sv *Service) Run(ctx context.Context, stdout io.Writer, tlsConfig *tls.Config, grace time.Duration) error {
	defer sv.journal.Close()
	srv := sv.server()
	ln, err := net.Listen("tcp", sv.cfg.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	scheme := "http"
	if tlsConfig != nil {
		srv.TLSConfig = tlsConfig
		ln = tls.NewListener(ln, srv.TLSConfig)
		scheme = "https"
	}
	fmt.Fprintln(stdout, scheme+"://"+ln.Addr().String())
	sv.log.Info("serving", "addr", ln.Addr().String(), "tls", tlsConfig != nil, "webhook", fetch.RedactURL(sv.cfg.WebhookURL),
		"meetings", len(sv.cfg.Meetings), "pending_events", len(sv.journal.Pending()))

	// stop ends the scheduler and the processor between packets; work ends
	// the packet in progress, grace after stop.
	stop, stopAll := context.WithCancel(context.Background())
	work, cancelWork := context.WithCancel(context.Background())
	defer cancelWork()
	var wg sync.WaitGroup
	var schedErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := sv.sched.Run(stop, work); err != nil {
			schedErr = err
			sv.log.Error("schedule stopped", "err", err.Error())
		}
	}()
	go func() { defer wg.Done(); sv.process(stop, work) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		stopAll()
		wg.Wait()
		return fmt.Errorf("serve: %w", err)
	}
	sv.log.Info("shutting down: finishing the packet in progress")
	stopAll()
	if err := sv.shutdown(srv, &wg, cancelWork, grace); err != nil {
		return err
	}
	sv.log.Info("stopped", "pending_events", len(sv.journal.Pending()))
	return schedErr
}

// server is the HTTP server of the webhook endpoint, /healthz and /metrics.
func (sv *Service) server() *http.Server {
	mux := http.NewServeMux()
	mux.Handle("POST "+WebhookPath, sv.receiver)
	mux.Handle(WebhookPath, sv.receiver) // other methods: 405 from the receiver, counted
	mux.HandleFunc("GET /healthz", sv.healthz)
	mux.Handle("GET /metrics", sv.metrics.handler())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(sv.log.Handler(), slog.LevelWarn),
	}
}

// shutdown stops the server and waits for the scheduler and the processor
// (wg). The grace period covers everything: requests in flight and the
// packet in progress end within it, or are abandoned (cancelWork).
func (sv *Service) shutdown(srv *http.Server, wg *sync.WaitGroup, cancelWork context.CancelFunc, grace time.Duration) error {
	deadline := time.Now().Add(grace)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	sctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	srv.Shutdown(sctx) //nolint:errcheck // requests still in flight at the deadline are dropped
	srv.Close()
	select {
	case <-done:
		return nil
	case <-time.After(time.Until(deadline)):
	}
	sv.log.Warn("the packet in progress did not finish within the grace period; abandoning it", "grace", grace.String())
	cancelWork()
	// The pipeline returns at once when cancelled; a packet that still
	// does not stop is left (every file is written atomically, and its
	// event stays pending for the next start).
	select {
	case <-done:
		return nil
	case <-time.After(abandonAfter):
		sv.log.Error("the packet in progress ignored cancellation; exiting without it", "waited", abandonAfter.String())
		sv.log.Info("stopped", "pending_events", len(sv.journal.Pending()))
		return errors.New("serve: stopped with a packet unfinished after the grace period; its event is processed after the next start")
	}
}

func (sv *Service) healthz(w http.ResponseWriter, _ *http.Request) {
	if err := sv.journal.Err(); err != nil {
		http.Error(w, "journal broken", http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ok\n")
}

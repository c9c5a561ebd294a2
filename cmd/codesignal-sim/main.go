package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

func main() {
	// Cancelled on SIGINT/SIGTERM: the server then drains and exits 0.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newApp(os.Stdout, os.Stderr).RunContext(ctx, os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "codesignal-sim:", err)
		os.Exit(1)
	}
}

// shutdownGrace bounds how long requests in flight may take after an
// interrupt.
const shutdownGrace = 5 * time.Second

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:      "codesignal-sim",
		Usage:     "serve a simulated CodeSignal GraphQL API on a local address",
		UsageText: "codesignal-sim --api-key KEY [--data FILE] [--addr 127.0.0.1:0] [fault options] [--webhook-url URL --webhook-secret S]",
		Description: `Serves the live interviews of an export file (the shape of the API's data object,
{"liveInterviews": [...]}; without --data, an embedded sample organisation) at <base URL>/graphql.
Only "Authorization: Bearer KEY" is accepted. Counters are at <base URL>/debug/stats.
The first line on stdout is the base URL. Ctrl-C stops it.

Example:
   codesignal-sim --api-key demo-key --latency 50ms --error-rate 0.2 --seed 1
   CODESIGNAL_API_KEY=demo-key anonymize --candidate maria@example.com --api-url http://127.0.0.1:PORT/graphql`,
		HideHelpCommand: true,
		Writer:          stdout,
		ErrWriter:       stderr,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data", Usage: "export `FILE` to serve (default: the embedded sample organisation)"},
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:0", Usage: "`HOST:PORT` to listen on; port 0 picks a free one"},
			&cli.StringFlag{Name: "api-key", EnvVars: []string{fetch.APIKeyEnv}, Usage: "the only API `KEY` accepted (clients send it as a Bearer token)"},
			&cli.IntFlag{Name: "rate-limit", Value: codesignaltest.DefaultRateLimit, Usage: "requests per second allowed per key and field (`N`); 0 turns the limit off"},
			&cli.DurationFlag{Name: "latency", Usage: "delay every answer by `DURATION`"},
			&cli.Float64Flag{Name: "error-rate", Usage: "answer this fraction `F` (0..1) of requests with HTTP 500, 502 or 503"},
			&cli.StringSliceFlag{Name: "deny", Usage: "answer \"Access Denied\" on Query `FIELD` (repeatable)"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed `N` for injected errors: the same seed gives the same faults"},
			&cli.StringFlag{Name: "webhook-url", Usage: "send CodeSignal webhooks to `URL` when data changes (POST /admin/feedback, /admin/finish)"},
			&cli.StringFlag{Name: "webhook-secret", EnvVars: []string{"CODESIGNAL_WEBHOOK_SECRET"}, Usage: "`SECRET` that signs webhooks (X-CodeSignal-Signature)"},
			&cli.DurationFlag{Name: "webhook-interval", Value: codesignaltest.DefaultWebhookInterval, Usage: "pause `DURATION` after each delivered webhook"},
			&cli.Float64Flag{Name: "webhook-retry-scale", Value: 1, Usage: "multiply the documented retry delays by `F` (e.g. 0.001 for tests)"},
			&cli.IntFlag{Name: "webhook-max-attempts", Value: codesignaltest.DefaultWebhookMaxAttempts, Usage: "disable the webhook after `N` consecutive failures"},
		},
		Action: func(c *cli.Context) error { return run(c, stdout, stderr) },
	}
}

func run(c *cli.Context, stdout, stderr io.Writer) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (the export file goes after --data)", c.Args().First())
	}
	key := strings.TrimSpace(c.String("api-key"))
	if key == "" {
		return fmt.Errorf("no API key: pass --api-key KEY or set %s; clients must send the same key", fetch.APIKeyEnv)
	}
	data, name, err := loadData(c.String("data"))
	if err != nil {
		return err
	}
	rate := c.Int("rate-limit")
	switch {
	case rate == 0:
		rate = -1 // Config's "no limit"
	case rate < 0:
		return fmt.Errorf("--rate-limit %d: want a positive number of requests per second, or 0 for no limit", rate)
	}
	hook, err := webhookConfig(c)
	if err != nil {
		return err
	}
	srv, err := codesignaltest.New(codesignaltest.Config{
		Webhook:   hook,
		Data:      data,
		APIKey:    key,
		RateLimit: rate,
		Latency:   c.Duration("latency"),
		ErrorRate: c.Float64("error-rate"),
		Deny:      c.StringSlice("deny"),
		Seed:      c.Uint64("seed"),
	})
	if err != nil {
		return err
	}
	url, err := srv.Start(c.String("addr"))
	if err != nil {
		return err
	}
	// The base URL first and alone on its line: scripts and tests read it.
	fmt.Fprintln(stdout, url)
	fmt.Fprintf(stderr, "codesignal-sim: serving %d interviews of %d candidates from %s\n", len(data.LiveInterviews), countCandidates(data), name)
	fmt.Fprintf(stderr, "codesignal-sim: GraphQL at %s/graphql, counters at %s/debug/stats; Ctrl-C stops\n", url, url)
	if hook.URL != "" {
		fmt.Fprintf(stderr, "codesignal-sim: webhooks to %s; change data with POST %s/admin/feedback or /admin/finish (Bearer key)\n", hook.URL, url)
	}

	<-c.Context.Done()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	st := srv.Stats()
	fmt.Fprintf(stderr, "codesignal-sim: stopped after %d requests (%d ok, %d unauthorized, %d rate-limited, %d injected errors)\n",
		st.Requests, st.OK, st.Unauthorized, st.RateLimited, st.InjectedErrors)
	if hook.URL != "" {
		ws := srv.WebhookStats()
		fmt.Fprintf(stderr, "codesignal-sim: webhooks: %d delivered, %d attempts, %d failed, %d still queued, %d dropped, disabled %v\n",
			ws.Delivered, ws.Attempts, ws.Failures, ws.Queued, ws.Dropped, ws.Disabled)
	}
	return nil
}

// webhookConfig reads the --webhook-* flags.
func webhookConfig(c *cli.Context) (codesignaltest.WebhookConfig, error) {
	url := strings.TrimSpace(c.String("webhook-url"))
	if url == "" {
		return codesignaltest.WebhookConfig{}, nil
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return codesignaltest.WebhookConfig{}, fmt.Errorf("--webhook-url %q: want an http:// or https:// URL", url)
	}
	secret := c.String("webhook-secret")
	if secret == "" {
		return codesignaltest.WebhookConfig{}, errors.New("--webhook-url needs --webhook-secret SECRET (or CODESIGNAL_WEBHOOK_SECRET)")
	}
	interval := c.Duration("webhook-interval")
	if interval == 0 {
		interval = -1 // Config's "no pause"
	}
	if c.Float64("webhook-retry-scale") <= 0 {
		return codesignaltest.WebhookConfig{}, fmt.Errorf("--webhook-retry-scale %v: want a positive factor", c.Float64("webhook-retry-scale"))
	}
	if c.Int("webhook-max-attempts") <= 0 {
		return codesignaltest.WebhookConfig{}, fmt.Errorf("--webhook-max-attempts %d: want a positive number", c.Int("webhook-max-attempts"))
	}
	return codesignaltest.WebhookConfig{
		URL: url, Secret: secret, Interval: interval,
		RetryScale: c.Float64("webhook-retry-scale"), MaxAttempts: c.Int("webhook-max-attempts"),
	}, nil
}

// loadData reads the export file, or the embedded sample when path is
// empty, and returns it with a name for messages.
func loadData(path string) (fetch.Export, string, error) {
	if path == "" {
		ex, err := codesignaltest.LoadSample()
		return ex, "the embedded sample organisation", err
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fetch.Export{}, "", fmt.Errorf("--data %s: no such file", path)
		}
		return fetch.Export{}, "", fmt.Errorf("--data: %w", err)
	}
	defer f.Close()
	// DecodeExport's errors name the file and the field.
	ex, err := fetch.DecodeExport(path, f)
	if err != nil {
		return fetch.Export{}, "", fmt.Errorf("--data: %w", err)
	}
	return ex, path, nil
}

func countCandidates(ex fetch.Export) int {
	seen := map[string]bool{}
	for _, li := range ex.LiveInterviews {
		seen[strings.ToLower(strings.TrimSpace(li.CandidateEmail))] = true
	}
	return len(seen)
}

package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/service"
	"github.com/anonymize/anonymize/fetch"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "run as a service: prepare packets before each committee meeting and refresh them when CodeSignal's webhooks say feedback changed",
		Description: `Reads a service file (see docs/service.md): committees with their meeting times
and how long before each to prepare, the listen address, the webhook's URL and
secret (from a file or the environment), and the output root.

Serves POST ` + service.WebhookPath + ` (signed webhooks, journaled before the 200),
GET /healthz and GET /metrics (Prometheus text). No endpoint serves packets or keys.
SIGTERM or Ctrl-C finishes the packet in progress and stops.

Example:
   CODESIGNAL_API_KEY=... CODESIGNAL_WEBHOOK_SECRET=... anonymize serve --config service.yaml`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "service `FILE` (YAML)"},
			&cli.StringFlag{Name: "tls-cert", Usage: "serve HTTPS with this certificate `FILE` (PEM; with --tls-key)"},
			&cli.StringFlag{Name: "tls-key", Usage: "the certificate's private key `FILE` (PEM)"},
			&cli.StringFlag{Name: "log-format", Value: "json", Usage: "log lines as `json` or text"},
			&cli.DurationFlag{Name: "shutdown-grace", Value: 60 * time.Second, Usage: "how long (`DURATION`) the packet in progress may take to finish after SIGTERM"},
		},
		Action: func(c *cli.Context) error { return runServe(c) },
	}
}

func runServe(c *cli.Context) error {
	if c.NArg() > 0 {
		return withCode(exitUsage, fmt.Errorf("serve: unexpected argument %q", c.Args().First()))
	}
	if c.String("config") == "" {
		return withCode(exitUsage, errors.New("serve: say which service file: --config FILE (see docs/service.md)"))
	}
	cert, key := c.String("tls-cert"), c.String("tls-key")
	if (cert == "") != (key == "") {
		return withCode(exitUsage, errors.New("serve: give both --tls-cert and --tls-key, or neither"))
	}
	logger, err := serveLogger(c.String("log-format"), c.App.ErrWriter)
	if err != nil {
		return err
	}
	cfg, err := service.LoadConfig(c.String("config"))
	if err != nil {
		return withCode(exitUsage, err)
	}
	sv, err := newService(cfg, logger)
	if err != nil {
		return err
	}
	var tlsConfig *tls.Config
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			sv.Close()
			return withCode(exitUsage, fmt.Errorf("serve: --tls-cert/--tls-key: %w", err))
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	return sv.Run(c.Context, c.App.Writer, tlsConfig, c.Duration("shutdown-grace"))
}

func serveLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	}
	return nil, withCode(exitUsage, fmt.Errorf("serve: --log-format %q: want json or text", format))
}

// newService opens the service of cfg with the command line's way of
// reporting a missing secret or key, a bad API URL and bad rules (exit 2).
func newService(cfg service.Config, logger *slog.Logger) (*service.Service, error) {
	secret, err := cfg.Secret()
	if err != nil {
		return nil, withCode(exitUsage, err)
	}
	// serve has no key flag: the key comes from the service file or the
	// environment, and the message says so.
	apiKey, err := loadKey(cfg.APIKeyFile, "set "+fetch.APIKeyEnv+" or api.key_file in the service file "+cfg.File)
	if err != nil {
		return nil, err
	}
	return service.New(cfg, service.Options{
		Logger: logger,
		Secret: secret,
		Source: func(opts fetch.APIOptions) (*fetch.APISource, error) { return apiSource(cfg.APIURL, apiKey, opts) },
		Engine: func(rules []string) (*anonymize.Engine, error) { return engineFromFlags(rules, nil) },
	})
}

package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

// The flags several commands share, and what turns them into a source, an
// engine and limits: an error of the user's is bad usage (exit 2).

// sourceFlags are the flags sourceFromFlags reads.
func sourceFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "api-url", Value: fetch.DefaultAPIURL, Usage: "CodeSignal's GraphQL endpoint `URL` (the simulator's is <base URL>/graphql)"},
		&cli.StringFlag{Name: "api-key-file", Usage: "read the API key from `FILE`", DefaultText: "the CODESIGNAL_API_KEY environment variable"},
		&cli.StringFlag{Name: "input", Usage: "read interviews from an export `FILE` instead of the API"},
	}
}

// maxNoteSizeFlag is the flag maxNoteFlag reads.
func maxNoteSizeFlag() cli.Flag {
	return &cli.StringFlag{Name: "max-note-size", Value: "128KiB", Usage: "refuse a candidate with a note larger than `SIZE` (bytes, KiB or MiB): redaction time grows faster than a note"}
}

// maxNoteFlag reads --max-note-size.
func maxNoteFlag(c *cli.Context) (int64, error) {
	n, err := batch.ParseSize(strings.TrimSpace(c.String("max-note-size")))
	if err != nil || n < 1024 {
		return 0, withCode(exitUsage, fmt.Errorf("--max-note-size %q: want a size of at least 1KiB, like 128KiB or 1MiB", c.String("max-note-size")))
	}
	return n, nil
}

// sourceFromFlags picks the export file (--input) or the API (--api-url,
// --api-key-file) with opts. elsewise says what else the user can do when
// there is no API key.
func sourceFromFlags(c *cli.Context, elsewise string, opts fetch.APIOptions) (fetch.Source, error) {
	if in := c.String("input"); in != "" {
		return fetch.NewFileSource(in)
	}
	key, err := loadKey(c.String("api-key-file"), "set "+fetch.APIKeyEnv+" or pass --api-key-file FILE (or "+elsewise+")")
	if err != nil {
		return nil, err
	}
	return apiSource(c.String("api-url"), key, opts)
}

// loadKey reads the API key. No key, or a key file that cannot be read, is
// bad usage (exit 2) for every command: running again will not help, and
// fix says what will.
func loadKey(file, fix string) (fetch.APIKey, error) {
	key, err := fetch.LoadAPIKey(file)
	switch {
	case errors.Is(err, fetch.ErrNoAPIKey):
		return key, withCode(exitUsage, fmt.Errorf("no CodeSignal API key: %s", fix))
	case err != nil:
		return key, withCode(exitUsage, err)
	}
	return key, nil
}

// apiSource opens the API. An API URL that is not one, or that would send
// the key in clear text, is bad usage (exit 2) for every command.
func apiSource(apiURL string, key fetch.APIKey, opts fetch.APIOptions) (*fetch.APISource, error) {
	src, err := fetch.NewAPISource(apiURL, key, opts)
	if err != nil {
		return nil, withCode(exitUsage, err)
	}
	return src, nil
}

// engineFromFlags loads the default pack plus user packs, optionally
// narrowed to some rule ids.
func engineFromFlags(dirs []string, only []string) (*anonymize.Engine, error) {
	return engineWith(dirs, only, "")
}

// engineWith is engineFromFlags with a reflexive form: "themselves" or
// "themself" replaces the entries of every sequence rule's reflexive table
// (a pack setting made a flag, for scoring against test sets that use
// "themself").
func engineWith(dirs []string, only []string, reflexive string) (*anonymize.Engine, error) {
	anonymize.Preload() // prose's model loads while the rules compile
	pack, err := rules.Load(dirs...)
	if err != nil {
		return nil, withCode(exitUsage, fmt.Errorf("rules:\n%w", err))
	}
	if len(only) > 0 {
		if pack, err = pack.Only(only); err != nil {
			return nil, withCode(exitUsage, err)
		}
	}
	switch reflexive {
	case "":
	case "themselves", "themself":
		pack.SetForm("reflexive", reflexive)
	default:
		return nil, withCode(exitUsage, fmt.Errorf("--reflexive %q: want themselves or themself", reflexive))
	}
	return anonymize.New(pack)
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/anonymize/anonymize/anonymize/packet"
)

func revealCommand() *cli.Command {
	return &cli.Command{
		Name:      "reveal",
		Usage:     "tell an authorised coordinator who a packet is about (name, email, and who every label stands for)",
		ArgsUsage: "CODE",
		Description: `Looks the packet code up in the key: a key file (key.json, or an age-encrypted
*.age file), or a coordinator folder, where it reads key.json and keys/*.age
(newest wins when several hold the code). Given an output folder OUT, it reads
OUT's coordinator folder, OUT.coordinator. Encrypted files need the
coordinator's age identity file (as age-keygen writes it).

Examples:
   anonymize reveal P-7K2M9QX4                          # packets.coordinator
   anonymize reveal P-7K2M9QX4 --key packets/2025-03-14 # its coordinator folder
   anonymize reveal P-7K2M9QX4 --key packets.coordinator/keys --identity ~/.config/anonymize/coordinator.agekey`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "key", Aliases: []string{"coordinator"}, Value: "packets" + packet.CoordinatorSuffix, Usage: "key `FILE`, the coordinator folder, or the output folder it belongs to"},
			&cli.StringSliceFlag{Name: "identity", Usage: "age identity `FILE` that decrypts encrypted key files (repeatable)"},
		},
		Action: revealAction,
	}
}

func revealAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return withCode(exitUsage, errors.New("reveal: say which packet: anonymize reveal CODE --key FILE"))
	}
	code := strings.ToUpper(strings.TrimSpace(c.Args().First()))
	if !strings.HasPrefix(code, packet.CodePrefix) {
		code = packet.CodePrefix + code
	}
	var ids []age.Identity
	for _, f := range c.StringSlice("identity") {
		more, err := packet.LoadIdentities(f)
		if err != nil {
			return withCode(exitUsage, err)
		}
		ids = append(ids, more...)
	}
	files, err := keyFiles(c.String("key"))
	if err != nil {
		return err
	}
	var found *packet.KeyEntry
	var problems []string
	for _, f := range files { // oldest first: the newest entry wins
		entries, err := packet.ReadKeyFile(f, ids)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for i := range entries {
			if entries[i].Code != code {
				continue
			}
			e := entries[i]
			if found != nil && e.Failure != "" && len(e.Pseudonyms) == 0 {
				// A failed run knows only the email; the labels of the
				// last packet made still hold for it.
				e.Name, e.Pseudonyms = found.Name, found.Pseudonyms
			}
			found = &e
		}
	}
	if found == nil {
		msg := fmt.Sprintf("reveal: no key entry for %s in %s", code, c.String("key"))
		if len(problems) > 0 {
			msg += "; some key files could not be read:\n  " + strings.Join(problems, "\n  ")
		}
		return errors.New(msg)
	}
	for _, p := range problems {
		fmt.Fprintf(c.App.ErrWriter, "warning: %s\n", p)
	}
	w := c.App.Writer
	who := found.Name + " <" + found.Email + ">"
	if found.Name == "" {
		who = "<" + found.Email + ">" // a candidate who never got a packet
	}
	fmt.Fprintf(w, "packet %s: %s\n", found.Code, who)
	if found.Failure != "" {
		fmt.Fprintf(w, "the last run made no packet: %s\n", oneLineReason(found.Failure))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LABEL\tNAME\tEMAIL")
	for _, p := range found.Pseudonyms {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Label, p.Name, p.Email)
	}
	return tw.Flush()
}

// keyFiles returns the key files at path (a file, or a coordinator
// folder's key.json and keys/*.age, or those of an output folder's
// coordinator folder), oldest first.
func keyFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reveal: %w", err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	files, err := keyFilesIn(path)
	if errors.Is(err, fs.ErrNotExist) {
		// An output folder: its coordinator folder is beside it.
		if coord, cerr := packet.DefaultCoordinatorDir(path); cerr == nil {
			if more, cerr := keyFilesIn(coord); cerr == nil {
				return more, nil
			}
		}
	}
	return files, err
}

func keyFilesIn(path string) ([]string, error) {
	var files []string
	for _, pattern := range []string{
		filepath.Join(path, packet.KeyFile),
		filepath.Join(path, "*"+packet.AgeKeySuffix),
		filepath.Join(path, packet.KeysDir, "*"+packet.AgeKeySuffix),
	} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("reveal: no key file in %s (want %s or %s/*%s): %w", path, packet.KeyFile, packet.KeysDir, packet.AgeKeySuffix, fs.ErrNotExist)
	}
	mtime := map[string]int64{}
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			mtime[f] = fi.ModTime().UnixNano()
		}
	}
	sort.SliceStable(files, func(i, j int) bool {
		if mtime[files[i]] != mtime[files[j]] {
			return mtime[files[i]] < mtime[files[j]]
		}
		return files[i] < files[j]
	})
	return files, nil
}

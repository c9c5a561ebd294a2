package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/anonymize/service/servicetest"
	"github.com/anonymize/anonymize/cmd/internal/proctest"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

// longNotes gives the candidate's interviews many long notes, so that
// preparing the packet takes far longer than the test waits.
func longNotes(email string) fetch.Export {
	ex := codesignaltest.Sample()
	// About 120 KiB of distinct sentences a note, under the default size
	// limit: long enough that, however fast the pipeline gets, a signal
	// sent a second and a half after start finds the notes still being
	// redacted.
	var b strings.Builder
	for i := 0; b.Len() < 120<<10; i++ {
		fmt.Fprintf(&b, "They designed retry policy %d and measured the p99 latency under load %d. ", i, i*7)
	}
	para := b.String()
	for i := range ex.LiveInterviews {
		li := &ex.LiveInterviews[i]
		if !fetch.SameEmail(li.CandidateEmail, email) {
			continue
		}
		for j := range li.InterviewersFeedback {
			fb := &li.InterviewersFeedback[j]
			fb.Notes = para
			for c := range fb.Categories {
				for a := range fb.Categories[c].Attributes {
					fb.Categories[c].Attributes[a].Notes = para
				}
			}
		}
	}
	return ex
}

// TestServeShutdownGraceDuringALongPacket: SIGTERM while a long packet is
// being redacted. The packet may not finish within --shutdown-grace, so it
// is cancelled (the pipeline stops between notes) and the service exits
// soon after the grace period, having written nothing half: no packet, no
// temporary file, and the preparation is not marked done.
func TestServeShutdownGraceDuringALongPacket(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command; skipped with -short")
	}
	bin := binary(t)
	sim := codesignaltest.StartForTest(t, codesignaltest.Config{Data: longNotes(svcEmail), APIKey: svcAPIKey, RateLimit: -1})
	s := servicetest.WriteConfig(t, sim.GraphQLURL(), "", svcEmail)
	env := []string{fetch.APIKeyEnv + "=" + svcAPIKey}
	cmd, _, logs := startServeProcess(t, bin, env, "--config", s.Config, "--shutdown-grace", "300ms")
	servicetest.Eventually(t, "the preparation to start", 60*time.Second, func() bool {
		return strings.Contains(logs.String(), "preparation started")
	})
	time.Sleep(500 * time.Millisecond) // well into the notes
	sent := time.Now()
	proctest.Stop(t, cmd, syscall.SIGTERM, 20*time.Second, logs) // with a grace of 300ms
	t.Logf("stopped %v after SIGTERM", time.Since(sent).Round(time.Millisecond))
	if !strings.Contains(logs.String(), "grace period") {
		t.Errorf("no word of the grace period in the logs:\n%s", logs)
	}
	if got := servicetest.PacketJSON(t, s.Out, svcEmail); got != "" {
		t.Error("a packet was written although its preparation was cancelled")
	}
	filepath.WalkDir(filepath.Dir(s.Out), func(p string, d os.DirEntry, err error) error {
		if err == nil && packet.IsTempFile(d.Name()) {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
	state, _ := os.ReadFile(filepath.Join(s.Dir, "out", ".service", "schedule.json"))
	if strings.Contains(string(state), `"done"`) {
		t.Errorf("the cancelled preparation is marked done: %s", state)
	}
}

// TestBatchSIGTERMDuringLongNotes: Ctrl-C or SIGTERM used to wait for the
// packet in progress to finish. The batch stops between notes, exits 1
// saying it was interrupted, and leaves no packet, key entry or temporary
// file of the candidate it was preparing.
func TestBatchSIGTERMDuringLongNotes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command; skipped with -short")
	}
	bin := binary(t)
	dir := t.TempDir()
	ex := longNotes(svcEmail)
	b, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(dir, "export.json")
	os.WriteFile(export, b, 0o644)
	out := filepath.Join(dir, "out")
	com := writeCommittee(t, dir, out, []string{svcEmail})
	cmd := exec.Command(bin, "batch", "--input", export, "--progress", "lines", "--max-note-size", "1MiB", com)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // the rules load, then the notes
	sent := time.Now()
	err = proctest.Stop(t, cmd, syscall.SIGTERM, 30*time.Second, &logs)
	t.Logf("stopped %v after SIGTERM: %v", time.Since(sent).Round(time.Millisecond), err)
	if cmd.ProcessState.ExitCode() != exitError || !strings.Contains(logs.String(), "interrupted") {
		t.Errorf("exit %d, want %d saying it was interrupted:\n%s", cmd.ProcessState.ExitCode(), exitError, logs.String())
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if packet.IsTempFile(d.Name()) || d.Name() == packet.JSONFile || d.Name() == packet.KeyFile {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

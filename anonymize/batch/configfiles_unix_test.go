//go:build unix

package batch

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestConfigFilesMustBeRegular: a committee or service file that is a FIFO
// used to hang the command, /dev/zero to exhaust its memory.
func TestConfigFilesMustBeRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "committee.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		if _, err := LoadCommittee(path); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("LoadCommittee(%s): %v", path, err)
		}
		if _, err := LoadServiceConfig(path); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("LoadServiceConfig(%s): %v", path, err)
		}
	}
}

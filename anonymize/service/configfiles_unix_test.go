//go:build unix

package service

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestConfigFileMustBeRegular: a service file that is a FIFO used to hang
// the service, /dev/zero to exhaust its memory.
func TestConfigFileMustBeRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "service.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("LoadConfig(%s): %v", path, err)
		}
	}
}

//go:build unix

package packet

import (
	"syscall"
	"testing"
)

// strictUmask sets a umask that would narrow any mode not set explicitly,
// for the rest of the test.
func strictUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	t.Cleanup(func() { syscall.Umask(old) })
}

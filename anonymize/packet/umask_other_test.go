//go:build !unix

package packet

import "testing"

// strictUmask does nothing where there is no umask.
func strictUmask(t *testing.T) {}

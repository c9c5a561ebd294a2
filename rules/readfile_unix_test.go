//go:build unix

package rules

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRuleFilesMustBeRegularAndSmall: a FIFO used to hang the load, and
// /dev/zero to run out of memory; both, and an oversized file, are errors
// naming the file.
func TestRuleFilesMustBeRegularAndSmall(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "not a regular file"},
		{"device", func(p string) error { return os.Symlink("/dev/zero", p) }, "not a regular file"},
		{"oversized", func(p string) error {
			return os.WriteFile(p, []byte("kind: allow\nterms: [x]\n# "+strings.Repeat("x", MaxFileSize)+"\n"), 0o644)
		}, "larger than"},
	} {
		for _, name := range []string{"odd.yaml", PackFile + ".yaml"} {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			if err := tc.make(path); err != nil {
				t.Skipf("%s: %v", tc.name, err)
			}
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s as %s: %v; want an error naming the file and saying %q", tc.name, name, err, tc.want)
			}
			if name != PackFile+".yaml" {
				if _, err := ParseFile(path); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("ParseFile %s: %v", tc.name, err)
				}
			}
		}
	}
}

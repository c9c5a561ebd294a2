//go:build unix

package fetch_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/anonymize/anonymize/fetch"
)

// TestSecretFilesBounded: /dev/zero given as the key file is refused
// without filling the memory; a pipe still works, as process substitution
// (--api-key-file <(pass show codesignal)) gives one.
func TestSecretFilesBounded(t *testing.T) {
	if _, err := fetch.LoadAPIKey("/dev/zero"); err == nil || !strings.Contains(err.Error(), "too long for a key") {
		t.Errorf("/dev/zero: %v", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString(secret + "\n"); w.Close() }()
	defer r.Close()
	k, err := fetch.LoadAPIKey(fmt.Sprintf("/dev/fd/%d", r.Fd()))
	if err != nil {
		t.Skipf("no /dev/fd here: %v", err)
	}
	if k.Reveal() != secret {
		t.Errorf("key from a pipe: %q", k.Reveal())
	}
}

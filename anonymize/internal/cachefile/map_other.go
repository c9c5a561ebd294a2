//go:build !unix

package cachefile

import "os"

// readOnly returns the file's bytes, and nothing to undo.
func readOnly(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}

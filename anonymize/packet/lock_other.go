//go:build !unix

package packet

// lockFile is a no-op where flock does not exist: within one process keyMu
// still serialises key writes; processes sharing an output folder on such a
// system must not write the key file at the same time.
func lockFile(path string) (unlock func(), err error) {
	return func() {}, nil
}

// tryLockFile is a no-op where flock does not exist.
func tryLockFile(path string, shared bool) (unlock func(), busy bool, err error) {
	return func() {}, false, nil
}

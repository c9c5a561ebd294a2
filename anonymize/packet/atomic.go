package packet

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// tempPrefix starts the name of every temporary file this package makes, so
// that leftovers of a killed run are recognisable (IsTempFile, CleanTemp).
// The leading dot keeps them out of a plain ls.
const tempPrefix = ".tmp-"

// WriteFileAtomic writes data to path so that path holds either its old
// content or all of data, never a part, even if the process or the machine
// dies: it writes a temporary file in the same folder (so the rename stays
// within one file system), syncs and closes it, sets its mode to exactly
// perm (the umask does not apply), renames it over path and syncs the folder
// so that the rename itself survives a crash. On failure the temporary file
// is removed.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, filepath.Base(path), data, perm)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeTemp writes data, synced and with mode perm, to a new temporary file
// in dir whose name mentions base, and returns its path. The file's mode is
// set before anyone can rename or link it into place, so a file that should
// be 0600 is never visible under its real name with a wider mode.
func writeTemp(dir, base string, data []byte, perm os.FileMode) (_ string, err error) {
	f, err := os.CreateTemp(dir, tempPrefix+base+"-*")
	if err != nil {
		return "", fmt.Errorf("create temporary file: %w", err)
	}
	// Not a named result: every error return sets the result to "", and
	// the cleanup below must still know which file to remove (on a full
	// disk it used to remove "" and leave the file behind).
	path := f.Name()
	defer func() {
		if err != nil {
			f.Close() // may already be closed; the error that matters is err
			os.Remove(path)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("close %s: %w", path, err)
	}
	if err := os.Chmod(path, perm); err != nil {
		return "", fmt.Errorf("chmod %s: %w", path, err)
	}
	return path, nil
}

// syncDir makes a rename or link in dir durable. Windows cannot open a
// folder for syncing and some file systems refuse to sync one; there the
// rename is as durable as the system makes it, which is all we can ask.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// IsTempFile reports whether a file name is one of this package's temporary
// files, which only a run that died mid-write leaves behind.
func IsTempFile(name string) bool {
	return strings.HasPrefix(filepath.Base(name), tempPrefix)
}

// CleanTemp removes the temporary files that killed runs left directly in
// dir and returns how many it removed. Call it only while no writer is
// active in dir: a live writer's temporary file looks the same.
func CleanTemp(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("clean temporary files: %w", err)
	}
	n := 0
	for _, e := range entries {
		if e.Type().IsRegular() && IsTempFile(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return n, fmt.Errorf("clean temporary files: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// CleanTempOf removes the temporary files that killed runs left in dir
// while writing a file named base (any file, when base is empty), and
// returns how many it removed. Call it
// only while holding whatever serialises the writers of that file (a lock,
// or owning the packet folder), since a live writer's temporary file looks
// the same.
func CleanTempOf(dir, base string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		return 0, fmt.Errorf("clean temporary files: %w", err)
	}
	prefix := tempPrefix
	if base != "" {
		prefix += base + "-"
	}
	n := 0
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), prefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return n, fmt.Errorf("clean temporary files: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// LockFile takes an exclusive advisory lock on path (created if missing,
// mode 0600) and returns the function that releases it. The lock dies with
// the process, so a killed run never leaves it held. Processes sharing an
// output folder (batch shards) serialise their writes of a shared file with
// it.
func LockFile(path string) (unlock func(), err error) {
	return lockFile(path)
}

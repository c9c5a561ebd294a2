package rules

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// MaxFileSize bounds a rule file (and a pack.yaml). The default pack's
// largest file is a few tens of kilobytes; a file of megabytes is a
// mistake, and reading it whole (or /dev/zero) would cost the memory.
const MaxFileSize = 4 << 20

// readFile reads a rule file of fsys. It must be a regular file (a FIFO
// would block the load forever, a device never end) of at most
// MaxFileSize bytes; anything else is an error naming file. The size is
// checked again while reading, for a file that grows meanwhile.
func readFile(fsys fs.FS, name, file string) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := checkRegular(fi, file); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	defer f.Close()
	// The file may have been swapped for something else between the two
	// looks: check what was opened too.
	if fi, err := f.Stat(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	} else if err := checkRegular(fi, file); err != nil {
		return nil, err
	}
	data, err := readAll(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes; a rule file is a few kilobytes of YAML", file, MaxFileSize)
	}
	return data, nil
}

// readAll reads f, of size bytes when it was looked at, up to one byte
// more than MaxFileSize: into a buffer of its size, as a file that did
// not change since fits in it (growing one from a few hundred bytes, as
// io.ReadAll does, copied the default pack's megabytes over and over).
func readAll(f io.Reader, size int64) ([]byte, error) {
	buf := make([]byte, 0, min(size, MaxFileSize)+1)
	r := io.LimitReader(f, MaxFileSize+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		case len(buf) == cap(buf):
			buf = append(buf, 0)[:len(buf)] // a file that grew: more room
		}
	}
}

func checkRegular(fi fs.FileInfo, file string) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file (%s); rule files must be plain files", file, fi.Mode().Type())
	}
	if fi.Size() > MaxFileSize {
		return fmt.Errorf("%s: %d bytes, larger than %d; a rule file is a few kilobytes of YAML", file, fi.Size(), MaxFileSize)
	}
	return nil
}

// readOSFile is readFile for a path on disk.
func readOSFile(path string) ([]byte, error) {
	return readFile(osFS{}, path, path)
}

// osFS opens paths as they are (os.DirFS would refuse absolute ones).
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }
func (osFS) Stat(name string) (fs.FileInfo, error) {
	return os.Stat(name)
}

// unprefixed is err's message without the file name readFile put first,
// for errors that name the file themselves.
func unprefixed(err error, file string) string {
	return strings.TrimPrefix(err.Error(), file+": ")
}

// ReadConfigFile reads a small configuration file (a committee file, a
// service file, a secret) as rule files are read: it must be a regular
// file of at most MaxFileSize bytes, so that a FIFO or a device given by
// mistake is an error, not a hang or an exhausted memory.
func ReadConfigFile(path string) ([]byte, error) {
	return readOSFile(path)
}

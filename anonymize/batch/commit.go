package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sync"

	"github.com/anonymize/anonymize/anonymize/packet"
)

// committer keeps a set of records durable: put returns once a write that
// includes the record has finished. Concurrent puts share writes (group
// commit): while one write is in flight the others gather, and the next
// write takes them all, so a batch writes its manifest about once a
// candidate when candidates finish slowly and far less often when they
// finish together, and never says more than has been written.
type committer[T any] struct {
	write func(records map[string]T) error

	mu      sync.Mutex
	cond    *sync.Cond
	records map[string]T
	gen     uint64 // puts so far
	written uint64 // every put up to this one is durable
	failed  uint64 // the write covering puts up to this one failed with err
	writing bool
	err     error
}

func newCommitter[T any](write func(map[string]T) error) *committer[T] {
	c := &committer[T]{write: write, records: map[string]T{}}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *committer[T]) put(key string, v T) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records[key] = v
	c.gen++
	mine := c.gen
	for c.written < mine {
		if c.failed >= mine {
			return c.err
		}
		if c.writing {
			c.cond.Wait()
			continue
		}
		c.writing = true
		upTo := c.gen
		snapshot := maps.Clone(c.records)
		c.mu.Unlock()
		err := c.write(snapshot)
		c.mu.Lock()
		c.writing = false
		if err != nil {
			c.failed, c.err = upTo, err
		} else {
			c.written = upTo
		}
		c.cond.Broadcast()
	}
	return nil
}

// sharedFile is a file of records by key that several processes (batch
// shards sharing an output folder) update: each write takes the folder's
// lock for the file, rereads it if someone else wrote it since, lays this
// process's records over it, and replaces it atomically. Between writes it
// costs no reading.
type sharedFile[T any] struct {
	path   string
	perm   os.FileMode
	decode func(path string, data []byte) (map[string]T, error)
	encode func(map[string]T) ([]byte, error)

	base  map[string]T // the file as last read or written
	known os.FileInfo  // the file as last seen, to notice other writers
}

func (f *sharedFile[T]) lockPath() string {
	return filepath.Join(filepath.Dir(f.path), "."+filepath.Base(f.path)+".lock")
}

// load reads the file (empty when missing) under its lock.
func (f *sharedFile[T]) load() (map[string]T, error) {
	unlock, err := packet.LockFile(f.lockPath())
	if err != nil {
		return nil, err
	}
	defer unlock()
	// Holding the lock, no one else is writing this file: a temporary file
	// of it can only be a killed run's.
	if _, err := packet.CleanTempOf(filepath.Dir(f.path), filepath.Base(f.path)); err != nil {
		return nil, err
	}
	if err := f.refresh(); err != nil {
		return nil, err
	}
	return maps.Clone(f.base), nil
}

// refresh rereads the file if it is not the one last seen. The caller holds
// the lock.
func (f *sharedFile[T]) refresh() error {
	fi, err := os.Stat(f.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f.base, f.known = map[string]T{}, nil
		return nil
	case err != nil:
		return err
	case f.known != nil && os.SameFile(fi, f.known) && fi.ModTime().Equal(f.known.ModTime()) && fi.Size() == f.known.Size():
		return nil
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		return err
	}
	base, err := f.decode(f.path, data)
	if err != nil {
		return err
	}
	f.base, f.known = base, fi
	return nil
}

// write lays records over the file's content and replaces the file.
func (f *sharedFile[T]) write(records map[string]T) error {
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return fmt.Errorf("create folder: %w", err)
	}
	unlock, err := packet.LockFile(f.lockPath())
	if err != nil {
		return err
	}
	defer unlock()
	if err := f.refresh(); err != nil {
		return err
	}
	merged := maps.Clone(f.base)
	if merged == nil {
		merged = map[string]T{}
	}
	maps.Copy(merged, records)
	data, err := f.encode(merged)
	if err != nil {
		return err
	}
	// Holding the lock, no one else is writing this file: a temporary file
	// of it can only be a killed run's.
	if _, err := packet.CleanTempOf(filepath.Dir(f.path), filepath.Base(f.path)); err != nil {
		return err
	}
	if err := packet.WriteFileAtomic(f.path, data, f.perm); err != nil {
		return err
	}
	fi, err := os.Stat(f.path)
	if err != nil {
		return err
	}
	f.base, f.known = merged, fi
	return nil
}

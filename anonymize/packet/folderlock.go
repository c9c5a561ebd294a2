package packet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FolderLockFile is the lock a run holds on an output folder while it
// writes there (an empty file; it stays behind and names nobody).
const FolderLockFile = ".anonymize.lock"

// ErrFolderBusy is returned by LockFolder when another run writes to the
// folder.
var ErrFolderBusy = errors.New("the output folder is in use by another run")

// LockFolder locks the output folder out for the length of a run, so that
// two runs never clean up each other's temporary files or mark each
// other's packets. Workers of one sharded batch (shard "I/N") share the
// folder: each takes the folder's lock shared and its shard's lock
// exclusively, so only the same shard twice, or a whole run beside any
// other, is refused. It does not wait: a busy folder is ErrFolderBusy,
// with a message saying what to do. The lock dies with the process.
func LockFolder(out, shard string) (unlock func(), err error) {
	if err := os.MkdirAll(out, packetDirMode); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	busy := func() error {
		return fmt.Errorf("%w: %s is being written by another anonymize run (its lock %s is held); wait for it to finish, or write to another folder",
			ErrFolderBusy, out, filepath.Join(out, FolderLockFile))
	}
	whole, isBusy, err := tryLockFile(filepath.Join(out, FolderLockFile), shard != "")
	if err != nil {
		return nil, err
	}
	if isBusy {
		return nil, busy()
	}
	if shard == "" {
		return whole, nil
	}
	one, isBusy, err := tryLockFile(filepath.Join(out, ".anonymize-shard-"+safeShard(shard)+".lock"), false)
	if err != nil || isBusy {
		whole()
		if err == nil {
			err = busy()
		}
		return nil, err
	}
	return func() { one(); whole() }, nil
}

func safeShard(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= '0' && c <= '9') {
			b[i] = '-'
		}
	}
	return string(b)
}

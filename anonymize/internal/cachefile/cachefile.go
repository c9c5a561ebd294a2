package cachefile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
)

// A file is its magic, the key, the payload's length and its CRC-32C,
// then the payload.
const header = sha256.Size + 8 + 4

var (
	// ErrStale is a file written under another key: built from other
	// inputs, or by another format.
	ErrStale   = errors.New("cache of other inputs")
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
)

// PayloadOffset is where the payload of a file under magic starts in it,
// for callers that lay out tables to be used in place.
func PayloadOffset(magic string) int { return len(magic) + header }

// Key is the SHA-256 of what a cached value is made from.
func Key(parts ...string) [sha256.Size]byte {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s", len(p), p)
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// Folder returns the folder dir and the key of the running executable's
// files under magic in it, or "" where dir is "" or the executable has no
// build ID: nothing is cached then.
func Folder(dir, magic string) (string, [sha256.Size]byte) {
	id := BuildID()
	if id == "" || dir == "" {
		return "", [sha256.Size]byte{}
	}
	return dir, Key(magic, id)
}

// Write writes payload to path under magic and key, through a temporary
// file in the same folder (made if missing) renamed over path.
func Write(path, magic string, key [sha256.Size]byte, payload []byte) (err error) {
	head := make([]byte, 0, len(magic)+header)
	head = append(head, magic...)
	head = append(head, key[:]...)
	head = binary.LittleEndian.AppendUint64(head, uint64(len(payload)))
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(payload, castagnoli))
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(head); err == nil {
		_, err = f.Write(payload)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// Read returns the payload of the file at path, if it was written under
// magic and key and is whole.
func Read(path, magic string, key [sha256.Size]byte) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return check(path, data, magic, key)
}

// Map is Read for a large file, whose payload is used in place: it is the
// file mapped read-only into memory where the system can (never to be
// written to, and kept for the rest of the process), else read.
func Map(path, magic string, key [sha256.Size]byte) ([]byte, error) {
	data, release, err := readOnly(path)
	if err != nil {
		return nil, err
	}
	payload, err := check(path, data, magic, key)
	if err != nil {
		release()
		return nil, err
	}
	return payload, nil
}

// check returns the payload of data, read from path, if it was written
// under magic and key and is whole.
func check(path string, data []byte, magic string, key [sha256.Size]byte) ([]byte, error) {
	if len(data) < len(magic)+header || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%s: not a cache file of this kind", path)
	}
	head := data[len(magic) : len(magic)+header]
	if !bytes.Equal(head[:sha256.Size], key[:]) {
		return nil, ErrStale
	}
	payload := data[len(magic)+header:]
	if binary.LittleEndian.Uint64(head[sha256.Size:]) != uint64(len(payload)) {
		return nil, fmt.Errorf("%s: cut short or too long", path)
	}
	if binary.LittleEndian.Uint32(head[sha256.Size+8:]) != crc32.Checksum(payload, castagnoli) {
		return nil, fmt.Errorf("%s: checksum differs", path)
	}
	return payload, nil
}

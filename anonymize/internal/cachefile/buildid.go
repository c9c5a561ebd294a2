package cachefile

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"sync"
)

// BuildID returns the Go build ID of the running executable: a hash of
// everything it was linked from (its code, the rules embedded in it, the
// modules it uses), so that it changes whenever any of them does, where
// the executable's path, size or time may not. "" where it cannot be
// read (the executable gone, or built without an ID): cache nothing then.
var BuildID = sync.OnceValue(func() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return ""
	}
	return findBuildID(head[:n])
})

// The linker writes the build ID where the toolchain itself finds it, in
// the executable's first pages: in an ELF note of type 4 named "Go", or
// (other formats) between a marker and a closing quote.
var (
	elfNoteName = []byte("Go\x00\x00")
	rawMarker   = []byte("\xff Go build ID: \"")
)

const maxBuildID = 1024

// findBuildID finds the build ID in the first bytes of an executable.
func findBuildID(head []byte) string {
	for at := 0; ; at++ {
		i := bytes.Index(head[at:], elfNoteName)
		if i < 0 {
			break
		}
		at += i
		// The note's header, before its name: name size 4, the ID's
		// size, type 4 (in either byte order).
		if at < 12 {
			continue
		}
		if id := noteDesc(head, at, binary.LittleEndian); id != "" {
			return id
		}
		if id := noteDesc(head, at, binary.BigEndian); id != "" {
			return id
		}
	}
	if i := bytes.Index(head, rawMarker); i >= 0 {
		rest := head[i+len(rawMarker):]
		if j := bytes.IndexByte(rest, '"'); j > 0 && j <= maxBuildID {
			return string(rest[:j])
		}
	}
	return ""
}

// noteDesc returns the ID of a note whose name starts at name, if the
// header before it reads as a Go build ID note in byte order bo.
func noteDesc(head []byte, name int, bo binary.ByteOrder) string {
	h := head[name-12 : name]
	if bo.Uint32(h[0:]) != 4 || bo.Uint32(h[8:]) != 4 {
		return ""
	}
	size := int(bo.Uint32(h[4:]))
	start := name + len(elfNoteName)
	if size <= 0 || size > maxBuildID || start+size > len(head) {
		return ""
	}
	return string(head[start : start+size])
}

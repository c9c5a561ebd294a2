package infer

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// prose's model files are gob streams of one map or slice each. Decoding
// them with encoding/gob builds maps (75k of them for the tagger's
// weights) only to be turned into tables and dropped, which took most of a
// short command's start. gobReader reads the few shapes these files have
// straight into the tables instead: a stream is a series of messages, each
// a length and a type id; type definitions (negative ids) are skipped, and
// the value message of a non-struct type holds a zero field delta and the
// value. The test TestGobReaderAgreesWithEncodingGob checks it against
// encoding/gob on every file.
type gobReader struct {
	s   string // the value still to read; strings read are slices of it
	err error
}

var errGobShort = errors.New("gob stream ends early")

// newGobReader returns a reader at the value of a gob stream holding one
// non-struct value.
func newGobReader(stream string) (*gobReader, error) {
	r := &gobReader{s: stream}
	for r.err == nil && r.s != "" {
		n := r.uint()
		if r.err != nil || n > uint64(len(r.s)) {
			return nil, fmt.Errorf("gob message of %d bytes in %d: %w", n, len(r.s), errGobShort)
		}
		msg := &gobReader{s: r.s[:n]}
		r.s = r.s[n:]
		id := msg.int()
		if msg.err != nil {
			return nil, msg.err
		}
		if id < 0 {
			continue // a type definition: the caller knows the type
		}
		if delta := msg.uint(); msg.err != nil || delta != 0 {
			return nil, fmt.Errorf("gob value of type %d is not a single value (field delta %d, %v)", id, delta, msg.err)
		}
		return msg, nil
	}
	return nil, fmt.Errorf("no gob value: %w", errGobShort)
}

// uint reads an unsigned integer: below 128 one byte, otherwise its byte
// count negated and then its bytes, high first.
func (r *gobReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	if r.s == "" {
		r.err = errGobShort
		return 0
	}
	b := r.s[0]
	r.s = r.s[1:]
	if b < 0x80 {
		return uint64(b)
	}
	n := 256 - int(b) // the byte count, negated
	if n > 8 || n > len(r.s) {
		r.err = fmt.Errorf("gob integer of %d bytes: %w", n, errGobShort)
		return 0
	}
	var v uint64
	for i := 0; i < n; i++ {
		v = v<<8 | uint64(r.s[i])
	}
	r.s = r.s[n:]
	return v
}

// int reads a signed integer: bit 0 says whether the rest is complemented.
func (r *gobReader) int() int64 {
	u := r.uint()
	if u&1 != 0 {
		return ^int64(u >> 1)
	}
	return int64(u >> 1)
}

// float reads a float64, sent as an unsigned integer of its bits with the
// bytes reversed.
func (r *gobReader) float() float64 {
	return math.Float64frombits(bits.ReverseBytes64(r.uint()))
}

// string reads a string, a slice of the stream (no copy).
func (r *gobReader) string() string {
	n := r.uint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.s)) {
		r.err = fmt.Errorf("gob string of %d bytes in %d: %w", n, len(r.s), errGobShort)
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

// count reads the length of a map or slice, which cannot be more than the
// bytes left.
func (r *gobReader) count() int {
	n := r.uint()
	if r.err == nil && n > uint64(len(r.s)) {
		r.err = fmt.Errorf("gob collection of %d elements in %d bytes: %w", n, len(r.s), errGobShort)
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

func (r *gobReader) strings() []string {
	out := make([]string, r.count())
	for i := range out {
		out[i] = r.string()
	}
	return out
}

func (r *gobReader) stringMap() map[string]string {
	n := r.count()
	out := make(map[string]string, n)
	for i := 0; i < n && r.err == nil; i++ {
		k := r.string()
		out[k] = r.string()
	}
	return out
}

func (r *gobReader) floats() []float64 {
	out := make([]float64, r.count())
	for i := range out {
		out[i] = r.float()
	}
	return out
}

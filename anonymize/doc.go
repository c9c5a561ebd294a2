// Package anonymize is the redaction pipeline.
//
// A text goes through the stages in one visible order (see Engine.redact):
// segment (mask markup, find sentences) -> tag (prose: POS tags and, where a
// name can be, NER) -> detect (every rule proposes spans) -> resolve (one
// strategy picks non-overlapping spans) -> pseudonymize (people get labels
// consistent across a packet) -> rewrite (right to left) -> verify (search
// the result for every known identity and identifier pattern).
//
// Each stage takes plain values and returns plain values. tag.go is the only
// file that imports prose; the model is loaded once per process and shared by
// goroutines.
package anonymize

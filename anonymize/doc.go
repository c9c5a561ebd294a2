// Package anonymize is the redaction pipeline.
//
// A text goes through the stages in one visible order (see Engine.Redact):
// segment (mask markup, find sentences) -> tag (prose's model: POS tags
// and, where a name can be, NER) -> detect (every rule proposes spans) ->
// resolve (one strategy picks non-overlapping spans; a finding of a
// protected trait then takes the clause that states it, clause.go) ->
// pseudonymize (people get labels consistent across a packet) -> rewrite
// (right to left) -> verify (search the result for every known identity
// and identifier pattern).
//
// Each stage takes plain values and returns plain values. tag.go is the only
// file that tags: through internal/infer, which runs prose v2.0.0's tagger
// and name recogniser over prose's model files with the same results (a
// differential test checks it) and none of prose's per-word allocations.
// The model is built once per process and shared by goroutines.
//
// Tagging, and above all the name recogniser, used to take most of the
// time, so the rest avoids work that cannot change a result: the name
// recogniser runs only on sentences with a name-like word after the first
// (Engine.nerRuns), a literal prefilter skips expressions whose literals a
// text lacks (prefilter.go), pattern expressions and sentence triggers run
// only over the parts of a text that can hold a match (confine.go),
// sequence cases are tried only at tokens they can start at (sequence.go),
// and the second look at rewritten text stays near what changed
// (Engine.finish). Engine.noShortcuts turns all of that off for the tests
// that compare.
package anonymize

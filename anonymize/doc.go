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
// Detection is a loop over detectors (detector.go): each rule kind is one
// type in its own file (detect_swap.go, detect_pattern.go, ...), compiled
// once from its rule, owning its indexes, and named in detectorKinds. The
// entity rule's detector hands over to the people files: identity.go is
// the roster (every form of a known person, and whether a word names them
// where it stands), people.go finds known people and their signatures,
// aliases.go their other names, and others.go the capitalised runs no
// roster form explains, gathering the evidence (cues, lexicons, labels,
// shape, techcontext.go's neighbours, the text's code) on which decide.go
// makes one decision per run: person, place, organisation, technology or
// word.
//
// What only saves time is walled off and chosen once when the engine is
// built: the literal prefilter (internal/literals) and confinement
// (internal/confine) behind shortcuts.go, the name recogniser's gate
// (nergate.go), the sequence case index, and the later passes of
// Engine.finish looking only near what changed. newReference builds the
// engine without them, and the equivalence tests (perf_equiv_test.go)
// compare the two.
package anonymize

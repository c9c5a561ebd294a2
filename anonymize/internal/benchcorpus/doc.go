// Command benchcorpus writes the deterministic benchmark corpus of
// testdata/bench: realistic interview notes (names, nicknames, pronouns,
// emails, phones, places, schools, code, HTML and Markdown) with the roster
// of each note's packet, one JSON object a line.
//
//	go generate ./anonymize/internal/benchcorpus
//
// The output depends only on -seed and -n: the generator uses its own
// pseudo-random sequence (splitmix64), not math/rand, so that the corpus is
// byte-identical on every Go version.
package main

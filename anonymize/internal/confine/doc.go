// Package confine runs a regular expression only where a match can be,
// with the same results as running it over the whole text: over the runs
// of bytes it can consume that hold one of its literals, or, where its
// matches may span lines and sentences, only at the bytes (and word
// starts) a match can start at, anchored there.
package confine

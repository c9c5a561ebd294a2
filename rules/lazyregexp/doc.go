// Package lazyregexp holds a rule's regular expression as its source, and
// compiles it at its first use.
//
// A short command runs few of a rule pack's expressions (the literal
// prefilter rules out most of them for a given text), yet compiling all of
// them, Unicode classes and all, was a fifth of its start. An expression
// made with Lazy is compiled only when something first matches with it; one
// made with Compile or Of is compiled already. Lazy is only for sources
// known to compile (the rules package uses it for rule files that this
// executable loaded before without an error): a lazy source that fails to
// compile is a broken promise, and Compiled panics on it.
//
// A *Regexp is an identity as a *regexp.Regexp is: filters and caches key
// on the pointer, so the same source shared by two rules is one key only
// where one value is shared.
package lazyregexp

// Package confine runs a regular expression only over the parts of a text
// where a match can be, with the same results as running it over the whole
// text.
package confine

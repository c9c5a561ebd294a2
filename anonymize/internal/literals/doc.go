// Package literals tells, in one pass over a text, which of many regular
// expressions cannot match it, so that they are not run at all.
//
// For every expression it derives literals one of which every match must
// contain (the names of a long alternation, "old" in "\d+ years old", "@"
// in a handle); Aho-Corasick automata over the literals of all expressions
// find which occur: one for literals matched exactly, one for those under
// (?i), compared under Unicode simple case folding as (?i) matches. An
// expression it cannot analyse is always admitted. The filter never changes
// a result: it rules out only expressions that cannot match.
package literals

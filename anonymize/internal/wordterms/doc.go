// Package wordterms finds a rule's allow terms in a text as the expression
// rules.AllowExpression compiles from them finds them, without Go's regexp:
// that expression, a long case-insensitive alternation between two
// "a character that is no letter or digit, or the text's edge" groups,
// runs through regexp's slowest engine over the whole text, and one rule's
// list ("I", "IT", "PR", ...) matches in almost every note.
//
// New reads the terms back out of the expression's source, so that the
// matcher always has the expression's own terms in its own order; it
// returns nil for any other expression, which then runs as it is.
package wordterms

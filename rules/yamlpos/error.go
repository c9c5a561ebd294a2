package yamlpos

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error is one problem of a YAML file, with its place.
type Error struct {
	File      string
	Line, Col int
	// Rule names the rule of a rule pack the problem belongs to (the rule
	// file's stem, or "pack" for pack.yaml); empty for other files, whose
	// messages then have no such part.
	Rule string
	Msg  string
}

func (e *Error) Error() string {
	if e.Rule == "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Col, e.Rule, e.Msg)
}

// Errors are every problem found, one a line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by their place in the file, keeping the order of
// problems at the same place.
func (es Errors) Sort() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
}

// Err is es as an error, or nil when there is no problem: a nil Errors
// stored in an error interface would not compare equal to nil.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Syntax turns an error of the YAML parser into an Error of file at its
// line. yaml.v3 writes the place into the text ("yaml: line 3: did not find
// expected key"); the place moves into Line so that the message reads like
// every other problem of the file.
func Syntax(file string, err error) *Error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return &Error{File: file, Line: 1, Col: 1, Msg: strings.Join(te.Errors, "; ")}
	}
	line, msg := SyntaxLine(err)
	return &Error{File: file, Line: line, Col: 1, Msg: msg}
}

// SyntaxLine splits a parser error into its line (1 when it names none) and
// the message without the "yaml: line N: " prefix.
func SyntaxLine(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 1, msg
	}
	num, text, ok := strings.Cut(rest, ":")
	n, convErr := strconv.Atoi(num)
	if !ok || convErr != nil {
		return 1, msg
	}
	return n, strings.TrimSpace(text)
}

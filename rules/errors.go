package rules

import (
	"fmt"
	"strings"
)

// Error is one problem in a rule file, with its place.
type Error struct {
	File      string
	Line, Col int
	Rule      string
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Col, e.Rule, e.Msg)
}

// Errors is every problem found in a pack, in file and line order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

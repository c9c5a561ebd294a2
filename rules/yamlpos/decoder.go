package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads the first YAML document of data and returns its top node; root
// is nil when the file holds no document. next is the start of a second
// document, when the file has one, for callers that allow only one.
func Parse(file string, data []byte) (root, next *yaml.Node, err *Error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if e := dec.Decode(&doc); e != nil {
		if errors.Is(e, io.EOF) {
			return nil, nil, nil
		}
		return nil, nil, Syntax(file, e)
	}
	root = &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	var extra yaml.Node
	if dec.Decode(&extra) == nil {
		next = &extra
	}
	return root, next, nil
}

// Decoder collects the problems of one file while its nodes are read.
type Decoder struct {
	File string
	// Rule goes into every Error (see Error.Rule).
	Rule string
	Errs Errors
}

// At records a problem at node n (at the file's start when n is nil). where
// is the dotted path of the value ("webhook.url", "cases[2].when"); it
// prefixes the message unless empty.
func (d *Decoder) At(n *yaml.Node, where, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + ": " + msg
	}
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.Errs = append(d.Errs, &Error{File: d.File, Line: line, Col: col, Rule: d.Rule, Msg: msg})
}

// Fields checks that n is a mapping with only allowed keys, each once, and
// returns its values by key; nil when n is no mapping.
func (d *Decoder) Fields(n *yaml.Node, where string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.At(n, where, "want a mapping, got %s", Describe(n))
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if !contains(allowed, key) {
			known := append([]string(nil), allowed...)
			sort.Strings(known)
			d.At(k, Join(where, key), "unknown key (known: %s)", strings.Join(known, ", "))
			continue
		}
		if _, dup := out[key]; dup {
			d.At(k, Join(where, key), "duplicate key")
			continue
		}
		out[key] = v
	}
	return out
}

// IsString reports whether n is a scalar that reads as a string: written
// bare, a date or a number is still text to a person (YAML tags 2025-03-14
// a timestamp and 12 an int), while nothing and true/false are not.
func IsString(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag != "!!null" && n.Tag != "!!bool"
}

// Str is n's text as written; "" with a problem when n is no string.
func (d *Decoder) Str(n *yaml.Node, where string) string {
	if !IsString(n) {
		d.At(n, where, "want a string, got %s", Describe(n))
		return ""
	}
	return n.Value
}

// Text is n's text without surrounding white space, which must leave some.
func (d *Decoder) Text(n *yaml.Node, where string) string {
	if !IsString(n) {
		d.At(n, where, "want a string, got %s", Describe(n))
		return ""
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		d.At(n, where, "must not be empty")
	}
	return s
}

// Bool is n's value, which must be true or false.
func (d *Decoder) Bool(n *yaml.Node, where string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.At(n, where, "want true or false, got %s", Describe(n))
		return false
	}
	b, _ := strconv.ParseBool(n.Value)
	return b
}

// Seq is the items of the list n.
func (d *Decoder) Seq(n *yaml.Node, where string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.At(n, where, "want a list, got %s", Describe(n))
		return nil
	}
	return n.Content
}

// Strs is the list of strings n, one entry per item ("" where an item is no
// string), so that out[i] is at n.Content[i].
func (d *Decoder) Strs(n *yaml.Node, where string) []string {
	if n.Kind != yaml.SequenceNode {
		d.At(n, where, "want a list of strings, got %s", Describe(n))
		return nil
	}
	out := make([]string, len(n.Content))
	for i, item := range n.Content {
		out[i] = d.Str(item, fmt.Sprintf("%s[%d]", where, i))
	}
	return out
}

// Texts is the list n of Text entries, leaving out (and reporting) the
// entries that are empty or no string.
func (d *Decoder) Texts(n *yaml.Node, where string) []string {
	if n.Kind != yaml.SequenceNode {
		d.At(n, where, "want a list of strings, got %s", Describe(n))
		return nil
	}
	var out []string
	for i, item := range n.Content {
		if s := d.Text(item, fmt.Sprintf("%s[%d]", where, i)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Int is n's whole number, which must lie in lo..hi; ok is false (with a
// problem recorded) otherwise.
func (d *Decoder) Int(n *yaml.Node, where string, lo, hi int) (v int, ok bool) {
	v, err := strconv.Atoi(n.Value)
	switch {
	case n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil:
		d.At(n, where, "want a whole number from %d to %d, got %s", lo, hi, Describe(n))
	case v < lo || v > hi:
		d.At(n, where, "%d is out of range; want %d to %d", v, lo, hi)
	default:
		return v, true
	}
	return 0, false
}

// Describe names what a YAML node holds, for messages such as "want a list,
// got the string \"x\"".
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!bool":
		return "a boolean " + n.Value
	case "!!int", "!!float":
		return "a number " + n.Value
	}
	return fmt.Sprintf("the string %q", n.Value)
}

// Join is the path of key inside where.
func Join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

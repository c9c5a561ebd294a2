package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder walks one rule file's YAML nodes, collecting errors with their
// positions instead of stopping at the first.
type decoder struct {
	file, id string
	errs     Errors
	// root is the file's top mapping, where errors about missing keys point.
	root *yaml.Node
}

func (d *decoder) errorf(n *yaml.Node, where, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + ": " + msg
	}
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Rule: d.id, Msg: msg})
}

// fields checks that n is a mapping with only allowed keys and returns its
// values by key.
func (d *decoder) fields(n *yaml.Node, where string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, where, "want a mapping, got %s", DescribeNode(n))
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if !contains(allowed, key) {
			known := append([]string(nil), allowed...)
			sort.Strings(known)
			d.errorf(k, join(where, key), "unknown key (known: %s)", strings.Join(known, ", "))
			continue
		}
		if _, dup := out[key]; dup {
			d.errorf(k, join(where, key), "duplicate key")
			continue
		}
		out[key] = v
	}
	return out
}

func (d *decoder) str(n *yaml.Node, where string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Tag == "!!bool" {
		d.errorf(n, where, "want a string, got %s", DescribeNode(n))
		return ""
	}
	return n.Value
}

func (d *decoder) boolean(n *yaml.Node, where string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, where, "want true or false, got %s", DescribeNode(n))
		return false
	}
	b, _ := strconv.ParseBool(n.Value)
	return b
}

func (d *decoder) strs(n *yaml.Node, where string) []string {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, where, "want a list of strings, got %s", DescribeNode(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		if s := d.str(item, fmt.Sprintf("%s[%d]", where, i)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) seq(n *yaml.Node, where string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, where, "want a list, got %s", DescribeNode(n))
		return nil
	}
	return n.Content
}

// regex compiles a user pattern; a bad one is an error at its place, never
// a panic.
func (d *decoder) regex(n *yaml.Node, where, prefix, pattern string) *regexp.Regexp {
	re, err := regexp.Compile(prefix + pattern)
	if err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "error parsing regexp: ")
		d.errorf(n, where, "bad regular expression: %s", msg)
		return nil
	}
	return re
}

// DescribeNode names what a YAML node holds, for messages such as "want a
// list, got the string \"x\"": rule files and the other YAML files of the
// project report their errors alike.
func DescribeNode(n *yaml.Node) string {
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
	return "the string " + quote(n.Value)
}

func join(where, key string) string {
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

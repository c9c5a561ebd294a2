package rules

import (
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/rules/yamlpos"
)

// decoder walks one rule file's YAML nodes, collecting errors with their
// positions instead of stopping at the first.
type decoder struct {
	yamlpos.Decoder
	// root is the file's top mapping, where errors about missing keys point.
	root *yaml.Node
}

func newDecoder(file, id string) *decoder {
	return &decoder{Decoder: yamlpos.Decoder{File: file, Rule: id}}
}

// strs is a list of strings without its empty entries.
func (d *decoder) strs(n *yaml.Node, where string) []string {
	var out []string
	for _, s := range d.Strs(n, where) {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// regex compiles a user pattern; a bad one is an error at its place, never
// a panic.
func (d *decoder) regex(n *yaml.Node, where, prefix, pattern string) *regexp.Regexp {
	src := prefix + pattern
	if re, ok := compiled.Load(src); ok {
		return re.(*regexp.Regexp)
	}
	re, err := regexp.Compile(src)
	if err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "error parsing regexp: ")
		d.At(n, where, "bad regular expression: %s", msg)
		return nil
	}
	compiled.Store(src, re)
	return re
}

// compiled holds every expression compiled in this process, by source: a
// command reads the default pack twice (its rules, and the leak gate's
// defaults), and compiling its expressions, Unicode classes and all, was
// a tenth of a short command's start. A *regexp.Regexp is safe to share.
var compiled sync.Map // source -> *regexp.Regexp

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

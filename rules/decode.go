package rules

import (
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/rules/lazyregexp"
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
func (d *decoder) regex(n *yaml.Node, where, prefix, pattern string) *lazyregexp.Regexp {
	src := prefix + pattern
	if re, ok := compiled.Load(src); ok {
		// Compiled already, or kept in a ledger as compiling (see
		// sharedLazy); Check compiles the latter now, as every expression
		// read from a file is.
		if re := re.(*lazyregexp.Regexp); re.Check() == nil {
			return re
		}
	}
	re, err := lazyregexp.Compile(src)
	if err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "error parsing regexp: ")
		d.At(n, where, "bad regular expression: %s", msg)
		return nil
	}
	stored, _ := compiled.LoadOrStore(src, re)
	return stored.(*lazyregexp.Regexp)
}

// compiled holds every expression of the rules read in this process, by
// source: a command reads the default pack twice (its rules, and the leak
// gate's defaults), and compiling its expressions, Unicode classes and
// all, was a tenth of a short command's start. A *lazyregexp.Regexp is
// safe to share, and sharing it keeps one source one key of the literal
// filters.
var compiled sync.Map // source -> *lazyregexp.Regexp

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

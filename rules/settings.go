package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/rules/yamlpos"
)

// PackFile is the stem of a pack's settings file, pack.yaml, which holds
// no rule: it switches whole categories of rules between rewrite, remove
// and flag, and says what becomes of capitalised words kept without being
// understood.
//
//	categories:
//	  school: flag       # report schools, change nothing
//	  health: remove     # take out sentences about health, leave a marker
//	unknown_words: remove  # default keep: kept and listed for the coordinator
const PackFile = "pack"

// What becomes of a capitalised word that is in no lexicon, no known
// technology and no rule, and does not open its sentence: kept and listed
// for the coordinator (the default), or replaced by UnknownMarker.
const (
	UnknownKeep   = "keep"
	UnknownRemove = "remove"
	UnknownMarker = "[unknown word]"
)

type packSettings struct {
	file       string
	categories map[string]categorySwitch
	// unknownWords is UnknownKeep, UnknownRemove or "" (not set here).
	unknownWords string
}

type categorySwitch struct {
	action    Action
	line, col int
}

// loadPackFile reads dir/pack.yaml if there is one.
func loadPackFile(dir string) (packSettings, Errors) {
	file := filepath.Join(dir, PackFile+".yaml")
	ps := packSettings{file: file, categories: map[string]categorySwitch{}}
	data, err := readOSFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return ps, nil
	}
	d := newDecoder(file, PackFile)
	if err != nil {
		d.At(nil, "", "%s", unprefixed(err, file))
		return ps, d.Errs
	}
	root, _, perr := yamlpos.Parse(file, data)
	switch {
	case perr != nil:
		perr.Rule = PackFile
		return ps, Errors{perr}
	case root == nil:
		d.At(nil, "", "empty file: want categories or unknown_words")
		return ps, d.Errs
	}
	f := d.Fields(root, "", "categories", "unknown_words")
	if n, ok := f["unknown_words"]; ok {
		switch v := d.Str(n, "unknown_words"); v {
		case UnknownKeep, UnknownRemove:
			ps.unknownWords = v
		default:
			d.At(n, "unknown_words", "want %s or %s, got %q", UnknownKeep, UnknownRemove, v)
		}
	}
	if n, ok := f["categories"]; ok {
		if n.Kind != yaml.MappingNode {
			d.At(n, "categories", "want a mapping of category: action, got %s", yamlpos.Describe(n))
		} else {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				a := Action(d.Str(v, "categories."+k.Value))
				switch a {
				case ActionRewrite, ActionRemove, ActionFlag:
					ps.categories[k.Value] = categorySwitch{a, v.Line, v.Column}
				default:
					d.At(v, "categories."+k.Value, "unknown action %q (one of rewrite, remove, flag)", a)
				}
			}
		}
	}
	return ps, d.Errs
}

// applyCategories sets the action of every rule in a switched category.
// Naming a category no rule has is an error (a typo would otherwise switch
// nothing); people are always replaced, so the entity rule's category
// cannot be switched.
func (p *Pack) applyCategories(ps packSettings) Errors {
	var errs Errors
	names := make([]string, 0, len(ps.categories))
	for c := range ps.categories {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		sw := ps.categories[c]
		found := false
		for _, r := range p.Rules {
			if r.Category != c {
				continue
			}
			found = true
			switch r.Kind {
			case KindEntity, KindAllow, KindLexicon:
				errs = append(errs, &Error{File: ps.file, Line: sw.line, Col: sw.col, Rule: PackFile,
					Msg: fmt.Sprintf("categories.%s: rule %s is a%s %s rule, whose action cannot be switched", c, r.ID, article(string(r.Kind)), r.Kind)})
			case KindSequence:
				if sw.action == ActionRemove {
					errs = append(errs, &Error{File: ps.file, Line: sw.line, Col: sw.col, Rule: PackFile,
						Msg: fmt.Sprintf("categories.%s: rule %s rewrites grammar and cannot remove sentences (rewrite or flag)", c, r.ID)})
					continue
				}
				r.Action = sw.action
			case KindSentence:
				if sw.action == ActionRewrite {
					r.Action = ActionRemove // a sentence rule's rewrite is its removal
				} else {
					r.Action = sw.action
				}
			default:
				r.Action = sw.action
			}
		}
		if !found {
			known := map[string]bool{}
			for _, r := range p.Rules {
				if r.Category != "" {
					known[r.Category] = true
				}
			}
			var ks []string
			for k := range known {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			errs = append(errs, &Error{File: ps.file, Line: sw.line, Col: sw.col, Rule: PackFile,
				Msg: fmt.Sprintf("categories.%s: no active rule has this category (known: %s)", c, strings.Join(ks, ", "))})
		}
	}
	return errs
}

func article(word string) string {
	if strings.ContainsAny(word[:1], "aeiou") {
		return "n"
	}
	return ""
}

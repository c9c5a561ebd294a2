package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/rules/yamlpos"
)

var commonKeys = []string{"kind", "description", "category", "action", "allow", "technical_context", "tests", "disabled"}

var kindKeys = map[Kind][]string{
	KindSwap:     {"keep_case", "pairs"},
	KindSequence: {"keep_case", "cases", "forms"},
	KindPattern:  {"patterns"},
	KindEntity: {"seed", "labels", "candidate", "interviewer", "other", "nicknames", "common_words", "titles", "word_titles", "cues", "owner_cues",
		"alias_cues", "places", "organizations", "place_cues", "organization_cues", "organization_suffixes", "employers", "schools"},
	KindSentence: {"triggers", "marker"},
	KindAllow:    {"terms", "replace"},
	KindLexicon:  {"class", "source", "words", "forms"},
}

// parsed is one rule file: either a rule or a request to disable the rule
// with the same id in an earlier pack.
type parsed struct {
	rule     *Rule
	disabled bool
}

// parseFile compiles one rule file. file names it in errors; id is its stem.
func parseFile(file, id string, data []byte) (parsed, Errors) {
	d := newDecoder(file, id)
	root, next, perr := yamlpos.Parse(file, data)
	switch {
	case perr != nil:
		perr.Rule = id
		return parsed{}, Errors{perr}
	case root == nil:
		d.At(nil, "", "empty file: want a mapping with a kind")
		return parsed{}, d.Errs
	case next != nil:
		d.At(next, "", "one rule per file: a second YAML document starts here")
	}
	d.root = root
	all := append(append([]string(nil), commonKeys...), allKindKeys()...)
	f := d.Fields(root, "", all...)
	if f == nil {
		return parsed{}, d.Errs
	}
	if n, ok := f["disabled"]; ok && d.Bool(n, "disabled") {
		if len(f) > 1 {
			d.At(root, "", "a disabled rule holds nothing but disabled: true")
		}
		return parsed{disabled: true}, d.Errs
	}
	r := d.kind(f, id, file)
	if r == nil {
		return parsed{}, d.Errs
	}
	d.foreignKeys(all, r.Kind)
	d.common(f, r)
	d.body(f, r)
	if n, ok := f["tests"]; ok {
		r.Tests = d.tests(n, r.Kind)
	}
	return parsed{rule: r}, d.Errs
}

// kind starts the rule with its kind; nil when the file names none or an
// unknown one.
func (d *decoder) kind(f map[string]*yaml.Node, id, file string) *Rule {
	kn, ok := f["kind"]
	if !ok {
		d.At(d.root, "", "missing kind (one of %s)", kindList())
		return nil
	}
	r := &Rule{ID: id, Kind: Kind(d.Str(kn, "kind")), Source: file, Action: ActionRewrite}
	if !containsKind(r.Kind) {
		d.At(kn, "kind", "unknown kind %q (one of %s)", r.Kind, kindList())
		return nil
	}
	return r
}

// foreignKeys reports keys of other kinds, at the key: all holds every key
// any rule may have.
func (d *decoder) foreignKeys(all []string, k Kind) {
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		key := d.root.Content[i]
		if contains(all, key.Value) && !contains(commonKeys, key.Value) && !contains(kindKeys[k], key.Value) {
			d.At(key, key.Value, "not a key of a%s %s rule (its keys: %s)", article(string(k)), k, strings.Join(kindKeys[k], ", "))
		}
	}
}

// common reads the keys every kind of rule has.
func (d *decoder) common(f map[string]*yaml.Node, r *Rule) {
	if n, ok := f["description"]; ok {
		r.Description = d.Str(n, "description")
	}
	if n, ok := f["category"]; ok {
		r.Category = d.Str(n, "category")
	}
	if n, ok := f["action"]; ok {
		r.Action = Action(d.Str(n, "action"))
		switch r.Action {
		case ActionRewrite, ActionRemove, ActionFlag:
		default:
			d.At(n, "action", "unknown action %q (one of rewrite, remove, flag)", r.Action)
		}
	}
	if n, ok := f["allow"]; ok {
		r.Allow = d.strs(n, "allow")
	}
	if n, ok := f["technical_context"]; ok {
		for i, tn := range d.Seq(n, "technical_context") {
			where := fmt.Sprintf("technical_context[%d]", i)
			if re := d.regex(tn, where, `(?i)\b(?:`, d.Str(tn, where)+`)\b`); re != nil {
				r.TechnicalContext = append(r.TechnicalContext, re)
			}
		}
	}
}

// body reads the keys of the rule's kind.
func (d *decoder) body(f map[string]*yaml.Node, r *Rule) {
	switch r.Kind {
	case KindSwap:
		r.Swap = d.swap(f)
	case KindSequence:
		r.Sequence = d.sequence(f)
	case KindPattern:
		r.Pattern = d.pattern(f)
	case KindEntity:
		r.Entity = d.entity(f)
	case KindSentence:
		r.Sentence = d.sentence(f)
		if r.Action == ActionRewrite {
			r.Action = ActionRemove
		}
	case KindLexicon:
		r.Lexicon = d.lexicon(f)
	case KindAllow:
		if n, ok := f["terms"]; ok {
			r.Terms = d.strs(n, "terms")
		} else {
			d.At(d.root, "", "an allow rule needs terms")
		}
		if n, ok := f["replace"]; ok {
			r.Replace = d.Bool(n, "replace")
		}
	}
}

// nerLabels are the entity labels prose's model emits.
var nerLabels = []string{"PERSON", "GPE", "ORGANIZATION", "FACILITY", "LOCATION", "GSP"}

func allKindKeys() []string {
	var out []string
	for _, k := range kinds {
		for _, key := range kindKeys[k] {
			if !contains(out, key) {
				out = append(out, key)
			}
		}
	}
	return out
}

func kindList() string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func containsKind(k Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// required is the list under key, which a rule of kind k needs; nil, with
// a problem at the file's top, when the file has none.
func (d *decoder) required(f map[string]*yaml.Node, key string, k Kind) []*yaml.Node {
	n, ok := f[key]
	if !ok {
		d.At(d.root, "", "a%s %s rule needs %s", article(string(k)), k, key)
		return nil
	}
	return d.Seq(n, key)
}

func (d *decoder) keepCase(f map[string]*yaml.Node) bool {
	if n, ok := f["keep_case"]; ok {
		return d.Bool(n, "keep_case")
	}
	return true
}

func (d *decoder) swap(f map[string]*yaml.Node) *Swap {
	s := &Swap{KeepCase: d.keepCase(f)}
	n, ok := f["pairs"]
	if !ok {
		d.At(d.root, "", "a swap rule needs pairs")
		return s
	}
	if n.Kind != yaml.MappingNode {
		d.At(n, "pairs", "want a mapping of word: replacement, got %s", yamlpos.Describe(n))
		return s
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		from := d.Str(k, "pairs")
		to := d.Str(v, "pairs."+k.Value)
		if seen[strings.ToLower(from)] {
			d.At(k, "pairs."+k.Value, "duplicate entry")
			continue
		}
		seen[strings.ToLower(from)] = true
		if from != "" {
			s.Pairs = append(s.Pairs, Pair{From: from, To: to})
		}
	}
	return s
}

func (d *decoder) sequence(f map[string]*yaml.Node) *Sequence {
	s := &Sequence{KeepCase: d.keepCase(f), Forms: map[string]map[string]string{}}
	if n, ok := f["forms"]; ok {
		d.forms(n, s.Forms)
	}
	for i, cn := range d.required(f, "cases", KindSequence) {
		if c, ok := d.sequenceCase(cn, fmt.Sprintf("cases[%d]", i), s.Forms); ok {
			s.Cases = append(s.Cases, c)
		}
	}
	return s
}

// forms reads the named word tables of a sequence rule into forms.
func (d *decoder) forms(n *yaml.Node, forms map[string]map[string]string) {
	if n.Kind != yaml.MappingNode {
		d.At(n, "forms", "want a mapping of form name to word table, got %s", yamlpos.Describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, table := n.Content[i].Value, n.Content[i+1]
		where := "forms." + name
		if table.Kind != yaml.MappingNode {
			d.At(table, where, "want a mapping of word: form, got %s", yamlpos.Describe(table))
			continue
		}
		m := map[string]string{}
		for j := 0; j+1 < len(table.Content); j += 2 {
			m[strings.ToLower(d.Str(table.Content[j], where))] = d.Str(table.Content[j+1], where+"."+table.Content[j].Value)
		}
		forms[name] = m
	}
}

// sequenceCase reads one when/then pair; ok is false when it lacks either.
func (d *decoder) sequenceCase(cn *yaml.Node, where string, forms map[string]map[string]string) (c Case, ok bool) {
	cf := d.Fields(cn, where, "when", "then")
	if cf == nil {
		return c, false
	}
	c.Line = cn.Line
	wn, ok := cf["when"]
	if !ok {
		d.At(cn, where, "missing when")
		return c, false
	}
	names := map[string]int{} // the tokens named with as, by 1-based position
	for j, tn := range d.Seq(wn, where+".when") {
		if m, ok := d.token(tn, fmt.Sprintf("%s.when[%d]", where, j)); ok {
			if m.As != "" {
				names[m.As] = j + 1
			}
			c.When = append(c.When, m)
		}
	}
	tn, ok := cf["then"]
	if !ok {
		d.At(cn, where, "missing then")
		return c, false
	}
	c.Then = d.outputs(tn, where+".then", c.When, names, forms)
	return c, true
}

// token reads one element of when; ok is false when it is no mapping.
func (d *decoder) token(tn *yaml.Node, tw string) (m TokenMatch, ok bool) {
	tf := d.Fields(tn, tw, "word", "tag", "except", "optional", "repeat", "parentheses", "rewritten", "as")
	if tf == nil {
		return m, false
	}
	if x, ok := tf["word"]; ok {
		m.WordSource = d.Str(x, tw+".word")
		m.Word = d.regex(x, tw+".word", `(?i)^(?:`, m.WordSource+`)$`)
	}
	if x, ok := tf["tag"]; ok {
		m.TagSource = d.Str(x, tw+".tag")
		m.Tag = d.regex(x, tw+".tag", `^(?:`, m.TagSource+`)$`)
		if m.Tag != nil {
			if msg := checkTagPattern(m.TagSource, m.Tag); msg != "" {
				d.At(x, tw+".tag", "%s", msg)
			}
		}
	}
	if x, ok := tf["except"]; ok {
		m.ExceptSource = d.Str(x, tw+".except")
		m.Except = d.regex(x, tw+".except", `(?i)^(?:`, m.ExceptSource+`)$`)
	}
	d.tokenFlags(tf, tw, &m)
	if x, ok := tf["as"]; ok {
		m.As = d.Str(x, tw+".as")
	}
	if m.WordSource == "" && m.TagSource == "" && !(m.Rewritten && !m.Repeat) {
		d.At(tn, tw, "a token needs a word or a tag")
	}
	return m, true
}

// tokenFlags reads a token's optional, repeat, parentheses and rewritten.
func (d *decoder) tokenFlags(tf map[string]*yaml.Node, tw string, m *TokenMatch) {
	if x, ok := tf["optional"]; ok {
		m.Optional = d.Bool(x, tw+".optional")
	}
	if x, ok := tf["repeat"]; ok {
		m.Repeat = d.Bool(x, tw+".repeat")
		if m.Repeat && m.Optional {
			d.At(x, tw+".repeat", "a repeat already matches zero tokens: drop optional")
		}
	}
	if x, ok := tf["parentheses"]; ok {
		m.Parentheses = d.Bool(x, tw+".parentheses")
		if m.Parentheses && !m.Repeat {
			d.At(x, tw+".parentheses", "only a repeat passes over parentheses: add repeat: true")
		}
	}
	if x, ok := tf["rewritten"]; ok {
		m.Rewritten = d.Bool(x, tw+".rewritten")
	}
}

// outputs reads then: one output per token of when.
func (d *decoder) outputs(tn *yaml.Node, where string, when []TokenMatch, names map[string]int, forms map[string]map[string]string) []Output {
	outs := d.Seq(tn, where)
	if len(outs) != len(when) {
		d.At(tn, where, "has %d outputs for %d tokens in when: give one output per token (\"$N\" keeps token N)", len(outs), len(when))
	}
	var then []Output
	for j, on := range outs {
		ow := fmt.Sprintf("%s[%d]", where, j)
		if on.Kind != yaml.ScalarNode {
			d.At(on, ow, "want a string, got %s", yamlpos.Describe(on))
			continue
		}
		o, msg := parseOutput(on.Value, len(when), names, forms)
		if msg != "" {
			d.At(on, ow, "%s", msg)
		} else if j < len(when) && when[j].Repeat && (o.Ref != j+1 || o.Transform != "") {
			d.At(on, ow, "when[%d] repeats, so it is kept as it is: want \"$%d\"", j, j+1)
		}
		then = append(then, o)
	}
	return then
}

var outputRef = regexp.MustCompile(`^\$(?:(\d+)|\{(\w+)(?::(\w+))?\})$`)

// parseOutput reads one element of then: "word", "$2", "${verb}",
// "${verb:plural}", "${2:plural}".
func parseOutput(s string, n int, names map[string]int, forms map[string]map[string]string) (Output, string) {
	if !strings.HasPrefix(s, "$") {
		return Output{Literal: s}, ""
	}
	m := outputRef.FindStringSubmatch(s)
	if m == nil {
		return Output{Literal: s}, fmt.Sprintf("bad reference %q (want $N, ${name} or ${name:form})", s)
	}
	var o Output
	ref := m[1]
	if ref == "" {
		ref = m[2]
	}
	if i, err := strconv.Atoi(ref); err == nil {
		if i < 1 || i > n {
			return o, fmt.Sprintf("reference %q: when has tokens $1..$%d", s, n)
		}
		o.Ref = i
	} else {
		if _, ok := names[ref]; !ok {
			return o, fmt.Sprintf("reference %q: no token in when is named %q", s, ref)
		}
		o.Name = ref
	}
	o.Transform = m[3]
	if o.Transform != "" && o.Transform != "plural" && o.Transform != "lower" {
		if _, ok := forms[o.Transform]; !ok {
			return o, fmt.Sprintf("unknown form %q (built in: plural, lower; or define it under forms)", o.Transform)
		}
	}
	return o, ""
}

func (d *decoder) pattern(f map[string]*yaml.Node) *Pattern {
	p := &Pattern{}
	for i, pn := range d.required(f, "patterns", KindPattern) {
		where := fmt.Sprintf("patterns[%d]", i)
		pf := d.Fields(pn, where, "name", "regex", "replace", "gate", "keep_allowed", "strict_cue", "guess", "background", "keep_products", "head")
		if pf == nil {
			continue
		}
		nr := NamedRegex{Gate: true}
		if x, ok := pf["gate"]; ok {
			nr.Gate = d.Bool(x, where+".gate")
		}
		if x, ok := pf["keep_allowed"]; ok {
			nr.KeepAllowed = d.Bool(x, where+".keep_allowed")
		}
		if x, ok := pf["strict_cue"]; ok {
			nr.StrictCue = d.Bool(x, where+".strict_cue")
		}
		if x, ok := pf["guess"]; ok {
			nr.Guess = d.Bool(x, where+".guess")
		}
		if x, ok := pf["background"]; ok {
			nr.Background = d.Bool(x, where+".background")
		}
		if x, ok := pf["keep_products"]; ok {
			nr.KeepProducts = d.Bool(x, where+".keep_products")
		}
		if x, ok := pf["head"]; ok {
			nr.Head = d.Str(x, where+".head")
			if nr.Head != LexOrganizationKinds {
				d.At(x, where+".head", "unknown head class %q (one of %s)", nr.Head, LexOrganizationKinds)
			}
		}
		if x, ok := pf["name"]; ok {
			nr.Name = d.Str(x, where+".name")
		} else {
			d.At(pn, where, "missing name")
		}
		if x, ok := pf["regex"]; ok {
			src := d.Str(x, where+".regex")
			nr.Regex = d.regex(x, where+".regex", "", src)
			if nr.Regex != nil && nr.Regex.MatchString("") {
				d.At(x, where+".regex", "matches the empty string")
				nr.Regex = nil
			}
		} else {
			d.At(pn, where, "missing regex")
		}
		if x, ok := pf["replace"]; ok {
			nr.Replace = d.Str(x, where+".replace")
		} else {
			d.At(pn, where, "missing replace")
		}
		if nr.Regex != nil {
			p.Patterns = append(p.Patterns, nr)
		}
	}
	return p
}

func (d *decoder) entity(f map[string]*yaml.Node) *Entity {
	e := DefaultLabels()
	e.Nicknames = map[string][]string{}
	if n, ok := f["seed"]; ok {
		e.Seed = d.oneOf(n, "seed", []string{"candidate", "interviewers"}, "unknown seed %q (candidate, interviewers)")
	}
	if n, ok := f["labels"]; ok {
		e.Labels = d.oneOf(n, "labels", nerLabels, "unknown NER label %q ("+strings.Join(nerLabels, ", ")+")")
	}
	d.labels(f, e)
	if n, ok := f["nicknames"]; ok {
		d.nicknames(n, e.Nicknames)
	}
	for _, l := range []struct {
		key   string
		dst   *[]string
		lower bool // compared in lower case
	}{
		{"common_words", &e.CommonWords, true},
		{"titles", &e.Titles, false},
		{"word_titles", &e.WordTitles, false},
		{"cues", &e.Cues, true},
		{"owner_cues", &e.OwnerCues, true},
		{"alias_cues", &e.AliasCues, true},
		{"place_cues", &e.PlaceCues, true},
		{"organization_cues", &e.OrganizationCues, true},
		{"organization_suffixes", &e.OrganizationSuffixes, false},
		{"employers", &e.Employers, false},
	} {
		if n, ok := f[l.key]; ok {
			*l.dst = d.strs(n, l.key)
			if l.lower {
				*l.dst = lowerAll(*l.dst)
			}
		}
	}
	if n, ok := f["places"]; ok {
		e.Places = d.Str(n, "places")
	}
	if n, ok := f["organizations"]; ok {
		e.Organizations = d.Str(n, "organizations")
	}
	if n, ok := f["schools"]; ok {
		e.Schools = d.Str(n, "schools")
	}
	return e
}

// oneOf is a list of strings each of which must be in known; unknown is
// the message for one that is not, with %q for it.
func (d *decoder) oneOf(n *yaml.Node, key string, known []string, unknown string) []string {
	list := d.strs(n, key)
	for i, s := range list {
		if !contains(known, s) {
			d.At(n.Content[i], fmt.Sprintf("%s[%d]", key, i), unknown, s)
		}
	}
	return list
}

// labels reads the label templates; those of interviewers and other people
// need {A}, for each person's letter.
func (d *decoder) labels(f map[string]*yaml.Node, e *Entity) {
	if n, ok := f["candidate"]; ok {
		e.Candidate = d.Str(n, "candidate")
	}
	for _, l := range []struct {
		key string
		dst *string
	}{{"interviewer", &e.Interviewer}, {"other", &e.Other}} {
		n, ok := f[l.key]
		if !ok {
			continue
		}
		*l.dst = d.Str(n, l.key)
		if !strings.Contains(*l.dst, "{A}") {
			d.At(n, l.key, "label %q needs {A} so that each person gets a letter", *l.dst)
		}
	}
}

// nicknames reads name: [short forms] into nicks, in lower case.
func (d *decoder) nicknames(n *yaml.Node, nicks map[string][]string) {
	if n.Kind != yaml.MappingNode {
		d.At(n, "nicknames", "want a mapping of name: [short forms], got %s", yamlpos.Describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := strings.ToLower(d.Str(n.Content[i], "nicknames"))
		nicks[name] = append(nicks[name], lowerAll(d.strs(n.Content[i+1], "nicknames."+name))...)
	}
}

func (d *decoder) sentence(f map[string]*yaml.Node) *Sentence {
	s := &Sentence{Marker: DefaultRemovedMarker}
	if n, ok := f["marker"]; ok {
		s.Marker = d.Str(n, "marker")
	}
	for i, tn := range d.required(f, "triggers", KindSentence) {
		where := fmt.Sprintf("triggers[%d]", i)
		src := d.Str(tn, where)
		if re := d.regex(tn, where, `(?i)\b(?:`, src+`)\b`); re != nil {
			s.Triggers = append(s.Triggers, re)
			s.TriggerSources = append(s.TriggerSources, src)
		}
	}
	return s
}

func (d *decoder) tests(n *yaml.Node, kind Kind) []Test {
	var out []Test
	for i, tn := range d.Seq(n, "tests") {
		where := fmt.Sprintf("tests[%d]", i)
		tf := d.Fields(tn, where, "in", "out", "match", "nomatch", "candidate", "interviewers")
		if tf == nil {
			continue
		}
		t := Test{Line: tn.Line, Col: tn.Column}
		for key, dst := range map[string]*string{"in": &t.In, "out": &t.Out, "match": &t.Match, "nomatch": &t.NoMatch, "candidate": &t.Candidate} {
			if x, ok := tf[key]; ok {
				*dst = d.Str(x, where+"."+key)
			}
		}
		if x, ok := tf["interviewers"]; ok {
			t.Interviewers = d.strs(x, where+".interviewers")
		}
		_, hasIn := tf["in"]
		_, hasOut := tf["out"]
		_, hasMatch := tf["match"]
		_, hasNo := tf["nomatch"]
		switch {
		case hasIn && hasOut && !hasMatch && !hasNo:
		case !hasIn && !hasOut && hasMatch != hasNo:
			if kind != KindPattern && kind != KindSentence {
				d.At(tn, where, "match and nomatch tests are for pattern and sentence rules; use in and out")
			}
		default:
			d.At(tn, where, "a test has either in and out, or one of match and nomatch")
		}
		out = append(out, t)
	}
	return out
}

func lowerAll(in []string) []string {
	for i := range in {
		in[i] = strings.ToLower(in[i])
	}
	return in
}

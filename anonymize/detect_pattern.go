package anonymize

import (
	"strings"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// patternDetector runs a pattern rule's expressions: identifiers (emails,
// handles, phone numbers), and details read from their context ("grew up
// in ...").
type patternDetector struct {
	rule  *rules.Rule
	lex   *lexicon
	terms *keepTerms
	// schools is the entity rule's school marker, which a described
	// school gets ("a big Boston school"); "" without one.
	schools string
}

func newPatternDetector(r *rules.Rule, env *detectorEnv) (detector, error) {
	d := &patternDetector{rule: r, lex: env.lex, terms: env.terms}
	if er := env.engine.entityRule(); er != nil {
		d.schools = er.Schools
	}
	return d, nil
}

func (d *patternDetector) detect(in *textInput) []span {
	var out []span
	for _, p := range d.rule.Pattern.Patterns {
		if !in.patterns.May(p.Regex) {
			continue // a literal every match needs is absent
		}
		ms := in.fast.findAllIn(p.Regex, in.seg, &in.patterns)
		if len(ms) == 0 {
			continue // and the expression, if confined, may not be compiled
		}
		groups := spanGroups(p.Regex)
		for _, m := range ms {
			if sp, ok := d.span(in.seg, p, m, groups); ok {
				out = append(out, sp)
			}
		}
	}
	return out
}

// spanGroups returns the indexes of re's groups named span, span2, span3...:
// one replaced part for each alternative of an expression.
func spanGroups(re *lazyregexp.Regexp) []int {
	var out []int
	for i, name := range re.Compiled().SubexpNames() {
		if name == "span" || strings.HasPrefix(name, "span") && len(name) > 4 && name[4] >= '2' && name[4] <= '9' {
			out = append(out, i)
		}
	}
	return out
}

// span turns one match of p into the span it replaces, if any.
func (d *patternDetector) span(seg *segmented, p rules.NamedRegex, m []int, groups []int) (span, bool) {
	r := d.rule
	start, end := m[0], m[1]
	replace := p.Replace
	if len(groups) > 0 {
		// Only a group named span (span2, span3... in other alternatives)
		// is replaced; the rest of the match is context ("grew up in
		// (?P<span>...)").
		start = -1
		for _, g := range groups {
			if m[2*g] >= 0 {
				start, end = m[2*g], m[2*g+1]
				break
			}
		}
		if start < 0 {
			return span{}, false
		}
	}
	if p.Head != "" {
		// The expression found the cue; the phrase after it, from the
		// group named phrase if there is one, is read word by word
		// (orgphrase.go).
		from := start
		if g := p.Regex.Compiled().SubexpIndex("phrase"); g > 0 && m[2*g] >= 0 {
			from = m[2*g]
		}
		var head string
		if end, head = d.lex.describedOrganization(seg.text, from, d.isTech); head == "" {
			return span{}, false
		}
		start = skipFunctionWords(seg.text, start, from)
		if !d.lex.organizationBefore(seg.text[start:from]) {
			return span{}, false
		}
		m = []int{start, end}
		if schoolNouns[head] && d.schools != "" && replace != "" {
			replace = d.schools
		}
	}
	if end <= start {
		return span{}, false // an empty match replaces nothing
	}
	if p.KeepProducts && d.knownProduct(seg.text[start:end]) {
		return span{}, false // "our incident.io setup", "socket.io": a product's name, not a site
	}
	employer := false
	if p.KeepAllowed {
		var keep bool
		if keep, employer = d.keeps(seg.text[start:end], p.StrictCue); keep {
			return span{}, false // "good at Go", "at SQL": a technical name, not an employer
		}
	}
	if !p.Gate && (seg.code[start] || seg.code[end-1]) {
		return span{}, false // code keeps its annotations and decorators
	}
	repl := string(p.Regex.Compiled().ExpandString(nil, replace, seg.text, m))
	// Context a pattern matches and writes back unchanged ("graduated in
	// 2019 from " before a school, the space before an @handle) is not part
	// of the change, so that other rules can still change it (the year).
	if repl != seg.text[start:end] { // an identity replacement guards an idiom whole
		start, end, repl = trimUnchanged(seg.text, start, end, repl)
		repl = keepLineBreak(seg.text[start:end], repl)
	}
	prio := prioPattern
	if p.KeepAllowed && !employer || p.Guess {
		// A guess from a cue, like the entity rule's: it yields to the
		// patterns that know what they match (a school). A listed employer
		// after a cue is no guess, and wins over its product sense ("a peer
		// from Datadog").
		prio = prioCued
	}
	return withAction(r, seg, span{start: start, end: end, repl: repl, rule: r.ID, kind: r.Kind,
		category: r.Category, prio: prio, background: p.Background}), true
}

// keeps reports whether a pattern with keep_allowed leaves a matched name
// alone (an allowed term, or a technology of the lexicon unless the cue is
// strict, that is not a listed employer), and whether it is a listed
// employer.
func (d *patternDetector) keeps(name string, strict bool) (keep, employer bool) {
	words := phraseWords(name)
	key := strings.Join(words, " ")
	employer = d.terms.employers[key] || d.employerUnit(words)
	return (d.terms.allow[key] || !strict && d.lex.isTech(name)) && !employer, employer
}

// knownProduct reports whether a match is, whole, a product's name that
// an allow list or the technology lexicon knows ("Fly.io", "socket.io").
func (d *patternDetector) knownProduct(name string) bool {
	return d.terms.allow[fold(name)] || d.lex.isTech(name)
}

// employerUnit reports whether the folded words of a name a cue announces
// open with a listed employer and go on with more words: the employer's
// unit, written with its name ("then Cloudflare Research for [years]"),
// is the employer, not the product its first word also names.
func (d *patternDetector) employerUnit(words []string) bool {
	for n := len(words) - 1; n >= 1; n-- {
		if d.terms.employers[strings.Join(words[:n], " ")] {
			return true
		}
	}
	return false
}

// isTech says a capitalised word in a described organisation names a
// technology ("a Kafka shop"): an allowed term or one of the lexicon's.
func (d *patternDetector) isTech(w string) bool {
	return d.terms.allow[strings.Join(phraseWords(w), " ")] || d.lex.isTech(w)
}

// keepLineBreak keeps the line break a replacement's leading space stands
// for: "class of\n2015" becomes "class of\n[year]", not one line.
func keepLineBreak(orig, repl string) string {
	ws := len(orig) - len(strings.TrimLeft(orig, " \t\r\n"))
	if ws == 0 || !strings.Contains(orig[:ws], "\n") || !strings.HasPrefix(repl, " ") {
		return repl
	}
	return orig[:ws] + strings.TrimLeft(repl, " ")
}

// trimUnchanged narrows a replacement of text[start:end] by repl to the
// part that differs, on rune boundaries: the common prefix and suffix stay
// as written.
func trimUnchanged(text string, start, end int, repl string) (int, int, string) {
	orig := text[start:end]
	p := 0
	for p < len(orig) && p < len(repl) && orig[p] == repl[p] {
		p++
	}
	for p > 0 && (p < len(orig) && !utf8.RuneStart(orig[p]) || p < len(repl) && !utf8.RuneStart(repl[p])) {
		p--
	}
	orig, repl = orig[p:], repl[p:]
	start += p
	q := 0
	for q < len(orig) && q < len(repl) && orig[len(orig)-1-q] == repl[len(repl)-1-q] {
		q++
	}
	for q > 0 && (!utf8.RuneStart(orig[len(orig)-q]) || !utf8.RuneStart(repl[len(repl)-q])) {
		q--
	}
	return start, end - q, repl[:len(repl)-q]
}

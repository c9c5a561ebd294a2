package anonymize

import (
	"strings"
	"unicode"

	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// sentenceDetector finds a sentence rule's triggers; the clause or
// sentence around each is removed or flagged after resolution.
type sentenceDetector struct {
	rule *rules.Rule
	// allow is the rule's allow list: a trigger inside one of its terms
	// ("health check") does not count.
	allow *lazyregexp.Regexp
	// servedPeople are the people a product works for: a trigger right
	// after one of them is their data (servedOwner).
	servedPeople map[string]bool
}

func newSentenceDetector(r *rules.Rule, env *detectorEnv) (detector, error) {
	return &sentenceDetector{rule: r, allow: rules.AllowExpression(r.Allow), servedPeople: env.lex.servedPeople}, nil
}

// detect looks for the triggers in each sentence whose literals admit
// them.
func (d *sentenceDetector) detect(in *textInput) []span {
	seg := in.seg
	var out []span
	for _, s := range seg.sentences {
		if !seg.inRegions(s.start) {
			continue
		}
		out = d.inSentence(in, s, out)
	}
	return out
}

// inSentence appends the triggers found in sentence s.
func (d *sentenceDetector) inSentence(in *textInput, s sentence, out []span) []span {
	r, cand := d.rule, in.triggerSet()
	text := in.seg.masked[s.start:s.end]
	// The rule's allow terms are looked for only in a sentence where a
	// trigger matched: most sentences have none.
	var allowed [][]int
	allowedDone := d.allow == nil
	seen := map[[2]int]bool{}
	for _, t := range r.Sentence.Triggers {
		if !cand.In(t, s.start, s.end) {
			continue
		}
		for _, m := range in.fast.findAllScanned(t, text, cand, s.start) {
			if !allowedDone {
				allowed, allowedDone = d.allow.FindAllStringIndex(text, -1), true
			}
			start, end := s.start+m[0], s.start+m[1]
			if touches(allowed, m[0], m[1]) || seen[[2]int{start, end}] || servedOwner(text[:m[0]], d.servedPeople) {
				continue
			}
			seen[[2]int{start, end}] = true
			out = append(out, span{start: start, end: end, repl: r.Sentence.Marker, rule: r.ID, kind: r.Kind,
				category: r.Category, prio: prioSentence, flag: r.Action == rules.ActionFlag, clause: true})
		}
	}
	return out
}

// servedOwner reports whether the text before a trigger ends with one of
// the people a product works for, or their possessive ("two patients'
// allergies", "patient diagnoses", "a customer's disability status"): the
// trait is their data, handled at work, not the person's the note is about.
func servedOwner(before string, served map[string]bool) bool {
	before = strings.TrimRight(before, " ")
	for _, end := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(before, end) {
			before = strings.TrimSuffix(before, end)
			break
		}
	}
	k := strings.LastIndexFunc(before, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) + 1
	return k < len(before) && served[strings.ToLower(before[k:])]
}

package anonymize

import (
	"strings"

	"github.com/anonymize/anonymize/rules"
)

// sequenceDetector runs a sequence rule's cases (sequence.go) at each
// token; at each, the first case that matches wins. Every token is tried,
// also those inside an earlier match, so that one match can follow on from
// another (coordinated verbs); a token keeps the first replacement it gets.
type sequenceDetector struct {
	rule *rules.Rule
	// cases says which cases may start at a token, with their elements
	// compiled.
	cases *caseIndex
	// pronounTags and gendered are the pronoun lexicons (see
	// splitJoinedTokens and render).
	pronounTags map[string]string
	gendered    map[string]bool
}

func newSequenceDetector(r *rules.Rule, env *detectorEnv) (detector, error) {
	return &sequenceDetector{rule: r, cases: env.fast.cases(r.Sequence), pronounTags: env.pronounTags, gendered: env.gendered}, nil
}

// pronounLexicons reads the pack's pronoun lexicons: the tag each pronoun
// gets where it is split from punctuation, and the gendered ones.
func pronounLexicons(pack *rules.Pack) (map[string]string, map[string]bool) {
	byClass := pack.Lexicons()
	tags := map[string]string{}
	for class, tag := range map[string]string{rules.LexPersonal: "PRP", rules.LexPossessive: "PRP$"} {
		for _, w := range byClass[class] {
			tags[w] = tag
		}
	}
	gendered := map[string]bool{}
	for _, w := range byClass[rules.LexGendered] {
		gendered[w] = true
	}
	return tags, gendered
}

func (d *sequenceDetector) detect(in *textInput) []span {
	words := in.wordTokens(d.pronounTags)
	toks, lower := words.toks, words.lower
	changed := make([]bool, len(toks))
	var out []span
	var buf, positions []int
	for i := range toks {
		buf = d.cases.candidates(toks[i], lower[i], buf[:0])
		for _, ci := range buf {
			tests := d.cases.tests[ci]
			if !mayStart(tests, toks[i], lower[i], changed[i]) {
				continue
			}
			var ok bool
			positions, ok = matchWhen(tests, toks, lower, i, changed, positions)
			if !ok {
				continue
			}
			out = d.replace(ci, positions, toks, changed, out)
			break
		}
	}
	return out
}

// replace appends the replacements of case ci's match at positions, and
// marks the tokens it changes.
func (d *sequenceDetector) replace(ci int, positions []int, toks []token, changed []bool, out []span) []span {
	r, seq := d.rule, d.rule.Sequence
	c := seq.Cases[ci]
	for k, pos := range positions {
		if pos < 0 || changed[pos] {
			continue
		}
		t := toks[pos]
		repl := render(c.Then[k], c, positions, toks, seq, d.gendered)
		if !c.Then[k].IsRef() {
			if seq.KeepCase {
				repl = matchCaseWord(t.text, repl)
			}
			if strings.Contains(t.text, "\u2019") {
				repl = strings.ReplaceAll(repl, "'", "\u2019")
			}
		}
		if repl != t.text {
			changed[pos] = true
			out = append(out, span{start: t.start, end: t.end, repl: repl, rule: r.ID, kind: r.Kind,
				category: r.Category, prio: prioWord, flag: r.Action == rules.ActionFlag})
		}
	}
	return out
}

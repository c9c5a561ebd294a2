package anonymize

import (
	"strings"

	"github.com/anonymize/anonymize/rules"
)

// swapDetector replaces a swap rule's words and phrases by theirs.
type swapDetector struct {
	rule  *rules.Rule
	pairs *phraseIndex
	// eponym is Engine.eponym: a name before an eponym noun names an idea.
	eponym func(toks []token, a, b int) bool
}

func newSwapDetector(r *rules.Rule, env *detectorEnv) (detector, error) {
	return &swapDetector{rule: r, pairs: newPhraseIndex(r.Swap.Pairs), eponym: env.engine.eponym}, nil
}

func (d *swapDetector) detect(in *textInput) []span {
	r, seg, toks := d.rule, in.seg, in.toks
	var out []span
	for i := 0; i < len(toks); i++ {
		p, n := d.pairs.match(toks, i)
		if n == 0 {
			continue
		}
		orig := seg.text[toks[i].start:toks[i+n-1].end]
		repl := p.value
		if strings.HasPrefix(repl, "[") && d.eponym(toks, i, i+n-1) {
			i += n - 1 // "the Las Vegas algorithm" names no place
			continue
		}
		if r.Swap.KeepCase {
			repl = matchCaseWord(orig, repl)
		}
		if strings.EqualFold(orig, repl) {
			repl = orig // an entry that keeps a phrase keeps it as written ("java" stays lower-case)
		}
		out = append(out, withAction(r, seg, span{start: toks[i].start, end: toks[i+n-1].end, repl: repl, rule: r.ID,
			kind: r.Kind, category: r.Category, prio: prioWord}))
		i += n - 1
	}
	return out
}

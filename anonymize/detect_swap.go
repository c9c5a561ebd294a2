package anonymize

import "github.com/anonymize/anonymize/rules"

// swapDetector replaces a swap rule's words and phrases by theirs.
type swapDetector struct {
	rule  *rules.Rule
	pairs *phraseIndex
}

func newSwapDetector(r *rules.Rule, _ *detectorEnv) (detector, error) {
	return &swapDetector{rule: r, pairs: newPhraseIndex(r.Swap.Pairs)}, nil
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
		if r.Swap.KeepCase {
			repl = matchCaseWord(orig, repl)
		}
		out = append(out, withAction(r, seg, span{start: toks[i].start, end: toks[i+n-1].end, repl: repl, rule: r.ID,
			kind: r.Kind, category: r.Category, prio: prioWord}))
		i += n - 1
	}
	return out
}

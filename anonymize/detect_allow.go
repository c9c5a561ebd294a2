package anonymize

import "github.com/anonymize/anonymize/rules"

// allowDetector protects an allow rule's terms from every other rule.
type allowDetector struct {
	rule  *rules.Rule
	terms *phraseIndex
	// employedAt is Engine.employedAt: a listed employer after an
	// organization cue is no product.
	employedAt func(toks []token, i int) int
	// listedAt is Engine.listedEmployerAt: an employer of the employers
	// lexicon after an organization cue is no product either.
	listedAt func(toks []token, i int) int
}

func newAllowDetector(r *rules.Rule, env *detectorEnv) (detector, error) {
	var pairs []rules.Pair
	for _, t := range r.Terms {
		pairs = append(pairs, rules.Pair{From: t, To: t})
	}
	return &allowDetector{rule: r, terms: newPhraseIndex(pairs), employedAt: env.engine.employedAt,
		listedAt: env.engine.listedEmployerAt}, nil
}

func (d *allowDetector) detect(in *textInput) []span {
	toks := in.toks
	var out []span
	for i := 0; i < len(toks); i++ {
		p, n := d.terms.match(toks, i)
		if n == 0 {
			continue
		}
		// An allow term protects its technical sense, which is written
		// capitalised or as the tool spells it; "go" the verb is not Go.
		if n == 1 && !isCapitalized(toks[i].word) && toks[i].word != p.value {
			continue
		}
		if d.employedAt(toks, i) == n || d.listedAt(toks, i) == n {
			continue // "three years at Datadog", "now at Adyen": an employer, not the product
		}
		prio := prioAllowWord
		if n > 1 {
			prio = prioAllowPhrase
		}
		out = append(out, span{start: toks[i].start, end: toks[i+n-1].end, rule: d.rule.ID, kind: d.rule.Kind, prio: prio, protect: true})
		i += n - 1
	}
	return out
}

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
		prio := prioWord
		if strings.HasPrefix(p.value, "[") && namedPhrase(toks[i:i+n], in.ro) {
			// "Ho Chi Minh City", "New York City": a name part inside a
			// place's name of several words is a word of that name, not
			// the person the part also names (Minh, York).
			prio = prioNamedPlace
		}
		out = append(out, withAction(r, seg, span{start: toks[i].start, end: toks[i+n-1].end, repl: repl, rule: r.ID,
			kind: r.Kind, category: r.Category, prio: prio}))
		i += n - 1
	}
	return out
}

// namedPhrase reports whether toks, a swap's phrase, is a name of two words
// or more, each capitalised, that is not one known person's name parts in
// a row ("Sierra Leone" stays the person Sierra Leone Okafor where the
// record says so).
func namedPhrase(toks []token, ro *roster) bool {
	if len(toks) < 2 {
		return false
	}
	var owner *identity
	ownersAll := ro != nil
	for k, t := range toks {
		if !isCapitalized(t.word) {
			return false
		}
		if !ownersAll {
			continue
		}
		ids := ro.words[t.nameKey()]
		switch {
		case len(ids) == 0:
			ownersAll = false
		case k == 0:
			owner = ids[0]
		case ids[0] != owner:
			ownersAll = false
		}
	}
	return !ownersAll
}

package anonymize

import (
	"strings"

	"github.com/anonymize/anonymize/anonymize/internal/infer"
)

// nerGate decides where the name recogniser runs, by far the costliest
// part of tagging: only on sentences where another person's name can be.
// Its labels are read only on name-like words that are not the first of
// their sentence (see Engine.nameLike), so a sentence without one needs
// none. New builds it once; the reference engine of the tests runs the
// recogniser wherever a capitalised word leaves a place for a name, without
// asking the tokenizer (confirm false).
type nerGate struct {
	// on: the people rule reads PERSON labels at all.
	on bool
	// confirm checks prose's tokens for a name-like word (matters) after
	// the cheap look at capitalised words (mayNeed).
	confirm bool
	// allowWords and stopNames are words that are never another
	// person's name.
	allowWords, stopNames map[string]bool
	// nameLike is Engine.nameLike: the test matters applies to tokens.
	nameLike func(w string, ro *roster) bool
}

// runs reports whether the tagger runs the name recogniser on sentence s.
func (g *nerGate) runs(seg *segmented, s sentence, ro *roster) bool {
	return g.on && g.placeForName(seg, s, ro)
}

// placeForName reports whether sentence s may hold another person's name:
// where mayNeed finds a place for one, and prose's tokens confirm it.
func (g *nerGate) placeForName(seg *segmented, s sentence, ro *roster) bool {
	if !g.mayNeed(seg.masked[s.start:s.end], ro) {
		return false
	}
	return !g.confirm || g.matters(seg, s, ro)
}

// mayNeed reports whether a sentence holds a capitalised word that is
// neither its first, nor a known identity, nor an allowed term: the only
// place another person's name can be.
func (g *nerGate) mayNeed(text string, ro *roster) bool {
	found := false
	var buf [64]byte
	eachCapitalWord(text, func(start int, word string) bool {
		w := appendFold(buf[:0], strings.TrimSuffix(word, "'s"))
		found = start > 0 && ro.words[string(w)] == nil && !g.allowWords[string(w)] && !g.stopNames[string(w)]
		return !found
	})
	return found
}

// matters reports whether entity labels can change anything in sentence
// s: only if it has a name-like token that is not its first. The tokenizer
// alone finds out for a fraction of the cost of the recogniser.
func (g *nerGate) matters(seg *segmented, s sentence, ro *roster) bool {
	var st *sentenceTokens
	if si := seg.sentenceIndex(s); si < len(seg.sentences) && seg.sentences[si] == s {
		st = seg.tokens(si)
	} else {
		// Not one of seg's sentences (no caller does that): cut it afresh.
		st = &sentenceTokens{}
		st.folded, _ = foldQuotes(seg.masked[s.start:s.end])
		st.toks, st.err = infer.Tokenize(st.folded)
	}
	if st.err != nil {
		return true // cannot tell: tagSentence reports the failure
	}
	for k, pt := range st.toks {
		if k > 0 && g.nameLike(pt.Text, ro) {
			return true
		}
	}
	return false
}

// rosterWordLeft reports whether a text still holds a capitalised word of
// a known identity: one that an earlier pass read as an ordinary word
// ("Bloom filter"), from tags that a rewrite may have changed.
func rosterWordLeft(text string, ro *roster) bool {
	found := false
	var buf [64]byte
	eachCapitalWord(text, func(_ int, word string) bool {
		found = ro.words[string(appendFold(buf[:0], strings.TrimSuffix(word, "'s")))] != nil
		return !found
	})
	return found
}

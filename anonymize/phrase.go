package anonymize

import (
	"sort"
	"strings"
	"unicode"

	"github.com/anonymize/anonymize/rules"
)

// phraseIndex finds multi-token phrases (allow terms, swap entries) in a
// token stream with one map lookup per token.
type phraseIndex struct {
	byFirst map[string][]phrase // folded first word -> phrases, longest first
}

type phrase struct {
	words []string // folded
	value string
}

func newPhraseIndex(pairs []rules.Pair) *phraseIndex {
	ix := &phraseIndex{byFirst: map[string][]phrase{}}
	for _, p := range pairs {
		words := phraseWords(p.From)
		if len(words) == 0 {
			continue
		}
		ix.byFirst[words[0]] = append(ix.byFirst[words[0]], phrase{words, p.To})
	}
	for k := range ix.byFirst {
		ps := ix.byFirst[k]
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	}
	return ix
}

// phraseWords splits a phrase the way the tokenizer splits text.
func phraseWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = fold(w)
		// the tokenizer splits trailing punctuation and possessives
		for len(w) > 1 && strings.ContainsAny(w[len(w)-1:], ".,;:!?)") {
			w = w[:len(w)-1]
		}
		if stem, ok := strings.CutSuffix(w, "'s"); ok && stem != "" {
			out = append(out, stem, "'s") // "newton's method"
			continue
		}
		out = append(out, w)
	}
	return out
}

// match returns the longest phrase starting at toks[i] (within one
// sentence) and how many tokens it covers.
func (ix *phraseIndex) match(toks []token, i int) (phrase, int) {
	for _, p := range ix.byFirst[toks[i].folded] {
		if i+len(p.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range p.words {
			t := toks[i+k]
			if t.sent != toks[i].sent || t.folded != w {
				ok = false
				break
			}
		}
		if ok {
			return p, len(p.words)
		}
	}
	return phrase{}, 0
}

// matchCaseWord gives repl the case pattern of orig: "Chairman" -> "Chair",
// "CHAIRMAN" -> "CHAIR".
func matchCaseWord(orig, repl string) string {
	if repl == "" {
		return repl
	}
	if isAllUpper(orig) && len([]rune(orig)) > 1 {
		return strings.ToUpper(repl)
	}
	if isCapitalized(orig) {
		return capitalize(repl)
	}
	return repl
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

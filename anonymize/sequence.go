package anonymize

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/anonymize/anonymize/rules"
)

// detectSequence runs a sequence rule's cases at each token; at each, the
// first case that matches wins. Every token is tried, also those inside an
// earlier match, so that one match can follow on from another (coordinated
// verbs); a token keeps the first replacement it gets.
func detectSequence(r *rules.Rule, seg *segmented, toks []token) []span {
	seq := r.Sequence
	toks = splitJoinedTokens(seg, toks)
	changed := make([]bool, len(toks))
	var out []span
	for i := range toks {
		for _, c := range seq.Cases {
			positions, ok := matchWhen(c, toks, i, changed)
			if !ok {
				continue
			}
			for k, pos := range positions {
				if pos < 0 || changed[pos] {
					continue
				}
				t := toks[pos]
				repl := render(c.Then[k], c, positions, toks, seq)
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
			break
		}
	}
	return out
}

// joinedPunct is punctuation that prose's tokenizer leaves inside a token
// ("his…", "Mee...him", "A:her", `that?"She`).
var joinedPunct = regexp.MustCompile(`…+|\.\.+|[:;*"?!()\[\]{}]+`)

// splitJoinedTokens splits tokens in which prose left words joined by
// punctuation into their words and punctuation, so that rules see the
// words. Links, handles, numbers and hashtags stay whole. A word piece keeps
// the tag of its token, except that a personal pronoun gets its own tag.
func splitJoinedTokens(seg *segmented, toks []token) []token {
	var out []token
	for i, t := range toks {
		if !splittable(t.text) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]token, 0, len(toks)+4), toks[:i]...)
		}
		cuts := joinedPunct.FindAllStringIndex(t.text, -1)
		prev := 0
		add := func(a, b int, punct bool) {
			if a >= b {
				return
			}
			p := t
			p.start, p.end = t.start+a, t.start+b
			p.text = seg.text[p.start:p.end]
			p.word = quoteFolder.Replace(p.text)
			p.first = t.first && a == 0
			switch {
			case punct && strings.ContainsAny(p.text, ".?!…"):
				p.tag = "."
			case punct:
				p.tag = ":"
			default:
				if tag, ok := pronounTags[strings.ToLower(p.word)]; ok {
					p.tag = tag
				}
			}
			out = append(out, p)
		}
		for _, c := range cuts {
			add(prev, c[0], false)
			add(c[0], c[1], true)
			prev = c[1]
		}
		add(prev, len(t.text), false)
	}
	if out == nil {
		return toks
	}
	return out
}

var pronounTags = map[string]string{
	"she": "PRP", "he": "PRP", "him": "PRP", "her": "PRP$", "his": "PRP$", "hers": "PRP",
	"herself": "PRP", "himself": "PRP", "they": "PRP", "them": "PRP", "their": "PRP$",
}

// splittable reports whether t holds a letter joined to punctuation that
// splitJoinedTokens cuts, and is not a link, handle, hashtag or number.
func splittable(t string) bool {
	if len(t) < 2 || !joinedPunct.MatchString(t) || strings.ContainsAny(t, "/@#0123456789") {
		return false
	}
	return strings.IndexFunc(t, unicode.IsLetter) >= 0
}

// matchWhen tries one case at toks[i]; positions[k] is the token that
// element k matched, or -1 for an absent optional element or a repeat.
// Optional elements are tried present first, repeats as short as possible;
// the matcher backtracks over both. changed marks tokens already replaced.
func matchWhen(c rules.Case, toks []token, i int, changed []bool) ([]int, bool) {
	positions := make([]int, len(c.When))
	sent := toks[i].sent
	fits := func(m rules.TokenMatch, j int) bool {
		return j < len(toks) && toks[j].sent == sent && tokenMatches(m, toks[j], changed[j])
	}
	var try func(k, j int) bool
	try = func(k, j int) bool {
		if k == len(c.When) {
			return true
		}
		m := c.When[k]
		positions[k] = -1
		if m.Repeat {
			for ; ; j++ {
				if try(k+1, j) {
					return true
				}
				if !fits(m, j) {
					return false
				}
			}
		}
		if fits(m, j) {
			positions[k] = j
			if try(k+1, j+1) {
				return true
			}
			positions[k] = -1
		}
		return m.Optional && try(k+1, j)
	}
	if !try(0, i) {
		return nil, false
	}
	for k, p := range positions {
		if p >= 0 {
			return positions, p == i
		}
		if c.When[k].Repeat {
			break
		}
	}
	return nil, false
}

func tokenMatches(m rules.TokenMatch, t token, changed bool) bool {
	if m.Rewritten && !changed {
		return false
	}
	if m.Word != nil && !fullMatch(m.Word, m.WordSource, t.word, true) {
		return false
	}
	if m.Tag != nil && !fullMatch(m.Tag, m.TagSource, t.tag, false) {
		return false
	}
	if m.Except != nil && fullMatch(m.Except, m.ExceptSource, t.word, true) {
		return false
	}
	return true
}

// literalSets caches, for token patterns that are plain alternations of
// words ("she|he", "VBZ|VBD"), the set of those words, so that matching a
// token is a map lookup instead of running a regular expression at every
// token of every note. Patterns with any regexp syntax map to nil and run
// as written. Keyed by the compiled expression, which the rule owns.
var literalSets sync.Map // *regexp.Regexp -> map[string]bool (nil: not literal)

// tagMemo remembers tag-pattern answers; prose emits a few dozen tags.
var tagMemo sync.Map // tagKey -> bool

type tagKey struct {
	re  *regexp.Regexp
	tag string
}

var plainAlternation = regexp.MustCompile(`^[\p{L}\p{N}'’$ -]+(?:\|[\p{L}\p{N}'’$ -]+)*$`)

// fullMatch reports whether s matches the whole-token pattern re, whose
// source (without anchors) is src; fold says the pattern is
// case-insensitive.
func fullMatch(re *regexp.Regexp, src, s string, fold bool) bool {
	v, ok := literalSets.Load(re)
	if !ok {
		var set map[string]bool
		if plainAlternation.MatchString(src) {
			set = map[string]bool{}
			for _, w := range strings.Split(src, "|") {
				if fold {
					w = strings.ToLower(w)
				}
				set[w] = true
			}
		}
		v, _ = literalSets.LoadOrStore(re, set)
	}
	set := v.(map[string]bool)
	if set == nil {
		if !fold {
			// Tags are a small closed set: remember each answer.
			key := tagKey{re, s}
			if hit, ok := tagMemo.Load(key); ok {
				return hit.(bool)
			}
			hit := re.MatchString(s)
			tagMemo.Store(key, hit)
			return hit
		}
		return re.MatchString(s)
	}
	if fold {
		s = strings.ToLower(s)
	}
	return set[s]
}

// render computes the replacement of one matched token.
func render(o rules.Output, c rules.Case, positions []int, toks []token, seq *rules.Sequence) string {
	if !o.IsRef() {
		return o.Literal
	}
	k := o.Ref - 1
	if o.Name != "" {
		for n, m := range c.When {
			if m.As == o.Name {
				k = n
			}
		}
	}
	if positions[k] < 0 {
		return ""
	}
	t := toks[positions[k]]
	switch o.Transform {
	case "":
		return t.text
	case "lower":
		return strings.ToLower(t.text)
	case "plural":
		if v, ok := seq.Forms["plural"][strings.ToLower(t.word)]; ok {
			return matchCaseWord(t.text, v)
		}
		// A word the case took for a present-tense verb, whatever prose
		// tagged it ("fixes/JJ"); past and other forms stay.
		switch t.tag {
		case "VBD":
			// No past tense ends in a single s ("was" is in the table):
			// the tagger mistook a present tense ("she blogs").
			if w := strings.ToLower(t.word); !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") {
				return t.text
			}
		case "VBN", "VBG", "VB", "VBP", "MD":
			return t.text
		}
		// Only a plain word has a plural: "a000000RAfAels" is not a verb.
		if !isLetterWord(t.text) || camelCase(t.text) && !isAllUpper(t.text) {
			return t.text
		}
		p := pluralVerb(strings.ToLower(t.text))
		if gendered[p] {
			return t.text // "hes" is a pronoun typed in haste, not a verb
		}
		return matchCaseWord(t.text, p)
	default:
		if v, ok := seq.Forms[o.Transform][strings.ToLower(t.word)]; ok {
			return matchCaseWord(t.text, v)
		}
		return t.text
	}
}

// pluralVerb turns a regular third-person singular verb into its plural:
// writes -> write, tries -> try, fixes -> fix, misses -> miss, uses -> use.
func pluralVerb(v string) string {
	switch {
	case !strings.HasSuffix(v, "s") || strings.HasSuffix(v, "ss") || len(v) < 3:
		return v
	case strings.HasSuffix(v, "ies") && len(v) > 4:
		return v[:len(v)-3] + "y"
	case strings.HasSuffix(v, "sses"), strings.HasSuffix(v, "shes"), strings.HasSuffix(v, "ches"),
		strings.HasSuffix(v, "xes"), strings.HasSuffix(v, "zzes"), strings.HasSuffix(v, "oes"):
		return v[:len(v)-2]
	}
	return v[:len(v)-1]
}

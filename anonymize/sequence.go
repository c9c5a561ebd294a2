package anonymize

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// caseIndex tells which cases of a sequence rule can match at a token from
// its word and tag alone: a case can only start at a token that one of its
// leading elements fits (the first required one, or an optional one before
// it), so where those all list their words ("she|he"), the case is tried
// only at those words; where they list ASCII words through an expression
// ("an?", literals.ASCIIWords), only at those and at words that are not
// ASCII; where they all list their tags ("VBZ|VBD"), only at tokens so
// tagged. Skipping the others changes nothing; it spares trying every case
// at every token.
type caseIndex struct {
	byWord   map[string][]int // lower-cased word -> cases that may start there, ascending
	byASCII  map[string][]int // the same for an ASCII word, of cases bound to ASCII words
	nonASCII []int            // cases bound to ASCII words, tried at every other word
	byTag    map[string][]int // tag -> cases whose leading elements list their tags
	always   []int            // cases with a leading element bound to none of these
	tests    [][]tokenTest    // per case, its elements compiled
}

func newCaseIndex(seq *rules.Sequence) *caseIndex {
	ix := &caseIndex{byWord: map[string][]int{}, byASCII: map[string][]int{}, byTag: map[string][]int{}, tests: compileCases(seq, true)}
	for ci, tests := range ix.tests {
		lead := leadingTests(tests)
		switch {
		case allTests(lead, func(tt *tokenTest) bool { return tt.words != nil }):
			ix.index(ix.byWord, lead, ci, func(tt *tokenTest) []map[string]bool { return []map[string]bool{tt.words} })
		case allTests(lead, func(tt *tokenTest) bool { return tt.words != nil || tt.asciiWords != nil || tt.casedWords != nil }):
			ix.index(ix.byASCII, lead, ci, func(tt *tokenTest) []map[string]bool {
				return []map[string]bool{tt.words, tt.asciiWords, lowerKeys(tt.casedWords)}
			})
			ix.nonASCII = append(ix.nonASCII, ci)
		case allTests(lead, func(tt *tokenTest) bool { return tt.tags != nil }):
			ix.index(ix.byTag, lead, ci, func(tt *tokenTest) []map[string]bool { return []map[string]bool{tt.tags} })
		default:
			ix.always = append(ix.always, ci)
		}
	}
	return ix
}

// leadingTests are the elements a match of a case can start at: any
// optional element up to and including the first required one; a repeat
// before it means no match (see matchWhen).
func leadingTests(tests []tokenTest) []tokenTest {
	for k := range tests {
		if tests[k].m.Repeat {
			return tests[:k]
		}
		if !tests[k].m.Optional {
			return tests[:k+1]
		}
	}
	return tests
}

func allTests(tests []tokenTest, ok func(*tokenTest) bool) bool {
	for k := range tests {
		if !ok(&tests[k]) {
			return false
		}
	}
	return true
}

// index lists case ci in by under every key of the sets of its leading
// elements.
func (ix *caseIndex) index(by map[string][]int, lead []tokenTest, ci int, sets func(*tokenTest) []map[string]bool) {
	keys := map[string]bool{}
	for k := range lead {
		for _, set := range sets(&lead[k]) {
			for w := range set {
				keys[w] = true
			}
		}
	}
	for w := range keys {
		by[w] = append(by[w], ci)
	}
}

// tryAllCases is the index that skips nothing.
func tryAllCases(seq *rules.Sequence) *caseIndex {
	ix := &caseIndex{tests: compileCases(seq, false)}
	for ci := range seq.Cases {
		ix.always = append(ix.always, ci)
	}
	return ix
}

// candidates appends to buf, in rule order, the cases that may match at
// token t, whose word lower-cased is lower.
func (ix *caseIndex) candidates(t token, lower string, buf []int) []int {
	if ix.byWord == nil {
		return append(buf, ix.always...)
	}
	byWord := ix.byASCII[lower]
	if !isASCII(t.word) {
		byWord = ix.nonASCII
	}
	lists := [...][]int{ix.always, ix.byWord[lower], byWord, ix.byTag[t.tag]}
	from, some := len(buf), 0
	for _, l := range lists {
		if len(l) > 0 {
			buf = append(buf, l...)
			some++
		}
	}
	if some > 1 {
		slices.Sort(buf[from:]) // a case is in one list only
	}
	return buf
}

// joinedPunct is punctuation that prose's tokenizer leaves inside a token
// ("his…", "Mee...him", "A:her", `that?"She`).
var joinedPunct = regexp.MustCompile(`…+|\.\.+|[:;*"?!()\[\]{}]+`)

// splitJoinedTokens splits tokens in which prose left words joined by
// punctuation into their words and punctuation, so that rules see the
// words. Links, handles, numbers and hashtags stay whole. A word piece keeps
// the tag of its token, except that a pronoun gets its own (pronounTags,
// lower-cased word -> tag, from the pronoun lexicons).
func splitJoinedTokens(seg *segmented, toks []token, pronounTags map[string]string) []token {
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
			p.folded = fold(p.word)
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

// splittable reports whether t holds a letter joined to punctuation that
// splitJoinedTokens cuts, and is not a link, handle, hashtag or number.
func splittable(t string) bool {
	if len(t) < 2 || !hasJoinedPunct(t) || strings.ContainsAny(t, "/@#0123456789") {
		return false
	}
	return strings.IndexFunc(t, unicode.IsLetter) >= 0
}

// hasJoinedPunct is joinedPunct.MatchString(t) without running an
// expression at every token.
func hasJoinedPunct(t string) bool {
	return strings.ContainsAny(t, ":;*\"?!()[]{}…") || strings.Contains(t, "..")
}

// mayStart reports whether a match of c can start at t: whether one of
// its leading elements (see startWords) fits t. It is matchWhen's first
// step without its setup, which most tokens fail.
func mayStart(tests []tokenTest, t token, lower string, changed bool) bool {
	for k := range tests {
		tt := &tests[k]
		if tt.m.Repeat {
			return false
		}
		if tt.fits(t, lower, changed) {
			return true
		}
		if !tt.m.Optional {
			return false
		}
	}
	return false
}

// matchWhen tries one case at toks[i]; positions[k] is the token that
// element k matched, or -1 for an absent optional element or a repeat.
// Optional elements are tried present first, repeats as short as possible;
// the matcher backtracks over both. changed marks tokens already replaced.
func matchWhen(tests []tokenTest, toks []token, lower []string, i int, changed []bool, buf []int) ([]int, bool) {
	positions := buf[:0]
	for range tests {
		positions = append(positions, -1)
	}
	sent := toks[i].sent
	fits := func(m *tokenTest, j int) bool {
		return j < len(toks) && toks[j].sent == sent && m.fits(toks[j], lower[j], changed[j])
	}
	var try func(k, j int) bool
	try = func(k, j int) bool {
		if k == len(tests) {
			return true
		}
		m := &tests[k]
		positions[k] = -1
		if m.m.Repeat {
			for ; ; j++ {
				if try(k+1, j) {
					return true
				}
				if m.m.Parentheses && j < len(toks) && (toks[j].word == "(" || toks[j].word == "[") {
					if end := closingParenthesis(toks, j); end > j {
						j = end // an aside, or a placeholder a first pass wrote, passes whole
						continue
					}
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
		return m.m.Optional && try(k+1, j)
	}
	if !try(0, i) {
		return positions, false
	}
	for k, p := range positions {
		if p >= 0 {
			return positions, p == i
		}
		if tests[k].m.Repeat {
			break
		}
	}
	return positions, false
}

// tokenTest is one element of a case, with its plain alternations as sets
// (see literalSet) looked up once rather than at every token.
type tokenTest struct {
	m                   rules.TokenMatch
	words, tags, except map[string]bool // nil: run the expression
	// asciiWords and asciiExcept are, for word patterns that are no plain
	// alternation but match a small set of words ("engineers?"), the
	// ASCII words they match, lower-cased (literals.ASCIIWords); a word
	// that is not ASCII runs the expression.
	asciiWords, asciiExcept map[string]bool
	// casedWords and casedExcept are the same for word patterns that
	// match no letter under (?i) ("(?-i:Mr|Mrs)\.?"), as spelled
	// (literals.CasedASCIIWords).
	casedWords, casedExcept map[string]bool
}

// compileCases compiles the cases' elements; asciiSets also looks words up
// for patterns that are no plain alternation (a shortcut: the reference
// engine runs their expressions).
func compileCases(seq *rules.Sequence, asciiSets bool) [][]tokenTest {
	out := make([][]tokenTest, len(seq.Cases))
	for ci, c := range seq.Cases {
		for _, m := range c.When {
			tt := tokenTest{m: m}
			if m.Word != nil {
				tt.words = literalSet(m.WordSource, true)
			}
			if m.Tag != nil {
				tt.tags = literalSet(m.TagSource, false)
			}
			if m.Except != nil {
				tt.except = literalSet(m.ExceptSource, true)
			}
			if asciiSets {
				tt.asciiWords = asciiWords(m.Word, tt.words, m.WordSource)
				tt.asciiExcept = asciiWords(m.Except, tt.except, m.ExceptSource)
				tt.casedWords = casedWords(m.Word, tt.words, tt.asciiWords, m.WordSource)
				tt.casedExcept = casedWords(m.Except, tt.except, tt.asciiExcept, m.ExceptSource)
			}
			out[ci] = append(out[ci], tt)
		}
	}
	return out
}

// fits reports whether token t, whose word lower-cased is lower, fits the
// element; changed says it was already replaced.
func (tt *tokenTest) fits(t token, lower string, changed bool) bool {
	m := &tt.m
	if m.Rewritten && !changed {
		return false
	}
	if m.Word != nil && !wordIn(tt.words, tt.asciiWords, tt.casedWords, lower, m.Word, t.word) {
		return false
	}
	if m.Tag != nil && !tagIn(tt.tags, t.tag, m.Tag) {
		return false
	}
	if m.Except != nil && wordIn(tt.except, tt.asciiExcept, tt.casedExcept, lower, m.Except, t.word) {
		return false
	}
	return true
}

// wordIn reports whether a word (lower-cased: lower) fits a word pattern:
// through its plain set, its set of ASCII words (lower-cased, or as
// spelled: cased) where the word is ASCII, or else its expression.
func wordIn(set, ascii, cased map[string]bool, lower string, re *lazyregexp.Regexp, word string) bool {
	switch {
	case set != nil:
		return set[lower]
	case ascii != nil && isASCII(word):
		return ascii[lower]
	case cased != nil && isASCII(word):
		return cased[word]
	}
	return re.MatchString(word)
}

// asciiWords is literals.ASCIIWords for a word pattern that has no plain
// set; nil where there is none.
func asciiWords(re *lazyregexp.Regexp, plain map[string]bool, src string) map[string]bool {
	if re == nil || plain != nil {
		return nil
	}
	if set, ok := literals.ASCIIWords(src); ok {
		return set
	}
	return nil
}

// casedWords is literals.CasedASCIIWords for a word pattern that has no
// plain set and no set of ASCII words; nil where there is none.
func casedWords(re *lazyregexp.Regexp, plain, ascii map[string]bool, src string) map[string]bool {
	if re == nil || plain != nil || ascii != nil {
		return nil
	}
	if set, ok := literals.CasedASCIIWords(src); ok {
		return set
	}
	return nil
}

// lowerKeys is the set of set's keys lower-cased; nil for none.
func lowerKeys(set map[string]bool) map[string]bool {
	if set == nil {
		return nil
	}
	out := make(map[string]bool, len(set))
	for w := range set {
		out[strings.ToLower(w)] = true
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tagIn reports whether a tag fits a tag pattern: through its plain set,
// or else its expression (through tagMemo).
func tagIn(set map[string]bool, tag string, re *lazyregexp.Regexp) bool {
	if set != nil {
		return set[tag]
	}
	k := tagKey{re, tag}
	if hit, ok := tagMemo.Load(k); ok {
		return hit.(bool)
	}
	hit := re.MatchString(tag)
	tagMemo.Store(k, hit)
	return hit
}

// tagMemo remembers answers of tag patterns that are not plain
// alternations; prose emits a few dozen tags.
var tagMemo sync.Map // tagKey -> bool

type tagKey struct {
	re  *lazyregexp.Regexp
	tag string
}

var plainAlternation = regexp.MustCompile(`^[\p{L}\p{N}'’$ -]+(?:\|[\p{L}\p{N}'’$ -]+)*$`)

// literalSet returns the words of a plain alternation ("she|he", "VBZ|VBD"),
// lower-cased if fold, so that matching a token is a map lookup; nil for a
// pattern with any other syntax, which runs as written.
func literalSet(src string, fold bool) map[string]bool {
	if !plainAlternation.MatchString(src) {
		return nil
	}
	set := map[string]bool{}
	for _, w := range strings.Split(src, "|") {
		if fold {
			w = strings.ToLower(w)
		}
		set[w] = true
	}
	return set
}

// literalWords is literalSet for a word pattern (always case-insensitive);
// a nil pattern matches any word and has no set.
func literalWords(re *lazyregexp.Regexp, src string) map[string]bool {
	if re == nil {
		return nil
	}
	return literalSet(src, true)
}

// render computes the replacement of one matched token; a verb's plural
// never becomes one of the gendered words.
func render(o rules.Output, c rules.Case, positions []int, toks []token, seq *rules.Sequence, gendered map[string]bool) string {
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
		case "VB", "VBP":
			// A word the case lists as a present tense ("and fixes it",
			// which prose tags VB) is one; a tag alone is not.
			if c.When[k].Word == nil || !strings.HasSuffix(strings.ToLower(t.word), "s") {
				return t.text
			}
		case "VBN", "VBG", "MD":
			return t.text
		}
		// Only a plain word has a plural: "a000000RAfAels" is not a verb.
		// A verb with a prefix joined by a hyphen is one ("under-sells",
		// "co-leads", "re-runs"); its last part takes the plural.
		if !hyphenedLetterWord(t.text) || camelCase(t.text) && !isAllUpper(t.text) {
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

// hyphenedLetterWord reports whether s is letters, or parts of letters
// joined by single hyphens ("under-sells"), with no hyphen at either end.
func hyphenedLetterWord(s string) bool {
	for _, part := range strings.Split(s, "-") {
		if !isLetterWord(part) {
			return false
		}
	}
	return true
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

// closingParenthesis returns the index of the ")" or "]" that closes the
// "(" or "[" at toks[j] in its sentence, or -1.
func closingParenthesis(toks []token, j int) int {
	open, closing := toks[j].word, ")"
	if open == "[" {
		closing = "]"
	}
	depth := 0
	for k := j; k < len(toks) && toks[k].sent == toks[j].sent; k++ {
		switch toks[k].word {
		case open:
			depth++
		case closing:
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

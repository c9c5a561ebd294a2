package anonymize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// segmented is a text prepared for tagging: markup is masked with spaces
// (same byte offsets as the original), code is marked, and the prose is cut
// into sentences.
type segmented struct {
	text   string // the original
	masked string // markup replaced by spaces, byte for byte
	// code marks bytes inside code spans and blocks: only known identities
	// are removed there.
	code []bool
	// markup marks bytes of tags, link targets and entities, which are
	// structure and never rewritten as prose.
	markup    []bool
	sentences []sentence
	// windows, if not nil, are the only parts of the text detection looks
	// at (a later pass of Engine.finish looks again only around the
	// sentences that changed).
	windows []window
	// tokenized caches each sentence's tokens (see tokens in tag.go): the
	// name-tagger check and the tagger read the same ones.
	tokenized []*sentenceTokens
	// toolReadings are the single words (folded) that technical evidence
	// decided were tools here (others.go): votes against reading the same
	// word as a person on the tagger's word alone elsewhere (toolVotes).
	toolReadings map[string]bool
}

// noteTool records a word read as a tool (toolReadings).
func (seg *segmented) noteTool(f string) {
	if seg.toolReadings == nil {
		seg.toolReadings = map[string]bool{}
	}
	seg.toolReadings[f] = true
}

// window is a part of a text, by byte offsets.
type window struct {
	start, end int
}

// regions returns the parts of the text detection looks at.
func (seg *segmented) regions() []window {
	if seg.windows == nil {
		return []window{{0, len(seg.text)}}
	}
	return seg.windows
}

// inRegions reports whether the byte at offset i is looked at.
func (seg *segmented) inRegions(i int) bool {
	if seg.windows == nil {
		return true
	}
	for _, w := range seg.windows {
		if w.start <= i && i < w.end {
			return true
		}
	}
	return false
}

type sentence struct {
	start, end int // byte offsets in text
}

var (
	htmlTag     = regexp.MustCompile(`(?s)<!--.*?-->|</?[A-Za-z][^<>]*>`)
	fencedCode  = regexp.MustCompile("(?ms)^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*```|^[ \t]*~~~|\\z)")
	inlineCode  = regexp.MustCompile("`[^`\n]+`")
	htmlCode    = regexp.MustCompile(`(?is)<(code|pre)\b[^>]*>.*?</(code|pre)>`)
	mdLinkURL   = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	htmlEntity  = regexp.MustCompile(`&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);`)
	listMarker  = regexp.MustCompile(`(?m)^[ \t]*(?:[-*+]|\d+[.)]|#{1,6})[ \t]+`)
	emphasisRun = regexp.MustCompile(`\*\*|__`)
	// listMarkerAtStart is listMarker at the start of a text, for trying it only at
	// the start of each line (findMarkup).
	listMarkerAtStart = regexp.MustCompile(`\A[ \t]*(?:[-*+]|\d+[.)]|#{1,6})[ \t]+`)
	// codeComment is the text of a line comment in a code block (after
	// "# ", "// " or "-- " at a line's start or after a space), group 1.
	codeComment = regexp.MustCompile(`(?m)(?:^|[ \t])(?:#|//|--)[ \t]+([^\n]*[\p{L}][^\n]*)$`)
)

// segment masks markup and splits the prose into sentences.
//
// Abbreviations, whose period ends no sentence, and units come from the
// engine's lexicon (classes abbreviations and units), the same in every
// pass of a text.
func segment(text string, lex *lexicon) *segmented {
	code, inline, inlineSpans := markCode(text)
	m := []byte(text)
	markup := maskMarkup(text, m)
	// Bytes that are not UTF-8 are not prose either; prose's tokenizer
	// mis-slices them.
	if !utf8.Valid(m) {
		for i := 0; i < len(m); {
			r, size := utf8.DecodeRune(m[i:])
			if r == utf8.RuneError && size == 1 {
				m[i] = ' '
			}
			i += size
		}
	}
	for _, loc := range inlineSpans {
		for i := loc[0]; i < loc[1]; i++ {
			m[i] = 'x'
		}
	}
	s := &segmented{text: text, masked: string(m), code: code, markup: markup}
	s.sentences = splitSentences(s.masked, code, inline, lex)
	return s
}

// markCode marks the bytes of code blocks and spans (comments in code
// blocks aside), the bytes of inline code apart, and returns the inline
// code spans.
func markCode(text string) (code, inline []bool, inlineSpans [][]int) {
	code = make([]bool, len(text))
	mark := func(a, b int) {
		for i := a; i < b; i++ {
			code[i] = true
		}
	}
	for _, loc := range findMarkup(fencedCode, text) {
		mark(loc[0], loc[1])
		// A comment in a code block is the note's prose ("# she clamped
		// before rounding"): it is read, and rewritten, as prose.
		block := text[loc[0]:loc[1]]
		for _, c := range codeComment.FindAllStringSubmatchIndex(block, -1) {
			for i := loc[0] + c[2]; i < loc[0]+c[3]; i++ {
				code[i] = false
			}
		}
	}
	var htmlInline [][]int
	for _, loc := range findMarkup(htmlCode, text) {
		mark(loc[0], loc[1])
		// <code> in a line of prose is inline code, as a Markdown span is:
		// the sentence around it goes on ("with Riverpod and
		// <code>go_router</code>"). <pre> and code over lines are blocks.
		if span := text[loc[0]:loc[1]]; strings.HasPrefix(strings.ToLower(span), "<code") && !strings.Contains(span, "\n") {
			htmlInline = append(htmlInline, loc)
		}
	}
	// Inline code stays inside its sentence as one neutral word for the
	// tagger ("her `retry()` wrapper" reads as "her xxxxxxxxx wrapper"),
	// so that the words around it are read as one sentence; block code
	// ends a sentence.
	inline = make([]bool, len(text))
	for _, loc := range htmlInline {
		for i := loc[0]; i < loc[1]; i++ {
			inline[i] = true
		}
		inlineSpans = append(inlineSpans, loc)
	}
	for _, loc := range inlineCode.FindAllStringIndex(text, -1) {
		if code[loc[0]] {
			continue // inside a code block
		}
		mark(loc[0], loc[1])
		for i := loc[0]; i < loc[1]; i++ {
			inline[i] = true
		}
		inlineSpans = append(inlineSpans, loc)
	}
	return code, inline, inlineSpans
}

// findMarkup is re.FindAllStringIndex(text, -1) for the expressions of
// markup, which run over every text twice: an expression whose every match
// holds a character the text lacks does not run, list markers, which
// match only at the start of a line and within it, are tried only there,
// and emphasis runs, two bytes the same, are found by a scan.
func findMarkup(re *regexp.Regexp, text string) [][]int {
	switch re {
	case emphasisRun:
		return emphasisRuns(text)
	case htmlTag, htmlCode:
		if !strings.Contains(text, "<") {
			return nil
		}
	case fencedCode:
		if !strings.Contains(text, "```") && !strings.Contains(text, "~~~") {
			return nil
		}
	case listMarker:
		var out [][]int
		for i := 0; i < len(text); {
			if m := listMarkerAtStart.FindStringIndex(text[i:]); m != nil {
				out = append(out, []int{i, i + m[1]})
			}
			nl := strings.IndexByte(text[i:], '\n')
			if nl < 0 {
				break
			}
			i += nl + 1
		}
		return out
	}
	return re.FindAllStringIndex(text, -1)
}

// emphasisRuns is emphasisRun.FindAllStringIndex(text, -1): "**" or "__"
// from left to right, none overlapping. Go's regexp ran the alternation
// through its slowest engine over the whole text, a good part of
// segmenting it; the bytes are ASCII, never part of a longer character.
func emphasisRuns(text string) [][]int {
	var out [][]int
	for i := 0; ; {
		k := strings.IndexAny(text[i:], "*_")
		if k < 0 {
			return out
		}
		i += k
		if i+1 < len(text) && text[i+1] == text[i] {
			out = append(out, []int{i, i + 2})
			i += 2
			continue
		}
		i++
	}
}

// maskMarkup blanks in m (text's bytes) the tags, link targets ("](url)":
// the URL is structure, not prose), entities, list markers and emphasis
// runs, line breaks kept, and returns which bytes it blanked.
func maskMarkup(text string, m []byte) []bool {
	markup := make([]bool, len(text))
	for _, re := range []*regexp.Regexp{htmlTag, mdLinkURL, htmlEntity, listMarker, emphasisRun} {
		for _, loc := range findMarkup(re, text) {
			for i := loc[0]; i < loc[1]; i++ {
				markup[i] = true
				if m[i] != '\n' {
					m[i] = ' '
				}
			}
		}
	}
	return markup
}

// splitSentences cuts masked text at line breaks and at sentence-final
// punctuation followed by space and a capital, a digit or a quote. Block
// code is never split inside (it is not prose, and it is skipped by the
// tagger); inline code is a word of its sentence.
func splitSentences(masked string, code, inline []bool, lex *lexicon) []sentence {
	var out []sentence
	start := -1
	emit := func(end int) {
		if start < 0 {
			return
		}
		e := end
		for e > start && isSpaceByte(masked[e-1]) {
			e--
		}
		if e > start {
			out = append(out, sentence{start, e})
		}
		start = -1
	}
	for i := 0; i < len(masked); {
		r, size := utf8.DecodeRuneInString(masked[i:])
		if code[i] && !inline[i] {
			emit(i)
			i += size
			continue
		}
		if r == '\n' {
			emit(i)
			i += size
			continue
		}
		if start < 0 {
			if unicode.IsSpace(r) {
				i += size
				continue
			}
			start = i
		}
		// The ideographic full stop and the full-width marks end a sentence
		// where they stand: Chinese and Japanese put no space after them.
		if (r == '.' || r == '!' || r == '?' || r == ';') && endsSentence(masked, i, r, lex) ||
			r == '。' || r == '！' || r == '？' || r == ']' && endsRemoval(masked, i) {
			emit(i + size)
		}
		i += size
	}
	emit(len(masked))
	return out
}

// endsRemoval reports whether the "]" at s[i] closes the marker of a removal
// that stood for whole sentences, before the next one: a marker takes the
// closing punctuation of the sentences it replaces ("[personal detail
// removed] Behavioural: ..."), and a later pass must not read the sentence
// after it as part of the removed one (which would make it about a
// background).
func endsRemoval(s string, i int) bool {
	if !strings.HasSuffix(s[:i+1], RemovedMarker) {
		return false
	}
	j := i + 1
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j == i+1 || j >= len(s) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[j:])
	return unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '['
}

func endsSentence(s string, i int, r rune, lex *lexicon) bool {
	j, ok := afterPunct(s, i)
	if !ok {
		return false // "3.5", "e.g.", "node.js"
	}
	if j >= len(s) || s[j] == '\n' {
		return true
	}
	if r == ';' {
		return false // a clause boundary: kept in the sentence
	}
	next, _ := utf8.DecodeRuneInString(s[j:])
	w := wordStart(s, i)
	word := s[w:i]
	if unicode.IsLower(next) {
		// Notes typed in lower case start sentences in lower case too
		// ("... a missing param. she writes clearly."): a full stop after
		// an ordinary word of three letters or more still ends one.
		return r != '.' || len(word) >= 3 && !strings.Contains(word, ".") && !lex.abbreviations[strings.ToLower(word)] && isLetterWord(word) ||
			scoreBefore(s, w)
	}
	if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '(' || next == '[') {
		return false
	}
	return r != '.' || !abbreviationAt(s, w, word, lex)
}

// scoreBefore reports whether the word at s[w:] before a full stop ends a
// score written as a fraction ("Hire, 3/4. btw the badge", "3.5/4. she"):
// a verdict closes its sentence, even where the next one opens in lower
// case, as chat lines do. No abbreviation ends in a fraction.
func scoreBefore(s string, w int) bool {
	if w < 2 || s[w-1] != '/' {
		return false
	}
	k := w - 1
	for k > 0 && (s[k-1] >= '0' && s[k-1] <= '9' || s[k-1] == '.') {
		k--
	}
	num := s[k : w-1]
	return num != "" && allDigitsDots(num) && (k == 0 || !isWordByte(s[k-1]))
}

// afterPunct returns where the text after the punctuation at s[i] goes on,
// past closing quotes and parentheses and then blanks; false if a word
// character follows the punctuation at once.
func afterPunct(s string, i int) (int, bool) {
	j := i + 1
	for j < len(s) && (s[j] == '"' || s[j] == ')' || s[j] == '\'') {
		j++
	}
	if j < len(s) && s[j] != ' ' && s[j] != '\t' {
		return j, false
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	return j, true
}

// wordStart returns where the word (periods included: "e.g") before s[i]
// starts.
func wordStart(s string, i int) int {
	w := i
	for w > 0 && (isWordByte(s[w-1]) || s[w-1] == '.') {
		w--
	}
	return w
}

// abbreviationAt reports whether the word at s[w:] before a period is an
// abbreviation (not a unit after a number) or an initial ("J. Smith"),
// whose period ends no sentence.
func abbreviationAt(s string, w int, word string, lex *lexicon) bool {
	if lex.abbreviations[strings.ToLower(word)] && !unitAfterNumber(s, w, word, lex) {
		return true
	}
	if lex.nameAbbreviations[strings.ToLower(word)] && titleCased(word) {
		return true // "Ma. Cristina"; "an MA. She" ends a sentence
	}
	return len(word) == 1 && unicode.IsUpper(rune(s[w]))
}

// titleCased reports whether an ASCII word is a capital followed by lower
// case letters only.
func titleCased(w string) bool {
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// unitAfterNumber reports whether word, at s[w:], is a unit right after a
// number ("50 ms", "3 yrs"): after a number an abbreviation that is a unit
// may end a sentence ("p99 was 50 ms. She knows Kafka." is two sentences,
// and "Ms. She" no title and name).
func unitAfterNumber(s string, w int, word string, lex *lexicon) bool {
	if !lex.units[strings.ToLower(word)] {
		return false
	}
	j := w
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	return j < w && j > 0 && s[j-1] >= '0' && s[j-1] <= '9'
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

func isLetterWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

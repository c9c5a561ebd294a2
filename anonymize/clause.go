package anonymize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// A protected trait (health, family, religion, military service, origin...)
// is removed with the clause that states it, not only the word that gave it
// away: "Strong in Go; she is pregnant." -> "Strong in Go; [personal detail
// removed]." The rest of the sentence is technical judgement and stays. A
// sentence that is one clause goes whole.
//
// Clauses are cut where a reader sees one end and another begin: at a
// semicolon, a colon, a dash between spaces, a parenthesis, and at a comma
// before a conjunction that turns to something else (", but she ...").
// Bare commas are not cuts, since they separate list items as often as
// clauses ("fluent in Spanish, Tamil and English").

// clauseOf returns the part of sentence s that removing the finding at
// [start,end) takes, and the text that replaces it. When the finding's
// clauses are all the sentence holds, the whole sentence goes.
//
// needs are the need-verbs lexicon's words (see followsFrom).
func clauseOf(seg *segmented, s sentence, start, end int, marker string, needs map[string]bool) (int, int, string) {
	c := &clause{masked: seg.masked, s: s, cuts: clauseCuts(seg.masked, s), needs: needs}
	// body ends before the sentence's closing punctuation, which stays.
	c.body = s.end
	for c.body > s.start && strings.ContainsRune(".!?", rune(seg.masked[c.body-1])) {
		c.body--
	}
	c.around(start, end)
	c.throughParens(start, end)
	c.withConsequences()
	c.withAside()
	return c.taken(marker)
}

// clause is the clause around a finding in sentence s, as clauseOf widens
// it: [cs,ce), between the cuts before and after (nil: the sentence's
// start or body's end).
type clause struct {
	masked        string
	s             sentence
	cuts          []cut
	body          int
	cs, ce        int
	before, after *cut
	needs         map[string]bool
}

// around sets the clause to run from the last cut before start to the
// first after end.
func (c *clause) around(start, end int) {
	c.cs, c.ce = c.s.start, c.body
	for i := range c.cuts {
		k := &c.cuts[i]
		if k.end <= start && k.end > c.cs {
			c.cs, c.before = k.end, k
		}
		if k.start >= end && k.start < c.ce {
			c.ce, c.after = k.start, k
			break
		}
	}
}

// throughParens takes a parenthesis that the finding opens on to its close:
// a finding that runs into an aside ("one exit (acquired 2019") takes the
// whole aside, since a ")" left behind reads as a stray.
func (c *clause) throughParens(start, end int) {
	open := 0
	for i := range c.cuts {
		k := &c.cuts[i]
		if k.start >= end {
			break
		}
		// A '(' cut starts at the spaces before the parenthesis; the
		// parenthesis itself is its last byte.
		if k.end > start {
			switch k.paren {
			case '(':
				open++
			case ')':
				open = max(open-1, 0)
			}
		}
	}
	for i := range c.cuts {
		if open == 0 {
			return
		}
		k := &c.cuts[i]
		if k.start < end || k.paren != ')' {
			continue
		}
		if open--; open == 0 {
			c.closeAt(i)
		}
	}
}

// closeAt ends the clause after the closing parenthesis of cut i: what
// follows it up to the next cut goes too only when it has no words.
func (c *clause) closeAt(i int) {
	c.ce, c.after = c.cuts[i].end, nil
	for j := i + 1; j < len(c.cuts); j++ {
		if k := &c.cuts[j]; k.start >= c.ce {
			if !hasWords(c.masked[c.ce:k.start]) {
				c.ce = k.start
			}
			c.after = k
			break
		}
	}
	if c.after == nil && !hasWords(c.masked[c.ce:c.body]) {
		c.ce = c.body
	}
}

// withConsequences takes what follows from the fact with it.
func (c *clause) withConsequences() {
	for c.after != nil && followsFrom(c.masked[c.after.end:c.body], c.needs) {
		i := c.nextCut(c.after.start, 0)
		if i < 0 {
			c.ce, c.after = c.body, nil
			return
		}
		c.ce, c.after = c.cuts[i].start, &c.cuts[i]
	}
}

// nextCut returns the index of the first cut that starts after offset
// at, with the given parenthesis (0: any cut), or -1.
func (c *clause) nextCut(at int, paren byte) int {
	for i := range c.cuts {
		if c.cuts[i].start > at && (paren == 0 || c.cuts[i].paren == paren) {
			return i
		}
	}
	return -1
}

// withAside takes an aside in parentheses right after the fact with it:
// "she studied at X (2009)".
func (c *clause) withAside() {
	if c.after == nil || c.after.paren != '(' {
		return
	}
	if i := c.nextCut(c.after.start, ')'); i >= 0 {
		c.closeAt(i)
	}
}

// taken returns what removing the clause takes, and its replacement.
func (c *clause) taken(marker string) (int, int, string) {
	s, before, after := c.s, c.before, c.after
	if before == nil && after == nil {
		return s.start, s.end, marker
	}
	if !hasWords(outsideParens(c.masked[s.start:c.cs])) && !hasWords(outsideParens(c.masked[c.ce:c.body])) {
		return s.start, s.end, marker
	}
	// A clause in parentheses goes with them: "did well (on medical leave
	// in May)" -> "did well [personal detail removed]".
	if before != nil && after != nil && before.paren == '(' && after.paren == ')' {
		open := before.start
		for c.masked[open] == ' ' {
			open++
		}
		return open, after.end, marker
	}
	// A clause a conjunction opens goes with the comma before it, and a
	// semicolon keeps the two sides apart: "Strong in Go, but she is
	// pregnant." -> "Strong in Go; [personal detail removed]."
	if before != nil && before.conj {
		return before.start, c.ce, "; " + marker
	}
	return c.cs, c.ce, marker
}

// cut is a clause boundary within a sentence, [start,end) of its
// separator. conj says the separator is a comma before a conjunction,
// which then opens the next clause; paren is '(' or ')' for parentheses.
type cut struct {
	start, end int
	conj       bool
	paren      byte
}

// The word lists of this file (clauseConjunctions, consequences, subjects)
// stay in Go rather than in rule data: they are how English grammar marks
// clause boundaries (conjunctions, subject pronouns), which every removal
// depends on alike and which a pack tuning its own words has no reason to
// change; the goldens and the trait tests pin them. The verbs of a need
// that follows from a removed fact are vocabulary, and come from the
// need-verbs lexicon.

// clauseConjunctions open a clause of their own after a comma: one that
// turns to something else. "and", "so", "which" and "because" are not
// among them, since what they add mostly follows from the fact ("she uses a
// wheelchair, so the onsite should be on the ground floor").
var clauseConjunctions = map[string]bool{
	"but": true, "yet": true, "while": true, "whereas": true, "although": true, "though": true,
}

// consequences open a clause that follows from the one before it: it goes
// with a removed clause ("she is colour-blind; so charts must not rely on
// red and green").
var consequences = map[string]bool{
	"so": true, "which": true, "because": true, "since": true, "therefore": true, "hence": true, "thus": true,
	"meaning": true, "that": true, "this": true, "as": true,
}

// clauseCuts finds the clause boundaries of sentence s in masked text.
func clauseCuts(masked string, s sentence) []cut {
	var out []cut
	text := masked[s.start:s.end]
	for i := 0; i < len(text); i++ {
		at := s.start + i
		switch c := text[i]; {
		case c == ';':
			out = append(out, cut{start: at, end: at + 1 + spacesAt(text, i+1)})
		case c == ':' && i+1 < len(text) && text[i+1] == ' ':
			out = append(out, cut{start: at, end: at + 1 + spacesAt(text, i+1)})
		case c == '(' || c == ')':
			st := at
			for c == '(' && st > s.start && masked[st-1] == ' ' {
				st--
			}
			out = append(out, cut{start: st, end: at + 1, paren: c})
		case c == ' ' && dashAt(text, i+1) > 0:
			n := dashAt(text, i+1)
			if i+1+n < len(text) && text[i+1+n] == ' ' {
				out = append(out, cut{start: at, end: at + 1 + n + spacesAt(text, i+1+n)})
				i += n
			}
		case c == ',':
			j := i + 1 + spacesAt(text, i+1)
			w := j
			for w < len(text) && isWordByte(text[w]) {
				w++
			}
			// The conjunction must open a clause, not join the last item
			// of a list: at least two more words follow it.
			if clauseConjunctions[strings.ToLower(text[j:w])] && wordCount(text[w:]) >= 2 {
				out = append(out, cut{start: at, end: s.start + j, conj: true})
			}
		}
	}
	return out
}

// dashAt returns the length of a dash at text[i:] ("-", "--", "–", "—"), or 0.
func dashAt(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	if strings.HasPrefix(text[i:], "--") {
		return 2
	}
	if text[i] == '-' {
		return 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if r == '–' || r == '—' {
		return size
	}
	return 0
}

// followsFrom reports whether a clause follows from the one before it:
// it opens with a consequence ("so", "which"), or it is the person asking
// for or needing something ("she asked about school-hours flexibility":
// a subject and a word of needs), which after a removed fact says what the
// fact was.
func followsFrom(clause string, needs map[string]bool) bool {
	w := strings.ToLower(firstWord(clause))
	if consequences[w] {
		return true
	}
	if subjects[w] {
		rest := strings.TrimLeft(clause, " \t")[len(w):]
		return needs[strings.ToLower(firstWord(strings.TrimLeft(rest, " '’sd")))]
	}
	return false
}

// subjects open a clause that states a need following from a removed fact
// ("she asked for ...").
var subjects = map[string]bool{"she": true, "he": true, "they": true, "i": true, "we": true}

// outsideParens drops parenthesised asides: "(unprompted)" left alone
// beside a removed clause is no clause of its own.
func outsideParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " \t")
	end := 0
	for end < len(s) && isWordByte(s[end]) {
		end++
	}
	return s[:end]
}

func spacesAt(text string, i int) int {
	n := 0
	for i+n < len(text) && text[i+n] == ' ' {
		n++
	}
	return n
}

func wordCount(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// expandRemovals widens each removal a resolution kept to the clause that
// states it (clauseOf), drops the changes that clause swallows, and joins
// removals that stand next to each other. spans are sorted and do not
// overlap; so is the result.
//
// A finding whose clause also matches one of its rule's technical contexts
// is not one: it stays as written.
//
// techObject reports whether the text after a finding makes it a figure of
// speech about a technology ("a native speaker of TypeScript").
//
// lex gives the words of a need that follows a removed fact (see
// followsFrom) and of a person's own background.
func expandRemovals(seg *segmented, spans []span, technical map[string][]*lazyregexp.Regexp, techObject func(after string) bool, lex *lexicon) []span {
	any := false
	for _, sp := range spans {
		any = any || isRemoval(sp)
	}
	if !any {
		return spans
	}
	out := make([]span, 0, len(spans))
	for _, sp := range spans {
		if !isRemoval(sp) {
			if n := len(out); n > 0 && sp.start < out[n-1].end {
				continue // inside a clause that goes
			}
			out = append(out, sp)
			continue
		}
		if s, ok := sentenceAt(seg, sp.start); ok {
			cs, ce, repl := clauseOf(seg, s, sp.start, min(sp.end, s.end), sp.repl, lex.needVerbs)
			clause := seg.masked[cs:ce]
			if matchesAny(technical[sp.rule], clause) && !lex.aboutBackground(clause) ||
				techObject != nil && techObject(seg.masked[sp.end:ce]) {
				continue
			}
			sp.start, sp.end, sp.repl = cs, ce, repl
		}
		for n := len(out); n > 0 && out[n-1].end > sp.start; n = len(out) {
			sp.start = min(sp.start, out[n-1].start)
			sp.end = max(sp.end, out[n-1].end)
			out = out[:n-1]
		}
		out = append(out, sp)
	}
	return mergeRemovals(seg, out)
}

// aboutBackground reports whether a clause is about a person's own
// background (a word of the background-cues lexicon), where a technical
// context does not make a trait technical: "a native Hebrew speaker, which
// helped with the RTL localisation", "a Welsh podcast they translate for in
// their spare time".
func (l *lexicon) aboutBackground(clause string) bool {
	return l.backgroundCue != nil && l.backgroundCue.MatchString(clause)
}

func matchesAny(res []*lazyregexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func sentenceAt(seg *segmented, i int) (sentence, bool) {
	for _, s := range seg.sentences {
		if i >= s.start && i < s.end {
			return s, true
		}
	}
	return sentence{}, false
}

// mergeRemovals joins removals that stand next to each other, with only
// spaces or punctuation between them on one line, into one marker: two
// sentences about a health condition read as one "[personal detail
// removed]", not two. A marker that then stands for whole sentences takes
// their closing punctuation too.
func mergeRemovals(seg *segmented, spans []span) []span {
	text := seg.text
	out := spans[:0]
	for _, sp := range spans {
		if n := len(out); n > 0 && isRemoval(out[n-1]) && isRemoval(sp) && sp.start >= out[n-1].end &&
			onlySeparators(text[out[n-1].end:sp.start]) {
			// The earlier removal's own lead ("; " after a clause it
			// follows) stays; the later one's goes with its text.
			out[n-1].end = sp.end
			continue
		}
		out = append(out, sp)
	}
	for i := range out {
		sp := &out[i]
		if !isRemoval(*sp) {
			continue
		}
		if strings.HasPrefix(sp.repl, "; ") || !opensSentence(seg, sp.start) {
			// A marker within a sentence leaves the closing punctuation of
			// the last sentence it took: "Small talk: [personal detail
			// removed]. The rest".
			for sp.end > sp.start && strings.ContainsRune(".!?", rune(text[sp.end-1])) {
				sp.end--
			}
			continue
		}
		end := sp.end
		for end < len(text) && strings.ContainsRune(".!?", rune(text[end])) {
			end++
		}
		if end > sp.end && (end == len(text) || isSpaceByte(text[end])) && (i+1 == len(out) || out[i+1].start >= end) {
			sp.end = end
		}
	}
	return out
}

// opensSentence reports whether offset i starts one of seg's sentences.
func opensSentence(seg *segmented, i int) bool {
	for _, s := range seg.sentences {
		if s.start == i {
			return true
		}
	}
	return false
}

func isRemoval(sp span) bool {
	return sp.clause && !sp.flag && !sp.protect
}

func onlySeparators(gap string) bool {
	for _, r := range gap {
		if r == '\n' || unicode.IsLetter(r) || unicode.IsDigit(r) || r == '[' || r == ']' || r == '`' {
			return false
		}
	}
	return true
}

// objectWord reads the word a finding takes as its object: "of X", "in
// X" or X right after it ("fluent in" is itself a finding).
var objectWord = regexp.MustCompile(`^\s+(?:(?:of|in)\s+)?([\p{L}][\p{L}\p{N}+#.]*)`)

// techObject reports whether the text after a finding starts with "of" or
// "in" and a technology ("native speaker of TypeScript", "fluent in Go"):
// a way of speaking about skill, not a person's language.
func (e *Engine) techObject(after string) bool {
	m := objectWord.FindStringSubmatch(after)
	if m == nil {
		return false
	}
	w := strings.TrimRight(m[1], ".")
	return isCapitalized(w) && (e.allowWords[fold(w)] || e.lex.isTech(w))
}

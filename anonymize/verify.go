package anonymize

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/anonymize/internal/visible"
	"github.com/anonymize/anonymize/rules"
)

// hit is something verify found in rewritten text: where and what kind,
// never the text itself.
type hit struct {
	offset int
	kind   string
}

// verifyWord is what verifyWords finds, as an expression (its test
// compares the two).
var verifyWord = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{M}\p{N}'’._-]*[\p{L}\p{N}]|[\p{L}]`)

// verifyWords is verifyWord.FindAllStringIndex(text, -1) without running
// an expression, and in one allocation: a letter or digit, then letters, marks, digits,
// apostrophes, periods, underscores and hyphens up to the last letter or
// digit; a letter alone is a word too.
func verifyWords(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			i += n
			continue
		}
		end := i + n // after the last letter or digit
		for j := end; j < len(text); {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if !inVerifyWord(r2) {
				break
			}
			j += n2
			if unicode.IsLetter(r2) || unicode.IsNumber(r2) {
				end = j
			}
		}
		switch {
		case end > i+n:
			out = append(out, [2]int{i, end})
			i = end
		case unicode.IsLetter(r):
			out = append(out, [2]int{i, i + n})
			i += n
		default:
			i += n
		}
	}
	return out
}

func inVerifyWord(r rune) bool {
	switch r {
	case '\'', '’', '.', '_', '-':
		return true
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r) || unicode.IsNumber(r)
}

// verify searches rewritten text for every form of every known identity and
// for every contact pattern, in the text as stored and as a person reads it
// (see readings). Forms that are ordinary words are searched only as parts
// of full names, since "will" alone proves nothing. A hit found only in a
// reading has its kind marked so and its offset in that reading.
func (e *Engine) verify(text string, ro *roster) []hit {
	raw, strs := jsonDocument(text)
	hits := e.verifyRaw(raw, ro)
	for _, r := range readings(raw, strs) {
		for _, h := range e.verifyRaw(r, ro) {
			hits = append(hits, hit{h.offset, h.kind + " (as read)"})
		}
	}
	return dedupeHits(hits)
}

// jsonDocument returns text as the gate scans it and, for a JSON document,
// its strings decoded ("" for any other text). In a JSON document a one-letter escape is no part of
// a word: "\n@triton.jit" is a line break before a decorator, not the
// address "n@triton.jit", and "\nSam" is "Sam". Escapes are blanked out
// byte for byte, so offsets stay those of text; a \u escape is left to
// the decoded strings.
func jsonDocument(text string) (raw, strs string) {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return text, ""
	}
	strs, ok := jsonStrings(t)
	if !ok {
		return text, ""
	}
	return blankEscapes(text), strs
}

// blankEscapes replaces each two-byte escape of a JSON text (\n, \t,
// \", \\...) by two spaces.
func blankEscapes(text string) string {
	if strings.IndexByte(text, '\\') < 0 {
		return text
	}
	b := []byte(text)
	for i := 0; i+1 < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		switch b[i+1] {
		case 'n', 't', 'r', 'b', 'f', '"', '\\', '/':
			b[i], b[i+1] = ' ', ' '
		}
		i++ // the escaped byte, whatever it is, starts nothing
	}
	return string(b)
}

// readings returns the ways a person may read text that differ from text
// itself: markup, references, Unicode forms, invisible and look-alike
// characters resolved (visible.Read), and that with spaced-out letters
// joined. A JSON document is also read through its strings (strs), whose
// escapes (\u0054, and the \u003c Go writes for <) a tool decodes.
func readings(text, strs string) []string {
	bases := []string{text}
	if strs != "" {
		bases = append(bases, strs)
	}
	seen := map[string]bool{text: true}
	var out []string
	for _, b := range bases {
		r := visible.Read(b)
		for _, v := range []string{b, r, visible.Joined(r)} {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// jsonStrings returns every string of a JSON document (keys too), one a
// line in document order, or false when text is not JSON.
func jsonStrings(text string) (string, bool) {
	if !json.Valid([]byte(text)) {
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(text))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if str, ok := tok.(string); ok {
			b.WriteString(str)
			b.WriteByte('\n')
		}
	}
	return b.String(), true
}

// verifyRaw is verify on text exactly as given.
func (e *Engine) verifyRaw(text string, ro *roster) []hit {
	var hits []hit
	words := verifyWords(text)
	var buf [64]byte // folded words, for lookups that allocate nothing
	for k, m := range words {
		if k+1 < len(words) {
			if id := ro.split(text, m, words[k+1]); id != nil {
				hits = append(hits, hit{m[0], roleKind(id) + "-name-split"})
			}
		}
		if kind := e.nameHit(text, words, k, ro, buf[:0]); kind != "" {
			hits = append(hits, hit{m[0], kind})
		}
	}
	eachNameAfterApostrophe(text, func(start int, w string) {
		if ids := ro.words[fold(w)]; len(ids) > 0 {
			hits = append(hits, hit{start, roleKind(ids[0]) + "-name-in-word"})
		}
	})
	folded := foldRunes(text)
	for _, l := range ro.literal {
		if l.text == "" {
			continue
		}
		for from := 0; ; {
			i := strings.Index(folded[from:], l.text)
			if i < 0 {
				break
			}
			a, b := from+i, from+i+len(l.text)
			if boundary(folded, a, b) && !ro.common[l.text] {
				hits = append(hits, hit{foldedFrom(text, a), l.kind})
			}
			from = b
		}
	}
	cand := e.fast.gate.WithHits()
	cand.Add(text)
	for _, r := range e.contact {
		for _, p := range r.Pattern.Patterns {
			if !p.Gate || !cand.May(p.Regex) {
				continue
			}
			for _, m := range e.fast.findAllScanned(p.Regex, text, &cand, 0) {
				if p.KeepProducts && gateProduct(text[m[0]:m[1]]) {
					continue // a product's name written as a domain, as redaction reads it
				}
				hits = append(hits, hit{m[0], p.Name})
			}
		}
	}
	return dedupeHits(hits)
}

// nameHit returns the kind of hit words[k] of text is, a known name part
// or a name inside a longer word, or "" where it names nobody as the
// redaction reads it. buf is scratch space for folding.
func (e *Engine) nameHit(text string, words [][2]int, k int, ro *roster, buf []byte) string {
	// Whether the word names nobody where it stands is asked only of a
	// word that is a name otherwise: most words are none.
	if kind := e.nameHitAnywhere(text, words, k, ro, buf); kind != "" && !e.namesNobodyHere(text, words[k][:], ro) {
		return kind
	}
	return ""
}

// nameHitAnywhere is nameHit without the tests that make a word name
// nobody whatever it spells (namesNobodyHere).
func (e *Engine) nameHitAnywhere(text string, words [][2]int, k int, ro *roster, buf []byte) string {
	m := words[k]
	w := text[m[0]:m[1]]
	for _, cand := range [2]string{w, strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")} {
		f := appendFold(buf[:0], cand)
		if ids := ro.words[string(f)]; len(ids) > 0 && !ro.common[string(f)] && !ro.toolCased(string(f), cand) && !e.lowerCaseWord(cand, string(f), ro) &&
			!e.inAllowPhrase(text, words, k) && !lowerAfterArticle(text, m[0], m[1]) && !ro.inIdeaOfNames(text, m[0], m[1]) {
			return roleKind(ids[0]) + "-name"
		}
	}
	if ro.inIdeaOfNames(text, m[0], m[1]) || capitalisedVersion(w) {
		return "" // "Buck2": a versioned name, as knownOutsideProse reads it
	}
	if id := ro.inside(w); id != nil {
		return roleKind(id) + "-name-in-word"
	}
	return ""
}

// capitalisedVersion reports whether w is a capitalised word of letters
// with digits after them ("Buck2", "Python3"), as versionedName reads it;
// a handle is written in lower case ("lindahl92").
func capitalisedVersion(w string) bool {
	letters := strings.TrimRight(w, "0123456789")
	return len(letters) < len(w) && isLetters(letters) && isCapitalized(letters) && versionedName(w)
}

// inIdeaOfNames reports whether the word text[a:b] stands in names joined
// by dashes that name an idea ("Gauss-Newton" beside an interviewer named
// Newton, "Broyden–Fletcher–Goldfarb–Shanno"): the redaction kept it as one.
func (ro *roster) inIdeaOfNames(text string, a, b int) bool {
	c := dashCompound(text, a, b)
	if !strings.ContainsAny(c, "-–‐") {
		return false
	}
	ideaOfNames, _ := ro.nameCompound(c)
	return ideaOfNames
}

// dashCompound returns the word text[a:b] with the words joined to it by
// dashes ("Broyden–Fletcher–Goldfarb–Shanno", whose dashes end the gate's
// words but not the tokenizer's).
func dashCompound(text string, a, b int) string {
	isDash := func(r rune) bool { return r == '–' || r == '‐' || r == '-' }
	for {
		r, n := utf8.DecodeLastRuneInString(text[:a])
		if !isDash(r) {
			break
		}
		k := a - n
		for k > 0 {
			q, m := utf8.DecodeLastRuneInString(text[:k])
			if !unicode.IsLetter(q) {
				break
			}
			k -= m
		}
		if k == a-n {
			break
		}
		a = k
	}
	for {
		r, n := utf8.DecodeRuneInString(text[b:])
		if !isDash(r) {
			break
		}
		k := b + n
		for k < len(text) {
			q, m := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsLetter(q) {
				break
			}
			k += m
		}
		if k == b+n {
			break
		}
		b = k
	}
	return text[a:b]
}

func roleKind(id *identity) string {
	if id.role == roleCandidate {
		return "candidate"
	}
	return "interviewer"
}

func boundary(s string, a, b int) bool {
	return (a == 0 || !isWordByte(s[a-1])) && (b == len(s) || !isWordByte(s[b]))
}

func dedupeHits(hs []hit) []hit {
	seen := map[hit]bool{}
	out := hs[:0]
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// foldRunes folds s rune by rune: each rune's fold follows the one
// before, so that foldedFrom maps a byte of the result back to s.
func foldRunes(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		b = appendFold(b, s[i:i+size])
		i += size
	}
	return string(b)
}

// foldedFrom returns where in s the rune starts whose fold holds byte at
// of foldRunes(s) (len(s) past its end). It folds s again up to there: it
// is asked only where verify finds a name, and a list of offsets for every
// byte of every text verified was a tenth of the bytes a note allocated.
func foldedFrom(s string, at int) int {
	var buf [16]byte
	n := 0 // bytes of the fold so far
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		if n += len(appendFold(buf[:0], s[i:i+size])); n > at {
			return i
		}
		i += size
	}
	return len(s)
}

// contactRules are the pattern rules whose findings must never survive:
// the pack's contact rules and, whatever the pack says, the default pack's.
// A pack may disable or replace contact.yaml to change what redaction
// does, but not what the gate lets through.
func contactRules(p *rules.Pack) []*rules.Rule {
	var out []*rules.Rule
	have := map[string]bool{}
	for _, r := range p.OfKind(rules.KindPattern) {
		// Whatever a pack set the action to, contact details never pass
		// the gate: flagging them reports them, and the gate then holds
		// the packet back.
		if r.Category == "contact" {
			out = append(out, r)
			have[r.Source] = true
		}
	}
	for _, r := range builtinGate().contact {
		if !have[r.Source] {
			out = append(out, r)
		}
	}
	return out
}

// gateDefaults are the leak gate's built-in checks, from the embedded
// default pack, which no user pack changes: its contact patterns, its
// people settings (nicknames, the ordinary words a name part may be) and
// its one-word allow terms.
type gateDefaults struct {
	contact []*rules.Rule
	entity  *rules.Entity
	allow   map[string]bool
	// lex and common are the default pack's lexicons and the words a name
	// part may also be (see Engine.common).
	lex    *lexicon
	common map[string]bool
}

// builtinGate loads the gate's defaults once. The default pack is embedded
// and tested; should it ever fail to load, the gate keeps the pack's own
// checks and every rules.Load fails anyway.
var builtinGate = sync.OnceValue(func() gateDefaults {
	g := gateDefaults{allow: map[string]bool{}, lex: &lexicon{}, common: map[string]bool{}}
	p, err := rules.Default()
	if err != nil {
		return g
	}

	for _, r := range p.Rules {
		switch {
		case r.Kind == rules.KindPattern && r.Category == "contact":
			g.contact = append(g.contact, r)
		case r.Kind == rules.KindEntity:
			g.entity = r.Entity
		case r.Kind == rules.KindAllow:
			for _, t := range r.Terms {
				if ws := phraseWords(t); len(ws) == 1 {
					g.allow[ws[0]] = true
				}
			}
		}
	}
	g.lex = newLexicon(p)
	g.common = commonWords(g.lex, g.allow, g.entity)
	return g
})

// gateProduct reports whether a match of a keep_products pattern is a
// product's name that the default pack's allow lists or technology
// lexicon know whole ("Fly.io", "socket.io"): what redaction kept as a
// product passes, from knowledge no user pack changes.
func gateProduct(m string) bool {
	g := builtinGate()
	return g.allow[fold(m)] || g.lex.isTech(m)
}

// gateRoster indexes the known identities of r for the leak gate: a pack
// may add nicknames but cannot make a name part an ordinary word (common
// words are those both the default and the pack hold), and only the default
// pack's allow terms are spared the search inside identifiers.
func (e *Engine) gateRoster(r Roster) *roster {
	g := builtinGate()
	ent := g.entity
	if own := e.entityRule(); own != nil && ent != nil {
		merged := &rules.Entity{Nicknames: map[string][]string{}}
		for _, m := range []map[string][]string{ent.Nicknames, own.Nicknames} {
			for k, v := range m {
				merged.Nicknames[k] = append(merged.Nicknames[k], v...)
			}
		}
		ownCommon := map[string]bool{}
		for _, w := range own.CommonWords {
			ownCommon[w] = true
		}
		for _, w := range ent.CommonWords {
			if ownCommon[w] {
				merged.CommonWords = append(merged.CommonWords, w)
			}
		}
		ent = merged
	} else if ent == nil {
		ent = own
	}
	return newRoster(r, ent, g.lex, e.gateCommon, g.allow)
}

// inside finds a name part of five letters or more (not an ordinary word)
// run together with other characters in an identifier-like word:
// "katyadovzhenko", "tbloom_dev", "j.okafor42", a hashtag or a channel
// however cased ("#AskShandiin"). Words written like prose
// ("Julian" for Julia) and allowed terms ("MariaDB") are not searched, so
// that the gate holds back handles and domains, not vocabulary.
func (ro *roster) inside(w string) *identity {
	var buf [64]byte
	key := appendFold(buf[:0], w)
	if ro.allow[string(key)] || ro.vocabulary[string(key)] || ro.words[string(key)] != nil {
		return nil
	}
	identifierLike := strings.ContainsAny(w, "._-@/#0123456789") || string(key) == w && len(w) > 0
	if !identifierLike {
		return nil
	}
	f := w // folded already, or an identifier that needs its folded copy
	if string(key) != w {
		f = string(key)
	}
	for _, p := range ro.fuzzy {
		if len(p.form) >= len(f) || ro.common[p.form] { // the length first: most words are short
			continue
		}
		if i := strings.Index(f, p.form); i >= 0 && !inWordOf(f, i, i+len(p.form), ro.lex.isWord) {
			return p.id
		}
	}
	return nil
}

// inWordOf reports whether f[a:b], a name part found inside f, lies within
// a longer English word of it: "ferrer" in "no-referrer" is the word
// "referrer", not Ferrer run into a handle ("jferrer", "ferrer92").
func inWordOf(f string, a, b int, isWord func(string) bool) bool {
	piece := func(r rune) bool { return !unicode.IsLetter(r) }
	start := strings.LastIndexFunc(f[:a], piece) + 1
	end := len(f)
	if k := strings.IndexFunc(f[b:], piece); k >= 0 {
		end = b + k
	}
	return (start < a || end > b) && isWord(f[start:end])
}

// split finds a name part of five letters or more written as two chunks
// with one space between them, the first capitalised ("Tam sin" for
// Tamsin, "Okon kwo"), which a reader joins. Ordinary words are not
// searched, and both chunks must be at least two letters long.
func (ro *roster) split(text string, a, b [2]int) *identity {
	if b[0] != a[1]+1 || text[a[1]] != ' ' {
		return nil
	}
	first, second := text[a[0]:a[1]], text[b[0]:b[1]]
	if len(first) < 2 || len(second) < 2 || len(first)+len(second) < 5 {
		return nil
	}
	if r, _ := utf8.DecodeRuneInString(first); !unicode.IsUpper(r) {
		return nil
	}
	var buf [64]byte
	f := appendFold(appendFold(buf[:0], first), second) // fold(first + second)
	if ids := ro.words[string(f)]; len(ids) > 0 && !ro.common[string(f)] {
		return ids[0]
	}
	return nil
}

// spelledAsWord reports whether w, written in capitals, also spells an
// English word or a technology ("SMART" beside an interviewer named
// Smart), as namesHere reads it: such a word may be an acronym at any
// length.
func (e *Engine) spelledAsWord(w string) bool {
	return e.lex.isWord(fold(w)) || e.lex.isTech(w)
}

// acronymInContext reports whether the word at m is a short word in
// capitals (or a longer one that spells a word, spelledAsWord) that reads
// as an acronym where it stands: right after an
// article or a determiner ("the DAG scheduler", "a DOM node"), or before a
// word in lower case that it modifies ("NAT gateway"), on a line that is
// not written in capitals. Such a word names nobody, whatever name it
// spells; a name in capitals before a verb ("ANA mentioned") does not
// pass.
func acronymInContext(text string, m []int, spelledAsWord bool) bool {
	w := text[m[0]:m[1]]
	if !isAllUpper(w) || len([]rune(w)) > 4 && !spelledAsWord {
		return false
	}
	if before := strings.TrimRight(text[:m[0]], " "); len(before) < m[0] {
		k := strings.LastIndexAny(before, " \n\t(") + 1
		switch strings.ToLower(before[k:]) {
		case "the", "a", "an", "this", "that", "each", "every", "our", "their", "its", "your":
			return true
		}
	}
	lineStart, lineEnd := lineAround(text, m[0], m[1])
	if !hasLower(text[lineStart:lineEnd]) {
		return false // a heading in capitals
	}
	if midSentence(text[lineStart:m[0]]) && !capitalisedNext(text[m[1]:lineEnd]) {
		return true // "has written SAM templates", "tracks DORA metrics", as the pipeline reads it
	}
	rest := text[m[1]:lineEnd]
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	next := strings.TrimLeft(rest, " ")
	end := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(next)
	}
	if end == 0 && next != "" && next[0] >= '0' && next[0] <= '9' {
		return true // a version: "ROS 2"
	}
	n := next[:end]
	return len(n) >= 3 && n == strings.ToLower(n) && !strings.HasSuffix(n, "ed") && !strings.HasSuffix(n, "s")
}

// midSentence reports whether a word whose line starts with before stands
// inside a sentence: after a word, a comma, a colon or a closing bracket,
// not at the line's head nor after a sentence's end or a list marker.
func midSentence(before string) bool {
	b := strings.TrimRight(before, " \t")
	if b == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(b)
	if r == '.' || r == '!' || r == '?' || r == '-' || r == '*' || r == '•' || r == '>' || r == '(' || r == '"' {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == ',' || r == ':' || r == ';' || r == ')'
}

// capitalisedNext reports whether the first word of rest is capitalised
// (another part of a name may follow: "Dag NILSSON").
func capitalisedNext(rest string) bool {
	next := strings.TrimLeft(rest, " ")
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsUpper(r)
}

// beforeEponymNoun reports whether the word at m, not possessive, stands
// right before an eponym noun in lower case ("Kalman filter", "Bloom
// filter"): an idea named after someone, as the pipeline reads it.
func (e *Engine) beforeEponymNoun(text string, m []int, ro *roster) bool {
	w, after := text[m[0]:m[1]], m[1]
	possessive := strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
	for _, ref := range htmlPossessives {
		if !possessive && strings.HasPrefix(text[after:], ref) {
			possessive, after = true, after+len(ref) // "Jakob&#39;s law" in the HTML packet
		}
	}
	if after >= len(text) || text[after] != ' ' {
		return false
	}
	next := text[after+1:]
	end := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(next)
	}
	n := next[:end]
	if possessive {
		// "Jakob's law": after a possessive only a statement's noun makes
		// an idea, as the redaction reads it (eponymAfter), or after a
		// surname any eponym noun no one's own work is ("Lindahl's
		// method", as usedAsTerm reads it).
		if n == "" || n != strings.ToLower(n) {
			return false
		}
		bare := strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		return e.lex.statementNouns[n] || e.lex.eponymNouns[n] && !workNouns[n] && ro != nil && ro.onlySurname(fold(bare))
	}
	return n != "" && n == strings.ToLower(n) && e.lex.eponymNouns[n]
}

// htmlPossessives are a possessive's ending as an HTML packet writes it.
var htmlPossessives = []string{"&#39;s", "&#x27;s", "&apos;s", "&rsquo;s", "&#8217;s"}

// namesNobodyHere reports whether the word text[m[0]:m[1]] names nobody
// where it stands, whatever it spells: an acronym in its context, a name
// before an eponym noun, or a thing owned.
func (e *Engine) namesNobodyHere(text string, m []int, ro *roster) bool {
	return acronymInContext(text, m, e.spelledAsWord(text[m[0]:m[1]])) || e.beforeEponymNoun(text, m, ro) || afterPossessiveWord(text, m[0]) || e.afterVendor(text, m) ||
		e.usedAsTermAsTagged(text, m, ro)
}

// lineAround returns where the line holding text[a:b] starts and ends
// (its line break left out).
func lineAround(text string, a, b int) (start, end int) {
	start = strings.LastIndexByte(text[:a], '\n') + 1
	if end = strings.IndexByte(text[b:], '\n'); end < 0 {
		return start, len(text)
	}
	return start, end + b
}

// usedAsTermAsTagged reports whether the name part at text[m[0]:m[1]]
// names a technical thing as usedAsTerm reads it ("Seurat v5", "the
// Elmore delay model", "Picard MarkDuplicates"), its line tagged as the
// redaction tags notes: the gate asks of the packet the question the
// redaction asked of the notes, not a second reading of its own. Only a
// known name left in a packet is asked, so the tagging is rare.
func (e *Engine) usedAsTermAsTagged(text string, m []int, ro *roster) bool {
	if ro == nil {
		return false
	}
	start, end := lineAround(text, m[0], m[1])
	at := m[0] - start
	toks, err := e.tag(segment(text[start:end], e.lex), ro, func(s sentence) bool { return s.start <= at && at < s.end })
	if err != nil {
		return false // unread: the word stays a hit
	}
	for i, t := range toks {
		if t.start != at {
			continue
		}
		f := t.nameKey()
		if ids := ro.words[f]; len(ids) > 0 {
			return ro.usedAsTerm(toks, i, f, ids[0]) || ro.eponymAfter(toks, i) && !ro.besideSamePerson(toks, i, ids[0])
		}
		return false
	}
	return false
}

// afterVendor reports whether the word at text[a:] follows a vendor of the
// vendors lexicon written as a name and a space ("Apache Heron"): its
// product, as the redaction reads it (vendorBefore).
func (e *Engine) afterVendor(text string, m []int) bool {
	w := wordBefore(text, m[0])
	return isCapitalized(w) && e.lex.vendors[fold(w)] && e.lex.mayNameProduct(text[m[0]:m[1]])
}

// inAllowPhrase reports whether words[k] of text stands inside a term of
// several words that an allow list protects ("John the Ripper" beside an
// interviewer named John): the redaction kept the term, and so does the
// gate.
func (e *Engine) inAllowPhrase(text string, words [][2]int, k int) bool {
	w := fold(text[words[k][0]:words[k][1]])
	for _, phrase := range e.allowPhrasesByWord[w] {
		for at, pw := range phrase {
			if pw != w || k-at < 0 || k-at+len(phrase) > len(words) {
				continue
			}
			match := true
			for j, want := range phrase {
				m := words[k-at+j]
				if fold(text[m[0]:m[1]]) != want {
					match = false
					break
				}
			}
			if match {
				return true
			}
		}
	}
	return false
}

// afterPossessiveWord reports whether the word at text[a:] follows a
// possessive determiner and a space ("their dev loop", "her Swift code"):
// a thing owned, as the pipeline reads it (ownedThing).
func afterPossessiveWord(text string, a int) bool {
	return possessiveDeterminer[strings.ToLower(wordBefore(text, a))] // not "her", which may be an object: "call her Eilidh"
}

// wordBefore returns the word that ends one space before text[a:], or "".
func wordBefore(text string, a int) string {
	before := strings.TrimRight(text[:a], " ")
	if len(before) != a-1 {
		return ""
	}
	k := strings.LastIndexFunc(before, func(r rune) bool { return !unicode.IsLetter(r) }) + 1
	return before[k:]
}

// lowerAfterArticle reports whether the word text[a:b] is written in lower
// case right after an article or a demonstrative ("the dev server"), which
// the redaction reads as the word (afterArticle).
func lowerAfterArticle(text string, a, b int) bool {
	w := text[a:b]
	if w != strings.ToLower(w) {
		return false
	}
	return articles[strings.ToLower(wordBefore(text, a))]
}

// lowerCaseWord reports whether w (folded f), written in lower case, names
// nobody, as the pipeline reads it (see lowerCaseNoName).
func (e *Engine) lowerCaseWord(w, f string, ro *roster) bool {
	return w != "" && w == strings.ToLower(w) && lowerCaseNoName(w, f, ro)
}

// lowerCaseNoName reports whether a name part f written in lower case (w)
// is a name particle, or an English word or a technical name that is no
// given name ("said" for a candidate named Said, "bin packing", "the vega
// of an option" for an interviewer named Vega, whose name Stack Overflow's
// tags also hold); a word that is also a given name ("maria", "aisling")
// may be one: "TODO(maria)" still counts.
func lowerCaseNoName(w, f string, ro *roster) bool {
	return ro.particle[f] || (ro.lex.isWord(f) || ro.lex.isTech(f) || ro.lex.nameOfThing(f)) && !ro.lex.hasShortForms(f)
}

package anonymize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An employer is often described rather than named: "a Midwest insurer",
// "a stealth climate-fintech", "the bank with the black horse", "Sky (the
// broadcaster)". A pattern with a head class (rules.NamedRegex.Head) finds
// the cue; describedOrganization reads the noun phrase after it, which
// counts only where a noun of the organization-kinds lexicon heads it and
// something narrows it down: a word that is not merely a size or an age
// ("stealth", "Midwest", "Belarus-founded", "crypto"), a clause that says
// which one ("that closed", "with the orange logo", "(the one with the
// orange logo)"), or quotation marks around the whole ("a crypto shop I
// won't name"). "At a startup" or "a big bank" tell a reader nothing they
// could find the candidate by, and stay as written.
//
// The phrase grammar is deliberately narrow so that technical sentences
// come through word for word: a noun of the class followed by another
// noun is a modifier ("our startup time", "the lab environment"), by "of"
// or a possessive it is no head ("a bank of registers", "the retailer's
// API"), and a hyphen joins it to the next word ("a shop-floor system").

// orgPhraseMaxWords bounds the words before the head: a description is a
// few words, and a longer run is a sentence.
const orgPhraseMaxWords = 6

// orgDeterminers open a described organisation after a cue. Possessives
// ("my last shop", "their previous studio") are left out: the writer's
// own words for a past employer, no description of it.
var orgDeterminers = map[string]bool{"a": true, "an": true, "the": true}

// orgStopWords end the words before a head: a phrase that reaches one
// before any noun of the class is no description of an employer.
var orgStopWords = wordSet(`of in on at for with and or but to from by as that which who whose where when
	while is was are were be been being has have had do does did doing not it they he she we i you
	their his her our my your its them this these those then than so because if before after since until
	via into onto over under about like what how why there here all each every no`)

// orgHeadEnds may follow a head noun: the phrase ends there. Anything
// else (another noun, "of") makes the noun a modifier or a part of
// something else.
var orgHeadEnds = wordSet(`that which who whose where with in on at for doing building making and or but then
	before after since until as from to when while i we they he she is was were has had now until where
	called named owned founded run based`)

// orgVague are modifiers no reader could find an employer by: a size,
// an age, or the writer's order of events.
var orgVague = wordSet(`small tiny big bigger large larger huge little young new newer old older good great nice
	another other local previous prior former last current same some certain real proper mid-size mid-sized
	medium-sized medium sized small-ish smallish decent famous known one first second next early`)

// orgHeadcount reports whether a modifier is a size in people ("a
// 40-person startup", "a two-person shop"): no more to find an employer by
// than "small" is.
func orgHeadcount(m string) bool {
	return strings.HasSuffix(m, "-person") || strings.HasSuffix(m, "-people") || strings.HasSuffix(m, "-strong")
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// orgTail matches the clause after a head that says which one it is: a
// relative clause up to the end of its clause ("that closed", "that
// didn't make it"), a with-phrase ("with the black horse"), or a
// parenthesis that describes it ("(the one with the orange logo)",
// "(\"the one whose elevators you rode this morning\")").
var orgTail = regexp.MustCompile(`^(\s*\(\s*["“]?(?i:the|an?)\s[^()\n]{1,80}?\)` +
	`|\s+(?i:that|which)\s+(?:[\p{L}’'-]+\s+){0,3}?[\p{L}’'-]+` +
	`|\s+(?i:with)\s+(?i:the|an?)\s+(?:[\p{L}-]+\s+){0,2}?[\p{L}-]+)` +
	`(?:[.;:!?,)]|\s*$|\s+(?i:in|for|on|at|after|before|and|then|since|until|where|as|from|to|doing|running)\b)`)

// orgNamedAfter matches a name set off by commas or in parentheses after
// a description, or that it is called by: "a Midwest insurer, Prairie
// Mutual, running config management", "a small logistics startup (Ninja
// Van)", "a seismic-analytics firm called Quakeline". The description and
// the name go as one employer. (A name another rule already replaced
// counts: "[organization]".)
var orgNamedAfter = regexp.MustCompile(`^(?:(,\s+` + orgName + `)\s*[,;.)]` +
	`|(\s*\(` + orgName + `(?:,[^()\n]{1,30})?\))` +
	`|(\s+(?i:called|named)\s+` + orgName + `))`)

// orgName is a name of up to three capitalised words, or a placeholder.
const orgName = `(?:\[organization\]|\p{Lu}[\p{L}\p{N}&’'-]*(?:\s+\p{Lu}[\p{L}\p{N}&’'-]*){0,2})`

// orgPhrase is a described organisation as describedOrganization reads
// it.
type orgPhrase struct {
	// paren and quote say the phrase opened with a parenthesis or a
	// quotation mark ("" if none).
	paren bool
	quote string
	// definite says it opened with "the".
	definite bool
	mods     []string
	head     string
	headEnd  int
}

// describedOrganization reads a described organisation starting at
// text[start:] (at its determiner, its opening quotation mark, or, in an
// apposition, its opening parenthesis). It returns where the phrase ends
// and the noun that heads it, "" if it is none. isTech says a capitalised
// word names a technology: "a Kafka shop" is a stack, no employer.
func (l *lexicon) describedOrganization(text string, start int, isTech func(string) bool) (int, string) {
	var p orgPhrase
	i := skipSpaces(text, start)
	if p.paren = strings.HasPrefix(text[i:], "("); p.paren {
		i = skipSpaces(text, i+1)
	}
	for _, q := range []string{`"`, "“"} {
		if strings.HasPrefix(text[i:], q) {
			p.quote, i = q, i+len(q)
		}
	}
	if !l.readOrgWords(text, i, isTech, &p) {
		return 0, ""
	}
	end := p.headEnd
	narrowed := p.paren || p.quote != "" || l.narrowedBy(p.mods, p.head)
	if m := orgTail.FindStringSubmatchIndex(text[end:]); m != nil {
		narrowed = true
		end += m[3]
	}
	if !narrowed {
		return 0, ""
	}
	if m := orgNamedAfter.FindStringSubmatchIndex(text[end:]); m != nil {
		// After "the", a name set off by commas is as often a person's
		// ("their manager at the Big Four firm, Jonathan Pryce, said").
		for g := 1 + b2i(p.definite); 2*g < len(m); g++ {
			if m[2*g] >= 0 {
				end += m[2*g+1]
				break
			}
		}
	}
	if end = p.close(text, end); end < 0 {
		return 0, ""
	}
	return end, p.head
}

// readOrgWords reads the words of a phrase from text[i:] up to its head
// into p; false if no noun of the class heads it.
func (l *lexicon) readOrgWords(text string, i int, isTech func(string) bool, p *orgPhrase) bool {
	for n := 0; n <= orgPhraseMaxWords; n++ {
		w, we := orgWord(text, skipSpaces(text, i))
		if w == "" {
			return false
		}
		lw := strings.ToLower(w)
		switch {
		case n == 0 && orgDeterminers[lw]:
			p.definite = lw == "the"
			i = we
			continue
		case n == 0 && lw == "one" && strings.HasPrefix(strings.ToLower(text[we:]), " of the "):
			i = we + len(" of the") // "one of the big Nigerian telcos"
			continue
		case n == 0 && !p.paren && p.quote == "":
			return false // a cue's phrase opens with an article
		case orgStopWords[lw] && w != strings.ToUpper(w): // "defense IT contractor"
			return false
		case w == lw && l.isOrgKind(lw) && orgHeadEndsAt(text, we):
			// In lower case: a capitalised one ends a name ("the Max
			// Planck Institute", "Khan Bank"), which other rules read.
			p.head, p.headEnd = lw, we
			return true
		case unicode.IsUpper(leadRune(w)) && isTech(w):
			return false // "a Kafka shop", "the Rust lab"
		}
		p.mods = append(p.mods, lw)
		i = we + possessiveLen(text, we) // "a well-known elevator company's robotics lab"
	}
	return false
}

// narrowedBy reports whether a modifier before the head says more than a
// size or an age; the first word of a two-word kind ("hedge fund") is
// part of the noun.
func (l *lexicon) narrowedBy(mods []string, head string) bool {
	for _, m := range mods {
		if !orgVague[m] && !orgHeadcount(m) && !l.orgKinds[m+" "+head] {
			return true
		}
	}
	return false
}

// close ends a quoted or parenthesised phrase at its closing mark, which
// must follow closely: the quoted words are the writer's description
// whole, and a parenthesis that goes on about something else is no
// description. -1 if it does not close.
func (p *orgPhrase) close(text string, end int) int {
	switch {
	case p.quote != "":
		q := closingQuote(p.quote)
		k := strings.Index(text[end:], q)
		if k < 0 || k > 60 || strings.ContainsRune(text[end:end+k], '\n') {
			return -1
		}
		return end + k + len(q)
	case p.paren:
		k := skipSpaces(text, end)
		if !strings.HasPrefix(text[k:], ")") {
			return -1
		}
		return k + 1
	}
	return end
}

func closingQuote(q string) string {
	if q == "“" {
		return "”"
	}
	return q
}

// isOrgKind reports whether a lower-case word names a kind of
// organisation, in the singular or the plural ("telcos"), or ends a
// compound that does ("climate-fintech").
func (l *lexicon) isOrgKind(w string) bool {
	if l.orgKinds[w] {
		return true
	}
	for _, suf := range []string{"s", "es"} {
		if s, ok := strings.CutSuffix(w, suf); ok && len(s) > 2 && l.orgKinds[s] {
			return true
		}
	}
	if k := strings.LastIndexByte(w, '-'); k > 0 && k < len(w)-1 {
		return l.isOrgKind(w[k+1:])
	}
	return false
}

// orgHeadEndsAt reports whether a noun ending at text[i] can end the
// phrase: at punctuation other than a hyphen or a possessive, at the
// text's end, or before a word that ends a noun phrase.
func orgHeadEndsAt(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	switch {
	case r == '-' || r == '\'' || r == '’':
		return false // "shop-floor", "the retailer's API"
	case r == '\n':
		return true
	case !unicode.IsSpace(r):
		return strings.ContainsRune(`.,;:!?)"”`, r)
	}
	k := skipSpaces(text, i)
	if k >= len(text) || text[k] == '(' || text[k] == '\n' {
		return true
	}
	w, _ := orgWord(text, k)
	return w != "" && orgHeadEnds[strings.ToLower(w)]
}

// orgWord returns the word at text[i] (letters, digits, inner hyphens
// and apostrophes, a pipeline placeholder such as "[place]") and its end;
// "" if none starts there. A possessive ending stays outside the word.
func orgWord(text string, i int) (string, int) {
	if strings.HasPrefix(text[i:], "[") {
		if k := strings.IndexByte(text[i:], ']'); k > 1 && k < 20 && !strings.ContainsAny(text[i+1:i+k], " \n") {
			return text[i : i+k+1], i + k + 1
		}
		return "", i
	}
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' {
			j += size
			continue
		}
		if (r == '-' || r == '\'' || r == '’') && j > i && j+size < len(text) {
			next, _ := utf8.DecodeRuneInString(text[j+size:])
			rest := text[j+size:]
			possessive := r != '-' && (strings.HasPrefix(rest, "s ") || rest == "s" || strings.HasPrefix(rest, "s,"))
			if unicode.IsLetter(next) && !possessive {
				j += size
				continue
			}
		}
		break
	}
	return text[i:j], j
}

// organizationBefore reports whether the words before a description (the
// span's part before the phrase; "" after a cue) can be the employer it
// describes: a place is none ("Deloitte in Athens (a Big Four
// consultancy)"), and before a comma neither is an ordinary word, which
// opens a clause as often ("However, a big German insurer").
func (l *lexicon) organizationBefore(name string) bool {
	trimmed := strings.TrimRight(name, " \t(")
	comma := strings.HasSuffix(trimmed, ",")
	trimmed = strings.TrimSpace(strings.TrimSuffix(trimmed, ","))
	if trimmed == "" {
		return true
	}
	folded := fold(trimmed)
	if l.places[folded] {
		return false
	}
	return !comma || strings.ContainsAny(trimmed, " ") || !l.isWord(folded)
}

// skipFunctionWords moves start over the words before from that are no
// part of a name: an expression's capitalised run may open with the
// sentence's first word ("Then Sky (the broadcaster)").
func skipFunctionWords(text string, start, from int) int {
	for start < from {
		w, we := orgWord(text, start)
		if w == "" || !orgStopWords[strings.ToLower(w)] && !orgHeadEnds[strings.ToLower(w)] {
			break
		}
		start = skipSpaces(text, we)
	}
	return start
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// possessiveLen is the length of a possessive ending at text[i] ("'s",
// "’s"), 0 if none.
func possessiveLen(text string, i int) int {
	for _, p := range []string{"'s", "’s"} {
		if strings.HasPrefix(text[i:], p) {
			return len(p)
		}
	}
	return 0
}

// schoolNouns head a described school rather than an employer ("a big
// Boston school"): the pattern writes the school marker for them.
var schoolNouns = wordSet(`school university college polytechnic uni`)

func skipSpaces(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}

func leadRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

package anonymize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
)

// aliasScan finds other names of known people in one text.
type aliasScan struct {
	e        *Engine
	ent      *rules.Entity
	toks     []token
	ro       *roster
	known    func(*identity) bool
	mentions []span
	// others are the other people found in the text (otherPeople): a
	// nickname a cue gives right after one of them is theirs.
	others []span
	// byLast is set where lastMention chose the alias's owner.
	byLast bool
	// named is set where a parenthesis gave the alias as the person's
	// own name (namedInParenthesis).
	named bool
	// tail is set where the alias is the last word of a name whose known
	// part stands right before it (cuedNameTail): the span covers both.
	tail bool
}

// aliases finds other names of known people: a single name in parentheses
// right after a mention ("Kwabena (Kobby)") or before one ("Kobby
// (Kwabena)", "Helen (her legal name is Hà)"), a name beside a mention
// across a slash at the head of a line ("aigerim / aika:"), a name after an
// alias cue ("goes by Fosa", "everyone calls him Venkat"), or in a
// parenthetical that says so ("Hamada (what his friends call him)"). An
// alias belongs to the person it stands beside, or to the person last
// mentioned in the sentence, or to the candidate.
//
// An alias that is an ordinary word ("May (Maria)") is that person here
// and, elsewhere in the packet, only where it is written as a name.
//
// Where the person last mentioned before a cued alias is another person
// than the known ones ("their old lead Kuba Nowak — everyone called him
// \"Kube\""), the alias is that person's other name, returned apart
// (others) so that it gets their label.
func (e *Engine) aliases(r *rules.Rule, toks []token, ro *roster, known func(*identity) bool, mentions, others []span, mk func(a, b int, ref *personRef, prio int) span) (out, otherOut []span) {
	s := &aliasScan{e: e, ent: r.Entity, toks: toks, ro: ro, known: known, mentions: mentions, others: others}
	for i := range toks {
		s.byLast, s.named, s.tail = false, false, false
		id, word := s.aliasOf(i)
		if id == nil || !known(id) {
			continue
		}
		// A name signed with a period ("Zs.") is looked up without it,
		// as every later mention is (nameKey).
		f := fold(strings.TrimSuffix(s.word(i), "."))
		if o := s.otherBefore(i); s.byLast && o != nil {
			ref := &personRef{other: o.other, parts: append(append([]string(nil), o.parts...), f)}
			otherOut = append(otherOut, mk(i, i, ref, prioCued))
			continue
		}
		ref := &personRef{known: id, alias: f, capitalOnly: word, named: s.named}
		first := i
		if s.tail {
			first = i - 1 // "Sujan BK" is one name, written once
		}
		sp := mk(first, i, ref, prioKnown)
		t := s.toks[first].word
		sp.start += len(t) - len(strings.TrimLeft(t, `"'“”‘’`)) // "'Zs": the quotation mark stays
		if n := i + 1; n+1 < len(s.toks) && s.toks[n].word == "." && s.toks[n].start == sp.end && isQuote(s.toks[n+1].word) {
			sp.end = s.toks[n].end // "'Zs.'": the period is the name's, not a sentence's
		}
		out = append(out, sp)
	}
	return out, otherOut
}

// otherBefore returns the other person mentioned last before toks[i] in
// its sentence, where no known person is mentioned after them; nil if
// none. A person read from the tagger's label alone does not count.
func (s *aliasScan) otherBefore(i int) *personRef {
	var best *span
	for k := range s.others {
		o := &s.others[k]
		if o.person == nil || o.person.known != nil || o.person.weak || o.end > s.toks[i].start ||
			!sameSentenceAt(s.toks, o.start, s.toks[i].sent) {
			continue
		}
		if best == nil || o.start > best.start {
			best = o
		}
	}
	if best == nil {
		return nil
	}
	for _, m := range s.mentions {
		// "Maria worked with Tomasz; everyone calls her Mia": with a known
		// person before, whom the cue's pronoun means is not clear, and
		// the known person keeps the alias as before.
		if m.person != nil && m.person.known != nil && m.start < s.toks[i].start && sameSentenceAt(s.toks, m.start, s.toks[i].sent) {
			return nil
		}
	}
	return best.person
}

// word is toks[i]'s word without quotes around it.
func (s *aliasScan) word(i int) string { return strings.Trim(s.toks[i].word, `"'“”‘’`) }

// aliasOf returns the known person toks[i] is another name of, and whether
// the alias is also an ordinary word; nil if it is none.
func (s *aliasScan) aliasOf(i int) (*identity, bool) {
	w := s.word(i)
	if id := s.selfNamed(i); id != nil {
		return id, false
	}
	if id := s.cuedNameTail(i); id != nil {
		s.tail = true
		return id, false
	}
	if id := s.namedByStatement(i); id != nil {
		s.named = true
		_, wordLike := s.ordinary(w, fold(w))
		return id, wordLike || s.e.lex.isTech(w)
	}
	if !s.mayBeAlias(i, w) {
		return nil, false
	}
	f := fold(w)
	if ids := s.ro.words[f]; len(ids) > 0 && isAllUpper(w) && s.ro.lookup(s.toks, i) == nil {
		// "goes by VRM" for vrm.kolluri@: the roster read the capitals as
		// an acronym, but the cue says a name follows.
		if id := s.initialsAlias(i, w); id == ids[0] {
			return id, false
		}
	}
	// One letter is an initial or a variable ("x (maria)"), no alias.
	named := s.namedInParenthesis(i)
	s.named = named
	if !isLetters(w) || len([]rune(w)) < 2 || s.e.allowWords[f] && !named || s.e.lex.stopNames[f] || len(s.ro.words[f]) > 0 ||
		s.e.lex.isTech(w) && !s.quotedNickname(i) && !named {
		return nil, false
	}
	ordinary, wordLike := s.ordinary(w, f)
	if ordinary && (s.quotedNickname(i) || named) {
		// 'called him "Sparks"': the quotation marks make it a name;
		// '("Beam", his nickname)': so does the parenthesis.
		ordinary = false
	}
	if s.doubted(i) {
		return s.lastMention(i), wordLike
	}
	// The shapes of a name written as such: capitalised, not in capitals.
	if isCapitalized(w) && !isAllUpper(w) && !ordinary && i > 0 {
		if id := s.namedAlias(i, w); id != nil {
			return id, wordLike
		}
	}
	if id := s.initialsAlias(i, w); id != nil {
		return id, false
	}
	// Beside a mention, any case and initials too ("david (zhang wei)",
	// "KD (Klaus-Dieter)", "Ελένη (Eleni)"); an ordinary word only where
	// the parenthesis holds nothing but the mention ("May (Wei)", not
	// "Review (Wei's take)").
	if compoundWord(w) || isAllUpper(w) && len([]rune(w)) > 3 {
		return nil, false
	}
	if ordinary {
		if !isCapitalized(w) {
			return nil, false
		}
		if id := s.cuedInParenthesis(i); id != nil {
			return id, true
		}
		if s.ownNameInParenthesis(i) || s.namingInParenthesis(i) {
			// "Ploy (her nickname; Kanokwan on the record)", "Ploy (legal
			// name Chanya)": the parenthesis says which name is which.
			if id := s.beforeParenthesisedMention(i); id != nil {
				return id, true
			}
		}
		if s.e.lex.opinionNouns[f] {
			// A noun of assessment heads what the parenthesis is about
			// ("Debrief (Ma. Cristina dela Cruz)", "Feedback (Wei)");
			// "Ploy (Kanokwan Chaiyaporn)" and "May (Wei)" are names.
			return nil, false
		}
		return s.parenthesisIsMention(i), true
	}
	if id := s.beforeParenthesisedMention(i); id != nil {
		return id, wordLike
	}
	if id := s.acrossSlash(i); id != nil {
		return id, wordLike
	}
	return nil, false
}

// mayBeAlias reports whether toks[i] (its word w) stands where one of
// aliasOf's cues can make it an alias: beside a parenthesis or a slash,
// or, written with a capital, after an alias cue. aliasOf asks the
// lexicons about a word only there: most words stand nowhere near one.
func (s *aliasScan) mayBeAlias(i int, w string) bool {
	for _, step := range [2]int{-1, 1} {
		k := s.pastQuotes(i+step, step, i) // a quoted name: ("Aika")
		if k >= 0 && k < len(s.toks) && (s.toks[k].word == "(" || s.toks[k].word == "/") {
			return true
		}
	}
	return i > 0 && (isCapitalized(w) || isAllUpper(w)) && s.aliasCued(i)
}

// ordinary reports whether w (folded f) is an ordinary word rather than a
// name here, and whether it is word-like at all (an alias that is also a
// word counts only where written as a name). A given name that is also a
// word ("Jimmy", "Bobby", "May": a name word or a name the short forms
// know), capitalised, is read as a name where a cue or a parenthesis gives
// it as one.
func (s *aliasScan) ordinary(w, f string) (ordinary, wordLike bool) {
	lex := s.e.lex
	ordinary = (s.ro.common[f] || lex.isWord(f) && !lex.isName(f)) && !(lex.knownGiven(f) && isCapitalized(w))
	return ordinary, ordinary || lex.isWord(f)
}

// initialsAlias returns the person whose name initials in capitals, w at
// toks[i], are given as: "Mme El Amrani (FZ to her colleagues)",
// "everyone calls him JP"; nil if none.
func (s *aliasScan) initialsAlias(i int, w string) *identity {
	if !isAllUpper(w) || len([]rune(w)) > 4 || i == 0 {
		return nil
	}
	if id := s.afterParenthesisedMention(i); id != nil {
		// "Rāwiri Te Awa (SRE, incident round)" gives a role, not
		// initials: initials start with one of the name's.
		if !initialOfName(w, id.person.Name) {
			return nil
		}
		return id
	}
	if s.toks[i-1].sent == s.toks[i].sent && s.aliasCued(i) {
		id := s.lastMention(i)
		if s.e.lex.preferVerbs[s.toks[i-1].folded] && !initialOfName(w, id.person.Name) {
			// "prefers" takes tools as often as names: capitals that
			// are no initials of the person ("now prefers PRTG or
			// Zabbix") are a thing preferred; "prefers JP" still names
			// Jean-Pierre.
			return nil
		}
		return id
	}
	return nil
}

// namedAlias returns the person a capitalised name toks[i] (w) is an
// alias of by its cue: in parentheses after a mention ("Kwabena
// (Kobby)"), or after an alias cue ("prefers Fosa", not "prefers
// Envoy-based meshes" or "prefers Terraform modules").
func (s *aliasScan) namedAlias(i int, w string) *identity {
	if id := s.afterParenthesisedMention(i); id != nil {
		return id
	}
	if s.toks[i-1].sent == s.toks[i].sent && s.aliasCued(i) && !compoundWord(w) && !s.e.nounAfter(s.toks, i) &&
		!s.preferredThing(i) {
		return s.lastMention(i)
	}
	return nil
}

// preferredThing reports whether toks[i], after "prefers", is a thing
// preferred rather than a name: "prefers" takes tools as often as names
// ("prefers Ghidra's decompiler over IDA Pro's"): a word followed by a
// possessive is a thing, and so is a word the lexicons do not know as a
// name among technical names; "prefers Jimmy", "prefers Fosa." are names.
func (s *aliasScan) preferredThing(i int) bool {
	f, lex := s.toks[i].folded, s.e.lex
	if !lex.preferVerbs[s.toks[i-1].folded] {
		return false
	}
	named := lex.isName(f) || lex.knownGiven(f)
	possessive := i+1 < len(s.toks) && (s.toks[i+1].word == "'s" || s.toks[i+1].word == "’s")
	return possessive || !named && besideRun(s.toks, i, i, s.technicalName)
}

// technicalName reports whether toks[k] is a technical name: an allowed
// term, a capitalised technology of the lexicon, or a word written as code
// is (CamelCase, snake_case, digits among capitals).
func (s *aliasScan) technicalName(k int) bool {
	w := s.toks[k].word
	return s.e.allowWords[s.toks[k].folded] || isCapitalized(w) && s.e.lex.isTech(w) || innerCapital(w) || identifierShaped(w) ||
		isCapitalized(w) && strings.ContainsAny(w, "0123456789")
}

// doubted reports whether the writer doubted toks[i]'s spelling ("sorsha
// (sp?)"): a person's name in whatever case it was typed.
func (s *aliasScan) doubted(i int) bool {
	toks := s.toks
	if i+2 >= len(toks) || toks[i+1].word != "(" || toks[i+1].sent != toks[i].sent || len([]rune(s.word(i))) < 3 {
		return false
	}
	// "(sp?)", "(sp.)", "(sic)", "(spelling?)"; not "(spoofable)".
	return s.e.lex.spellingDoubts[strings.TrimRight(strings.ToLower(toks[i+2].word), "?.")]
}

// lastMention is the known person last mentioned before toks[i] in its
// sentence, or the candidate.
func (s *aliasScan) lastMention(i int) *identity {
	s.byLast = true
	for k := len(s.mentions) - 1; k >= 0; k-- {
		m := s.mentions[k]
		if m.start < s.toks[i].start && m.person != nil && m.person.known != nil && sameSentenceAt(s.toks, m.start, s.toks[i].sent) {
			return m.person.known
		}
	}
	return s.ro.ids[0]
}

// afterParenthesisedMention: "Kwabena (Kobby)", "Aigerim Sarsenbayeva
// ("Aika")".
//
// The alias is the parenthesis's first word and stands alone in it, before
// its close, a comma or a cue in lower case ("(Kobby, he/him)", "(FZ to her
// colleagues)"): "Dariush Farahani (Senior Embedded Linux Engineer)" gives
// a title, "(Staff 2)" a level.
func (s *aliasScan) afterParenthesisedMention(i int) *identity {
	toks := s.toks
	k := s.pastQuotes(i-1, -1, i)
	if k < 1 || toks[k].word != "(" || toks[k].sent != toks[i].sent {
		return nil
	}
	if n := s.pastQuotes(i+1, 1, i); n < len(toks) && toks[n].sent == toks[i].sent {
		if w := toks[n].word; w != "" && (isCapitalized(w) || w[0] >= '0' && w[0] <= '9') {
			return nil
		}
	}
	return s.ro.lookup(toks, k-1)
}

// initialOfName reports whether capitals w start with the initial of one
// of name's parts (hyphenated parts count apart: "KD" for Klaus-Dieter),
// or end with the surname's ("FA" for Oluwafemi Adeyemi, called Femi).
func initialOfName(w, name string) bool {
	first, _ := utf8.DecodeRuneInString(w)
	last, _ := utf8.DecodeLastRuneInString(w)
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })
	for i, part := range parts {
		r, _ := utf8.DecodeRuneInString(part)
		if r = unicode.ToUpper(r); r == first || i == len(parts)-1 && r == last {
			return true
		}
	}
	return false
}

// cuedInParenthesis returns the known person whose mention a parenthesis
// follows when toks[i] comes after an alias cue inside it ("Kanokwan
// Srisuk (prefers Ploy)"): there even an ordinary word is what the person
// is called. Nil if none.
func (s *aliasScan) cuedInParenthesis(i int) *identity {
	toks := s.toks
	if !s.aliasCued(i) {
		return nil
	}
	for k := i - 1; k >= 1 && k >= i-5 && toks[k].sent == toks[i].sent; k-- {
		switch toks[k].word {
		case ")":
			return nil
		case "(":
			return s.ro.lookup(toks, k-1)
		}
	}
	return nil
}

// aliasCued reports whether an alias cue stands before toks[i], or before
// the quotation marks that open it ("goes by \"Ploy\"").
func (s *aliasScan) aliasCued(i int) bool {
	return s.e.cueBeforeList(s.ent.AliasCues, s.toks, s.pastQuotes(i-1, -1, i)+1)
}

// pastQuotes returns the first token from toks[k], stepping by step, that
// is no quotation mark of toks[i]'s sentence (k itself where it is none).
func (s *aliasScan) pastQuotes(k, step, i int) int {
	for k >= 0 && k < len(s.toks) && isQuote(s.toks[k].word) && s.toks[k].sent == s.toks[i].sent {
		k += step
	}
	return k
}

// isQuote reports whether a token is nothing but quotation marks.
func isQuote(w string) bool {
	return w != "" && strings.Trim(w, `"'“”‘’`) == ""
}

// beforeParenthesisedMention: a word opening its line or sentence (or
// after a dash or a list marker) right before a parenthesis that names a
// known person first ("Kobby (Kwabena)", "Charlie (legal name Carlos)") or
// says the word is what the person is called ("Helen (her legal name is
// Hà)", "Hamada (what his friends call him)").
func (s *aliasScan) beforeParenthesisedMention(i int) *identity {
	toks := s.toks
	if i+2 >= len(toks) || toks[i+1].word != "(" || toks[i+1].sent != toks[i].sent {
		return nil
	}
	if !s.opensClause(i) && !s.ownNameInParenthesis(i) {
		if s.afterPunctuation(i) {
			return s.parenthesisIsMention(i) // only a parenthesis that holds nothing but the mention
		}
		return nil
	}
	naming := false
	for k := i + 2; k < len(toks) && k <= i+14 && toks[k].sent == toks[i].sent && toks[k].word != ")"; k++ {
		if s.e.lex.namingWords[toks[k].folded] {
			naming = true
		}
		if id := s.ro.lookup(toks, k); id != nil && (k == i+2 || naming || s.namingAhead(k)) {
			return id
		}
	}
	if naming {
		return s.lastMention(i)
	}
	return nil
}

// namingInParenthesis reports whether a parenthesis opens right after
// toks[i] and a naming word stands in it before its first known name
// ("Ploy (legal name Chanya; ...)", "Ploy (born Chanya)"); "Review (Wei's
// take)" names nothing.
func (s *aliasScan) namingInParenthesis(i int) bool {
	toks := s.toks
	if i+2 >= len(toks) || toks[i+1].word != "(" || toks[i+1].sent != toks[i].sent {
		return false
	}
	for k := i + 2; k < len(toks) && k <= i+6 && toks[k].sent == toks[i].sent && toks[k].word != ")"; k++ {
		if s.ro.lookup(toks, k) != nil {
			return false
		}
		if s.e.lex.namingWords[toks[k].folded] {
			return true
		}
	}
	return false
}

// namingAhead reports whether a naming word follows toks[k] closely inside
// its parenthesis ("Hà, she uses Helen at work" has none; "Hà is her
// legal name" has one).
func (s *aliasScan) namingAhead(k int) bool {
	for n := k + 1; n < len(s.toks) && n <= k+4 && s.toks[n].word != ")"; n++ {
		if s.e.lex.namingAfter[s.toks[n].folded] {
			return true
		}
	}
	return false
}

// acrossSlash: a word and a known mention joined by a slash at the head of
// a line ("aigerim / aika: hm screen", "duke / anh pham — hm").
func (s *aliasScan) acrossSlash(i int) *identity {
	toks := s.toks
	if i+2 < len(toks) && toks[i+1].word == "/" && toks[i+2].sent == toks[i].sent && s.opensClause(i) {
		if id := s.ro.lookup(toks, i+2); id != nil {
			return id
		}
	}
	if i >= 2 && toks[i-1].word == "/" && toks[i-2].sent == toks[i].sent && s.opensClause(i-2) {
		return s.ro.lookup(toks, i-2)
	}
	return nil
}

// opensClause reports whether toks[i] opens its sentence, or follows a
// list marker, a dash or a colon.
func (s *aliasScan) opensClause(i int) bool {
	toks := s.toks
	if toks[i].first || i == 0 || toks[i-1].sent != toks[i].sent {
		return true
	}
	p := toks[i-1].word
	return (p == "-" || p == "*" || p == "—" || p == "–" || p == ":" || strings.HasSuffix(p, ".") && len(p) <= 3) &&
		(i < 2 || toks[i-2].sent != toks[i].sent || toks[i-2].first || !unicode.IsLetter([]rune(toks[i-2].word)[0]))
}

// afterPunctuation reports whether a comma or a dash stands right before
// toks[i] ("incident sim, Ton (Thanawat)", "review — Ploy (Siriporn)"):
// a phrase of its own, as a name given with its owner's is.
func (s *aliasScan) afterPunctuation(i int) bool {
	if i == 0 || s.toks[i-1].sent != s.toks[i].sent {
		return false
	}
	switch s.toks[i-1].word {
	case ",", "—", "–", "-", ";":
		return true
	}
	return false
}

// parenthesisIsMention returns the known person a parenthesis right after
// toks[i] holds and nothing else ("May (Wei)", "Duke (Đức Anh)"), where
// toks[i] opens its clause; nil otherwise.
func (s *aliasScan) parenthesisIsMention(i int) *identity {
	toks := s.toks
	if i+3 >= len(toks) || toks[i+1].word != "(" || toks[i+1].sent != toks[i].sent || !s.opensClause(i) && !s.afterPunctuation(i) {
		return nil
	}
	id := s.ro.lookup(toks, i+2)
	if id == nil {
		return nil
	}
	for k := i + 3; k < len(toks) && toks[k].sent == toks[i].sent; k++ {
		if toks[k].word == ")" {
			return id
		}
		if s.ro.lookup(toks, k) != id {
			return nil
		}
	}
	return nil
}

// selfNamed returns the known person who gives toks[i] as their own name
// by a self-naming word (the self-naming lexicon) before it: after the
// word and "as", at most two words between ("signs as M-C", "signs Slack
// as VSK", "introduced himself as JP"); in quotation marks after the word
// or its object ("signs emails 'Zs.'"); or after the word and a colon
// ("Sign-off: JP"). The cue says outright that a name follows, so the name
// may have any shape a person signs with: initials in capitals, a
// hyphenated pair ("M-C"), a short form with its period ("Zs."). A
// sign-off heading its own clause is the note's writer's; otherwise the
// name is the person last mentioned, or the candidate. Nil if none.
func (s *aliasScan) selfNamed(i int) *identity {
	if !isCapitalized(s.word(i)) {
		return nil
	}
	if cue := s.selfNamingAfter(i); cue > 0 {
		return s.selfNamer(cue, i)
	}
	if i == 0 {
		return nil
	}
	toks := s.toks
	quoted := strings.IndexAny(toks[i].word, `"'“”‘’`) == 0
	k := s.pastQuotes(i-1, -1, i)
	if k < 1 || toks[k].sent != toks[i].sent {
		return nil
	}
	if k < i-1 {
		quoted = true
	}
	sameSent := func(n int) bool { return n >= 0 && toks[n].sent == toks[i].sent }
	switch {
	case toks[k].folded == "as":
		for n := k - 1; n >= k-3 && sameSent(n); n-- {
			if s.e.lex.selfNaming[toks[n].folded] {
				return s.selfNamer(n, i)
			}
			if !isLetters(toks[n].word) {
				return nil // "signed the contract. Known as" reaches no cue
			}
		}
	case toks[k].word == ":":
		if sameSent(k-1) && s.e.lex.selfNaming[toks[k-1].folded] {
			return s.selfNamer(k-1, i)
		}
	case s.e.lex.pronouncingWords[toks[k].folded] || toks[k].folded == "it" && sameSent(k-1) && s.e.lex.pronouncingWords[toks[k-1].folded]:
		// "Eilidh (pronounced AY-lee, ...)", 'Dilini, pronounced
		// "DIH-li-ni"': how the name sounds, respelled, is the name of
		// the person last mentioned.
		if s.selfNameShaped(i) {
			return s.lastMention(i)
		}
	case quoted:
		for n := k; n >= k-1 && sameSent(n); n-- {
			if s.e.lex.selfNaming[toks[n].folded] {
				return s.selfNamer(n, i)
			}
			if !isLetters(toks[n].word) {
				return nil
			}
		}
	}
	return nil
}

// selfNamer is whose name toks[i] is, given after the self-naming word at
// toks[cue]: the writer's where the word heads its clause ("Sign-off:
// JP" ends the writer's own note), the person last mentioned otherwise.
func (s *aliasScan) selfNamer(cue, i int) *identity {
	if !s.selfNameShaped(i) {
		return nil
	}
	if s.opensClause(cue) {
		return s.ro.author // nil where the writer is unknown: no guess
	}
	return s.lastMention(i)
}

// selfNameShaped reports whether toks[i] is shaped as a name someone signs
// with: one to four letters' groups joined by hyphens, starting with a
// capital, a trailing period allowed ("Zs.", "M-C", "VSK", "JP", "Mo"),
// and no technology, allowed term, stop name or part of a known name
// (which the roster finds itself).
func (s *aliasScan) selfNameShaped(i int) bool {
	w := strings.TrimSuffix(s.word(i), ".")
	if !isLetters(w) || strings.Contains(w, "'") || !isCapitalized(w) || len([]rune(strings.ReplaceAll(w, "-", ""))) < 2 {
		return false
	}
	f := fold(w)
	return !s.e.allowWords[f] && !s.e.lex.stopNames[f] && len(s.ro.words[f]) == 0 && !s.e.lex.isTech(w) &&
		!(s.e.lex.isWord(f) && !s.e.lex.isName(f) && !isAllUpper(w))
}

// quotedNickname reports whether toks[i] stands in quotation marks right
// after an alias cue that takes only names ("everyone called him
// \"Kube\"", not "prefers \"Kafka\""): quoted there, a word the
// technology lexicon holds is what the person is called.
func (s *aliasScan) quotedNickname(i int) bool {
	toks := s.toks
	open, close := s.pastQuotes(i-1, -1, i), s.pastQuotes(i+1, 1, i)
	return open < i-1 && close > i+1 && open >= 0 && !s.e.lex.preferVerbs[toks[open].folded] && s.aliasCued(i)
}

// namedInParenthesis reports whether toks[i] opens a parenthesis after a
// known person's mention, quoted or not, and the parenthesis goes on to
// say it is their own name: a possessive and a naming word, at most two
// words between ("Thanawat Srisuk ("Beam", his Thai nickname; ...)"). The
// parenthesis says outright that a name stands there, so even a word or a
// technology's name ("Beam", "Ploy") is that person's. So does a word in
// quotation marks alone in the parenthesis ('Chanya Srisawat ("Ploy")').
func (s *aliasScan) namedInParenthesis(i int) bool {
	toks := s.toks
	open, close := s.pastQuotes(i-1, -1, i), s.pastQuotes(i+1, 1, i)
	if open < 1 || toks[open].word != "(" || toks[open].sent != toks[i].sent || s.ro.lookup(toks, open-1) == nil {
		return false
	}
	if close < len(toks) && toks[close].word == ")" && (open < i-1 || close > i+1 || strings.ContainsAny(toks[i].word, `"“”`)) {
		// 'Chanya Srisawat ("Ploy")': one word in quotation marks, alone
		// in a parenthesis right after a person's name, is what they are
		// called; a title, a role or a team is not quoted there.
		return true
	}
	if close+2 >= len(toks) || toks[close].word != "," && toks[close].word != ";" && toks[close].word != "—" {
		return false
	}
	return s.ownNaming(close+1, 2)
}

// ownNaming reports whether toks[k] is a possessive pronoun followed, with
// at most between words in between, by a naming word that says a name is
// the owner's own ("her nickname", "his Thai nickname"), not a name they
// have for someone else ("his nickname for her").
func (s *aliasScan) ownNaming(k, between int) bool {
	toks := s.toks
	if k >= len(toks) {
		return false
	}
	switch toks[k].folded {
	case "his", "her", "their", "my":
	default:
		return false
	}
	for n := k + 1; n <= k+1+between && n < len(toks) && toks[n].sent == toks[k].sent && toks[n].word != ")"; n++ {
		if s.e.lex.namingWords[toks[n].folded] {
			return n+1 >= len(toks) || toks[n+1].folded != "for"
		}
	}
	return false
}

// ownNameInParenthesis reports whether the parenthesis right after toks[i]
// opens with a possessive pronoun and a naming word that says toks[i] is
// someone's own name ("I interviewed Ploy (her nickname; Kanokwan on the
// record)"), not a name they have for someone else ("(his nickname for
// her)").
func (s *aliasScan) ownNameInParenthesis(i int) bool {
	toks := s.toks
	return i+3 < len(toks) && toks[i+1].word == "(" && toks[i+3].sent == toks[i].sent && s.ownNaming(i+2, 0)
}

// selfNamingAfter returns the index of a self-naming word in a clause set
// off by a comma right after toks[i] that says toks[i] is how the person
// signs or is called: "Dilu, as she signs her emails, has run Backstage",
// "Mo, as everyone calls him,"; 0 if none. The clause opens with "as" and
// reaches the word within two words; a naming word ("calls") counts only
// with a person as its object ("as we call it" names a thing).
func (s *aliasScan) selfNamingAfter(i int) int {
	toks := s.toks
	if i+3 >= len(toks) || toks[i+1].word != "," || toks[i+2].folded != "as" || toks[i+2].sent != toks[i].sent {
		return 0
	}
	for n := i + 3; n <= i+5 && n < len(toks) && toks[n].sent == toks[i].sent && isLetters(toks[n].word); n++ {
		f := toks[n].folded
		if s.e.lex.selfNaming[f] {
			return n
		}
		if s.e.lex.namingWords[f] && n+1 < len(toks) && s.e.lex.personal[toks[n+1].folded] {
			return n
		}
	}
	return 0
}

// cuedNameTail returns the known person whose name a self-naming or alias
// cue gives in two words, the first a known part of it, where toks[i] is
// the second: "signs as Sujan BK", "prefers Sujan BK at work", "goes by
// Sujan BK". The cue says a name follows, and the word right after the
// known part belongs to it. The word must be shaped as a name someone
// signs with (selfNameShaped); after "prefers", which takes things too,
// capitals must start with an initial of the name. Nil if none.
func (s *aliasScan) cuedNameTail(i int) *identity {
	toks := s.toks
	k := i - 1
	if k < 1 || toks[k].sent != toks[i].sent || toks[k].end == toks[i].start || !isCapitalized(toks[k].word) {
		return nil
	}
	id := s.ro.lookup(toks, k)
	if id == nil || !s.selfNameShaped(i) {
		return nil
	}
	if n := k - 1; toks[n].folded == "as" && toks[n].sent == toks[i].sent {
		for c := n - 1; c >= n-3 && c >= 0 && toks[c].sent == toks[i].sent && isLetters(toks[c].word); c-- {
			if s.e.lex.selfNaming[toks[c].folded] {
				return id
			}
		}
	}
	if !s.aliasCued(k) {
		return nil
	}
	if s.e.lex.preferVerbs[toks[k-1].folded] && (!isAllUpper(s.word(i)) || !initialOfName(s.word(i), id.person.Name)) {
		return nil // "prefers Sujan Kafka" is no name
	}
	return id
}

// namedByStatement returns the known person a parenthesis right after
// toks[i] says toks[i] is the name of, in a statement about them: it opens
// with a personal pronoun, and a naming word stands before a mention of
// the person in it ("I gave Ada (she prefers it to Adaeze) the brief",
// "Krzysiek (he offered the short form; his team says Krzysiu)"). The
// statement names the person, so even a word or a technology's name
// ("Ada") is that person's here; one that mentions nobody known ("Kafka
// (she prefers it to RabbitMQ)") names nothing. Nil if none.
func (s *aliasScan) namedByStatement(i int) *identity {
	toks := s.toks
	w := s.word(i)
	if i+4 >= len(toks) || toks[i+1].word != "(" || toks[i+1].sent != toks[i].sent || !s.e.lex.personal[toks[i+2].folded] {
		return nil
	}
	f := fold(w)
	if !isCapitalized(w) || isAllUpper(w) || !isLetters(w) || len([]rune(w)) < 2 || s.e.lex.stopNames[f] || len(s.ro.words[f]) > 0 {
		return nil
	}
	naming := false
	for k := i + 3; k < len(toks) && k <= i+16 && toks[k].sent == toks[i].sent && toks[k].word != ")"; k++ {
		if s.e.lex.namingWords[toks[k].folded] {
			naming = true
			continue
		}
		if id := s.ro.lookup(toks, k); id != nil {
			// The name stands alone at the end of its clause, as a name
			// given is: "he prefers Maria's approach" or "she calls Maria
			// daily" tells of Maria, not of the word before.
			if n := k + 1; naming && n < len(toks) && toks[n].sent == toks[k].sent {
				switch toks[n].word {
				case ")", ";", ",":
					return id
				}
			}
			return nil
		}
	}
	return nil
}

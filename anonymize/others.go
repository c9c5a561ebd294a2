package anonymize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
)

// runScanner finds the capitalised runs of one text that no roster form
// explains and gathers the evidence decide weighs on each.
type runScanner struct {
	e    *Engine
	ent  *rules.Entity
	seg  *segmented
	toks []token
	ro   *roster
	// codeWords are the folded words of the text's code, read once.
	codeWords map[string]bool
	// readTech holds the tokens of the runs read as technologies so far,
	// for the runs a list joins to them (techScan.readBefore).
	readTech map[int]bool
	// techWords holds the folded single words read as technologies so
	// far in this text, whatever the evidence: the same word elsewhere in
	// the text is of the same kind (sameTextTools).
	techWords map[string]bool
}

// run is a capitalised run: title (a title before it, or first), its
// first and last words, and at, the word it was found at.
type run struct {
	title, first, at, last int
	// techSurname: the run is a given name and a surname that is also a
	// technical name ("Marieke Dijkstra"; see techSurname).
	techSurname bool
}

// otherPeople finds names outside the roster: runs of capitalised tokens
// the NER labels (PERSON, GPE, ORGANIZATION...), and capitalised names right
// after a cue or a title. Each run's reading (another person, a place, an
// organisation, or a word kept) is decided from all its evidence at once
// (decide): prose's labels alone are unreliable (it calls Benin a person and
// Google a place).
func (e *Engine) otherPeople(r *rules.Rule, seg *segmented, toks []token, ro *roster, mk func(a, b int, ref *personRef, prio int) span) []span {
	s := &runScanner{e: e, ent: r.Entity, seg: seg, toks: toks, ro: ro, readTech: map[int]bool{}, techWords: map[string]bool{}}
	var out []span
	for i := 0; i < len(toks); i++ {
		employed := e.employedAt(toks, i)
		if _, n := e.employers.match(toks, i); n > 0 && employed == 0 {
			i += n - 1 // a product of an employer's name ("with Google Cloud"): no person, no employer
			continue
		}
		if k, ok := s.knownAt(i); ok {
			sp := mk(i, i+k.n-1, nil, prioOther)
			sp.start += k.skip
			sp.repl, sp.background = k.repl, k.waits
			out = append(out, sp)
			if !k.waits {
				i += k.n - 1
				continue
			}
		}
		if parts := s.compoundPlaces(i); len(parts) > 0 {
			for _, pt := range parts {
				sp := mk(i, i, nil, prioOther)
				sp.start, sp.end, sp.repl = toks[i].start+pt[0], toks[i].start+pt[1], s.ent.Places
				out = append(out, sp)
			}
			continue
		}
		if s.lowerPlace(i) {
			sp := mk(i, i, nil, prioOther)
			sp.repl = s.ent.Places
			out = append(out, sp)
			continue
		}
		if s.lowerOrg(i) {
			sp := mk(i, i, nil, prioOther)
			sp.repl = s.ent.Organizations
			out = append(out, sp)
			continue
		}
		if s.lowerUnknown(toks[i]) && (s.speakerAt(i) || s.cuedAt(i)) { // a name in lower case
			out = append(out, mk(i, i, &personRef{other: toks[i].folded, parts: []string{toks[i].folded}}, prioOther))
			continue
		}
		if k := s.titledInitials(i); k >= 0 {
			f := toks[i].folded
			out = append(out, mk(k, i, &personRef{other: f, parts: []string{f}}, prioCued))
			continue
		}
		look, starts := s.startsRun(i, employed)
		if !starts {
			continue
		}
		rn, ev := s.examine(i, look)
		if sp, ok := s.decided(rn, ev, mk); ok {
			out = append(out, sp)
		}
		i = rn.last
	}
	out = s.sameTextTools(out)
	for k := range out {
		s.aroundParenthesis(&out[k])
	}
	return out
}

// sameTextTools drops the readings of a word as a place or a person that
// rest on the tagger's label alone (span.guess) where the same word is
// read as a technology elsewhere in the text: "why Nanite doesn't help
// with masked foliage ... converted the foliage to Nanite", "Salmon in
// mapping-based mode; knows why Kallisto and Salmon differ". One text
// names one thing by one word; the label is the weaker evidence.
func (s *runScanner) sameTextTools(out []span) []span {
	if len(s.techWords) == 0 {
		return out
	}
	kept := out[:0]
	for _, sp := range out {
		if sp.guess != "" && s.techWords[sp.guess] {
			continue
		}
		kept = append(kept, sp)
	}
	return kept
}

// aroundParenthesis widens another person's span that fills a parenthesis
// between two capitalised words to the whole name the three make: "Ting
// (Cristina) Abad" writes a given name or nickname, the name in the
// parenthesis, and the surname. The word after the parenthesis must be
// shaped as a surname (a name of the lexicons, or a capitalised word no
// lexicon knows: unknownSurname); the word before it must be capitalised
// and no technology, and an ordinary word there counts only inside a
// sentence, where its capital says it is a name ("Thanks (Cristina) Abad"
// opens one).
func (s *runScanner) aroundParenthesis(sp *span) {
	toks := s.toks
	if sp.person == nil || sp.person.known != nil || sp.start == 0 || s.seg.text[sp.start-1] != '(' {
		return
	}
	a, b := -1, -1
	for k := range toks {
		if toks[k].start == sp.start {
			a = k
		}
		if toks[k].end == sp.end {
			b = k
			break
		}
	}
	if a < 2 || b < 0 || b+2 >= len(toks) || toks[a-1].word != "(" || toks[b+1].word != ")" ||
		toks[a-2].sent != toks[a].sent || toks[b+2].sent != toks[b].sent {
		return
	}
	before, after := toks[a-2], toks[b+2]
	bf, af := before.folded, after.folded
	lex := s.e.lex
	if !isCapitalized(before.word) || isAllUpper(before.word) || !isLetters(before.word) || lex.isTech(before.word) ||
		s.e.allowWords[bf] || lex.stopNames[bf] || len(s.ro.words[bf]) > 0 || lex.isWord(bf) && !lex.namesSomeone(bf) && before.first {
		return
	}
	if len(s.ro.words[af]) > 0 || lex.stopNames[af] {
		return
	}
	if _, ok := s.e.unknownSurname(s.seg.text, after); !ok && !lex.namesSomeone(af) {
		return
	}
	if isAllUpper(after.word) || !isCapitalized(after.word) {
		return
	}
	sp.start, sp.end = before.start, after.end
	sp.capital = before.first
	sp.person.parts = append(append([]string{bf}, sp.person.parts...), af)
}

// decided turns the decision on the run rn into its span, if it replaces
// the run; a tool's reading is noted for the packet's vote (toolVotes).
func (s *runScanner) decided(rn run, ev evidence, mk func(a, b int, ref *personRef, prio int) span) (span, bool) {
	toks := s.toks
	switch decide(ev) {
	case readTech:
		for k := rn.first; k <= rn.last; k++ {
			s.readTech[k] = true
		}
		if rn.first == rn.last {
			s.techWords[toks[rn.first].folded] = true
		}
		// Only technical evidence votes across the packet; the
		// tagger's label explained away by a technical sentence is
		// no stronger than the label itself.
		if rn.first == rn.last && (ev.technical() || ev.bareIn) {
			s.seg.noteTool(toks[rn.first].folded)
		}
	case readPerson:
		var parts []string
		for k := rn.first; k <= rn.last; k++ {
			parts = append(parts, toks[k].folded)
		}
		prio := prioOther
		if ev.personCue {
			prio = prioCued
		}
		if rn.techSurname {
			prio = prioAllowWord // the surname's allow term yields, as to a known identity
		}
		weak := ev.single && ev.nameless && !ev.personCue && !ev.lexName && !ev.lexPlace && rn.first == rn.last
		sp := mk(rn.title, rn.last, &personRef{other: strings.Join(parts, " "), parts: parts, weak: weak}, prio)
		sp.end = s.initialAfter(rn.last, sp.end)
		sp.guess = labelGuess(rn, ev, toks)
		return sp, true
	case readPlace:
		sp := mk(rn.first, rn.last, nil, prioOther)
		sp.repl = s.ent.Places
		sp.guess = labelGuess(rn, ev, toks)
		return sp, true
	case readOrg:
		first := rn.first
		if ev.announcedOrg() {
			first = rn.at // an organisation its cue announces is the run as found
		}
		sp := mk(first, rn.last, nil, prioOther)
		sp.repl = s.ent.Organizations
		return sp, true
	}
	return span{}, false
}

// labelGuess returns the folded word of a one-word run read as a person
// or a place on the tagger's label alone: no cue of a person, a place or
// an organisation, and no name the lexicons know in a name's position.
// "" for any other run.
func labelGuess(rn run, ev evidence, toks []token) string {
	if rn.first != rn.last || rn.title != rn.first || ev.personCue || ev.placeCue || ev.orgCue || ev.employer || ev.companyWord || ev.lexName || ev.lexPlace {
		return ""
	}
	return toks[rn.first].folded
}

// titledInitials returns where the title starts of a person named by a
// title and initials alone ("with Dr. L.M. at the Broad", "Prof. K. said
// yes"), toks[i] holding the initials with their periods; -1 if it is
// none. Initials before a name are the name's run ("Prof. S. K.
// Mahadevan").
func (s *runScanner) titledInitials(i int) int {
	toks := s.toks
	if !initialsWithDots(toks[i].word) {
		return -1
	}
	if n := i + 1; n < len(toks) && toks[n].sent == toks[i].sent && isCapitalized(toks[n].word) && s.nameLike(n) {
		return -1
	}
	if k := titleBefore(s.ent, toks, i); k >= 0 {
		return k
	}
	// Initials of two letters or more that no abbreviation list knows
	// ("U.S.", "e.g." are known) stand for a person after a person's
	// noun and a comma ("an industry collaborator, J.M., whose name"),
	// after a person cue ("referred by J.M.") or signing a line ("— J.M.").
	if len(toks[i].word) < 4 || s.e.lex.abbreviations[strings.ToLower(strings.TrimSuffix(toks[i].word, "."))] {
		return -1
	}
	if s.e.cueBefore(s.ent, toks, i) || signedLine(toks, i) ||
		i >= 2 && toks[i-1].word == "," && toks[i-2].sent == toks[i].sent && s.e.lex.roleNouns[toks[i-2].folded] {
		return i
	}
	return -1
}

// speakerAt reports whether toks[i], a lowerUnknown word, is a name
// written in lower case as a chat-style note heads a line with its
// subject or speaker ("itzik - threat model", "bea: hire"): a given name
// or surname of the lexicons, first on its line, before a dash or a colon.
func (s *runScanner) speakerAt(i int) bool {
	t := s.toks[i]
	if !s.e.lex.isName(t.folded) || s.e.lex.toolNames[t.folded] {
		return false
	}
	lineStart := strings.LastIndexByte(s.seg.masked[:t.start], '\n') + 1
	if strings.TrimSpace(strings.TrimLeft(s.seg.masked[lineStart:t.start], " -*")) != "" {
		return false
	}
	rest := strings.TrimLeft(s.seg.masked[t.end:], " ")
	return strings.HasPrefix(rest, "- ") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "–")
}

// cuedAt reports whether toks[i], a lowerUnknown word (no English word,
// technology or name of the roster, three letters or more), is a name
// written in lower case after a person cue in a chat-style sentence
// ("great story abt his manager tevita wanting a dashboard").
func (s *runScanner) cuedAt(i int) bool {
	return !s.e.allowWords[s.toks[i].folded] && lowerCaseSentence(s.toks, i) && s.e.cueBefore(s.ent, s.toks, i)
}

// lowerCandidate reports whether t may be a name the roster does not hold,
// written in lower case or inside a brand's capitals: three letters or
// more, letters only, and no known person's word.
func (s *runScanner) lowerCandidate(t token) bool {
	return len(t.word) >= 3 && isLetters(t.word) && s.ro.words[t.folded] == nil
}

// lowerPlace reports whether toks[i] is a city of the places lexicon
// written in lower case after a place cue or "from" ("drives in from
// tacoma", "lives in pune"): the lexicon holds no English word, technology or given name.
func (s *runScanner) lowerPlace(i int) bool {
	t := s.toks[i]
	return s.e.lex.places[t.folded] && s.ent.Places != "" && i > 0 && t.word == strings.ToLower(t.word) && s.lowerCandidate(t) && !s.e.lex.isWord(t.folded) &&
		!s.e.lex.isTech(t.word) && !s.e.allowWords[t.folded] && (s.e.cueBeforeList(s.ent.PlaceCues, s.toks, i) || s.toks[i-1].folded == "from")
}

// compoundPlaces returns the byte ranges, within toks[i], of the places
// of the places lexicon that a compound joined by hyphens or dashes holds:
// "Nairobi-based", "remote-from-Norway", "a Santiago–Lima route". The
// tokenizer keeps such a compound one word, which no lexicon knows whole.
// A part counts only written capitalised and where the lexicon's reading
// is the only one: no English word, technology, allow term or known
// person's word, and not before an eponym noun ("Manhattan-distance") or
// a capitalised word that is no place, which makes a product's name
// ("Jakarta-EE", "Dublin-Core"), nor after a capitalised word that is no
// place, which pairs two names into an idea ("Mann-Whitney"); an acronym
// before it is a school's campus ("UH–Hawaii", "UW-Madison").
// A compound the lexicon knows whole ("Winston-Salem") is one place.
func (s *runScanner) compoundPlaces(i int) [][2]int {
	t := s.toks[i]
	if s.ent.Places == "" || !strings.ContainsAny(t.word, "-\u2013\u2014") || s.e.lex.isTech(t.word) || s.e.allowWords[t.folded] {
		return nil
	}
	lex := s.e.lex
	place := func(w string) bool {
		f := fold(w)
		return len(w) >= 3 && isCapitalized(w) && isLetters(w) && lex.places[f] && !lex.isWord(f) && !lex.isTech(w) &&
			!s.e.allowWords[f] && s.ro.words[f] == nil
	}
	if place(t.word) {
		return [][2]int{{0, len(t.word)}}
	}
	var out [][2]int
	parts := strings.FieldsFunc(t.word, func(r rune) bool { return r == '-' || r == '\u2013' || r == '\u2014' })
	at := 0
	for k, p := range parts {
		a := at + strings.Index(t.word[at:], p)
		at = a + len(p)
		if !place(p) || k+1 < len(parts) && (lex.eponymNouns[fold(parts[k+1])] || isCapitalized(parts[k+1]) && !place(parts[k+1])) ||
			k > 0 && isCapitalized(parts[k-1]) && !place(parts[k-1]) && !isAllUpper(parts[k-1]) {
			continue
		}
		out = append(out, [2]int{a, at})
	}
	return out
}

// lowerUnknown reports whether t is a lowerCandidate written all in lower
// case that no lexicon knows as an English word or a technology.
func (s *runScanner) lowerUnknown(t token) bool {
	return s.lowerCandidate(t) && t.word == strings.ToLower(t.word) && !s.e.lex.isWord(t.folded) && !s.e.lex.isTech(t.word)
}

// lowerOrg reports whether toks[i] is an organisation's name that opens in
// lower case, after an organisation cue: a brand written with a capital
// inside ("internship at mPharma", "ex-eBay" aside), or, in a chat-style
// sentence, a word that is no English word, technology or known name
// ("two years at quillfeather").
func (s *runScanner) lowerOrg(i int) bool {
	t := s.toks[i]
	w := t.word
	if s.ent.Organizations == "" || !s.lowerCandidate(t) || isCapitalized(w) || s.e.allowWords[t.folded] ||
		i == 0 || !s.e.cueBeforeList(s.ent.OrganizationCues, s.toks, i) || s.atNamesNoEmployer(i) {
		return false
	}
	if s.tenureBefore(i) && (s.e.lex.isTech(w) || !s.e.lex.isWord(t.folded)) {
		return true // "4 yrs at xero", "worked at shopify (remote)": a job, in any sentence
	}
	if s.e.lex.isTech(w) {
		return false // "good at sql"
	}
	if innerCapital(w) {
		return true
	}
	return w == strings.ToLower(w) && !s.e.lex.isWord(t.folded) && lowerCaseSentence(s.toks, i)
}

// tenureBefore reports whether "at" before toks[i] follows a job's words
// ("4 yrs at xero", "worked at shopify", "internship at stripe"): then the
// word after it is an employer even where it also names a technology.
func (s *runScanner) tenureBefore(i int) bool {
	if i < 2 || s.toks[i-1].folded != "at" || s.toks[i-2].sent != s.toks[i].sent {
		return false
	}
	// "]" ends the placeholder of a redacted stay ("[years] at xero").
	return s.e.lex.tenureWords[s.toks[i-2].folded] || s.toks[i-2].folded == "]"
}

// firstLook is what startsRun reads at a run's first word, kept for
// examine so that no cue is looked up twice.
type firstLook struct {
	employed, companyEnd       int // words of a listed employer after a cue; the company word's index, or -1
	personCue, orgCue, lexName bool
}

// startsRun reports whether toks[i] may start a run worth deciding: a
// name-like word (or an employer) that the tagger labels, or a cue, a
// company word or the lexicons announce. employed is employedAt(toks, i).
func (s *runScanner) startsRun(i, employed int) (firstLook, bool) {
	if !(s.nameLike(i) || employed > 0 || s.capitalsAfterOrgCue(i)) || s.openingCue(i) {
		return firstLook{}, false
	}
	l := firstLook{employed: employed, companyEnd: s.companyWordEnd(i), personCue: s.personCued(i), lexName: s.lexName(i)}
	l.orgCue = s.orgCued(i, employed > 0, l.companyEnd)
	return l, s.proper(i) || l.personCue || l.companyEnd >= 0 || l.orgCue || l.lexName
}

// openingCue reports whether toks[i] opens its sentence as an organisation
// cue of one word before a capitalised word ("Left Papara after four
// years", "Joined Kavakly in 2021"): the capital is the sentence's, the
// word is the cue, and the run starts after it, where the cue announces
// it. A word the lexicons know as a given name is left to the run.
func (s *runScanner) openingCue(i int) bool {
	t := s.toks[i]
	if !t.first || i+1 >= len(s.toks) || s.toks[i+1].sent != t.sent || !isCapitalized(s.toks[i+1].word) || s.e.lex.given[t.folded] {
		return false
	}
	return containsFold(s.ent.OrganizationCues, t.folded)
}

// examine extends the run found at toks[i] and gathers its evidence.
func (s *runScanner) examine(i int, l firstLook) (run, evidence) {
	toks := s.toks
	ev := evidence{
		personCue:      l.personCue,
		employer:       l.employed > 0,
		lexName:        l.lexName,
		orgCue:         l.orgCue,
		opensSentence:  toks[i].first,
		camelCase:      camelCase(toks[i].word),
		codeCased:      codeCased(toks[i].word),
		letterTerm:     letterTerm(toks[i].word),
		productHead:    nextIsCapitalizedNonPerson(toks, i, s.label),
		orgsReplaced:   s.ent.Organizations != "",
		placesReplaced: s.ent.Places != "",
	}
	orgEnd := l.companyEnd
	ev.companyWord = orgEnd >= 0
	ev.companyCued = ev.companyWord && !toks[i].first && s.e.cueBeforeList(s.ent.OrganizationCues, toks, i)
	ev.placeCueFirst = s.e.cueBeforeList(s.ent.PlaceCues, toks, i)

	last := s.extendForward(i, ev.personCue, ev.orgCue, ev.lexName)
	if orgEnd > last {
		last = orgEnd
	}
	if ev.employer {
		last = i + l.employed - 1 // the employer's words, no more
	}
	ev.single = last == i
	ev.techFirst = s.techContext(i, last)
	rn := run{first: s.extendBack(i), at: i, last: last}
	rn.title = rn.first
	if k := titleBefore(s.ent, toks, rn.first); k >= 0 {
		rn.title = k
	} else if k := s.nameAbbreviationBefore(rn.first); k >= 0 {
		rn.title = k
	}
	// "Marieke Dijkstra": a surname that is also a technical name is no
	// technical evidence beside a given name.
	rn.techSurname = last == i+1 && s.techSurname(i, last)
	ev.tech = !rn.techSurname && (s.techContext(rn.first, last) || s.e.techRun(toks, rn.first, last))
	ev.placeCue = s.e.cueBeforeList(s.ent.PlaceCues, toks, rn.first)
	ev.bareIn = ev.placeCue && s.bareInBefore(rn.first)
	ev.ordinary = s.ordinary(rn.first, last)
	ev.techWord = rn.first == last && !toks[last].first && isCapitalized(toks[last].word) && !isAllUpper(toks[last].word) &&
		s.e.lex.techWords[toks[last].folded]
	ev.eponym = s.eponym(rn.first, last)
	ev.inCode = s.inCode(rn.first, last)
	ev.versioned = versionAfter(toks, last, s.e.techRun(toks, rn.first, last))
	ev.productName = s.productName(rn.first, last)
	// Not after "via" (a referral comes via a person), nor before "'s"
	// ("used Tracy's approach": the owner of a thing used).
	ev.usedAsTool = ev.single && s.usedAsProduct(rn.first) && toks[rn.first-1].folded != "via" &&
		!(rn.first+1 < len(toks) && toks[rn.first+1].tag == "POS")
	ev.titleField = s.titleField(rn.first, last)
	ev.subject = s.subjectOfVerb(rn.first, last)
	ev.techSentence = s.technicalSentence(rn.first, last) && !ev.subject
	ev.toolName = ev.techSentence && s.toolName(rn.first, last)
	ev.techNear = ev.techSentence && s.technicalNear(rn.first, last)
	ev.namedAdjective = ev.single && namedAdjective(toks[last].folded)
	ev.hyphenAdjective = ev.single && s.e.lex.hyphenAdjective(toks[last].word)
	ev.nameless = true
	for k := rn.first; k <= last; k++ {
		ev.lexPlace = ev.lexPlace || s.e.lex.places[toks[k].folded]
		ev.nameless = ev.nameless && !s.e.lex.namesSomeone(toks[k].folded) && s.ro.lookup(toks, k) == nil
		switch s.label(toks[k]) {
		case "PERSON":
			ev.personLabel = true
		case "GPE", "LOCATION", "GSP":
			ev.placeLabel = true
		}
	}
	return rn, ev
}

// titleField reports whether the run toks[a..b] is a job title or its
// field: ordinary English words right before a capitalised role noun
// ("Senior Tools Engineer", "L5 Security Eng"), or ending in one ("Senior
// Build Eng"), or right after one and a comma ("Senior Manager,
// Application Security"). A name is no ordinary word.
func (s *runScanner) titleField(a, b int) bool {
	role := func(k int) bool {
		return k >= 0 && k < len(s.toks) && s.toks[k].sent == s.toks[a].sent && isCapitalized(s.toks[k].word) &&
			s.e.lex.roleNouns[s.toks[k].folded]
	}
	end := b
	if b > a && role(b) {
		end = b - 1
	} else if !role(b+1) && !(a >= 2 && s.toks[a-1].word == "," && role(a-2)) {
		return false
	}
	for k := a; k <= end; k++ {
		if f := s.toks[k].folded; !s.e.lex.isWord(f) || s.e.lex.isName(f) {
			return false
		}
	}
	return true
}

// bareInBefore reports whether a bare "in" stands before toks[a], after a
// verb or an adverb: no longer place cue ends there ("lives in", "based
// in", "moved back in") and no word of living or moving stands before it.
func (s *runScanner) bareInBefore(a int) bool {
	toks := s.toks
	if a < 1 || toks[a-1].folded != "in" || toks[a-1].sent != toks[a].sent {
		return false
	}
	if a < 2 || toks[a-2].sent != toks[a].sent {
		return true
	}
	// After a noun of where people live and work, or of people, "in"
	// places it ("a BPO in Ortigas", "an office in Leeds", "engineers in
	// Lagos"); after a verb, an adverb or another noun it may take a tool
	// ("prototyped in Bevy", "upstream in Alertmanager", "state in
	// Pinia"), and so it may after a verb's object "it" ("loaded it in
	// Ghidra", "rewrote it in Zig"): people and their homes are no "it";
	// or after a reflexive pronoun that says who did the work ("wrote the
	// SQL herself in Mode").
	if p := toks[a-2].tag; strings.HasPrefix(p, "NN") && s.whereSomeoneIs(toks[a-2]) ||
		!strings.HasPrefix(p, "NN") && !strings.HasPrefix(p, "VB") && !strings.HasPrefix(p, "RB") && toks[a-2].folded != "it" &&
			!reflexives[toks[a-2].folded] {
		return false
	}
	for _, c := range s.ent.PlaceCues {
		if ws := strings.Fields(c); len(ws) > 1 && ws[len(ws)-1] == "in" && toks[a-2].folded == ws[len(ws)-2] {
			return false
		}
	}
	switch toks[a-2].folded {
	case "lives", "live", "living", "lived", "based", "born", "raised", "up", "grew", "moved", "moving", "relocated", "settled", "stays", "stayed", "home", "family", "parents", "back", "there", "here", "school", "studied", "study", "university", "college", "work", "worked", "working", "job", "office":
		return false
	}
	return true
}

// reflexives are the reflexive pronouns, which after a verb's work say who
// did it ("ran it themselves in Mode").
var reflexives = map[string]bool{"myself": true, "yourself": true, "himself": true, "herself": true, "itself": true,
	"ourselves": true, "yourselves": true, "themselves": true, "themself": true}

// whereSomeoneIs reports whether a noun before "in" names where people
// live or work, or people themselves: a noun of the place-nouns lexicon
// ("office", "startup"), a person noun ("engineers"), or an
// organisation's name or short form ("a BPO in Ortigas"). An acronym of
// the technology lexicon names a thing, and "in" after it takes a tool
// ("a packed DLL in Ghidra", "the JSON in Postman").
func (s *runScanner) whereSomeoneIs(t token) bool {
	if isAllUpper(t.word) && s.e.lex.isTech(t.word) {
		return false
	}
	return s.e.lex.placeNouns[t.folded] || s.e.lex.personNouns[t.folded] || isAllUpper(t.word) ||
		isCapitalized(t.word) && !t.first
}

// toolName reports whether the run toks[a..b] ends in a word of the
// tool-names lexicon, its other words (if any) are technical names or
// organisations' names ("Microsoft Orleans"), and it does not stand as a
// person does (before a verb or a modal, or "'s" and a person noun).
func (s *runScanner) toolName(a, b int) bool {
	toks := s.toks
	if !s.e.lex.toolNames[rules.NormalizeTech(toks[b].word)] {
		return false
	}
	for k := a; k < b; k++ {
		if !s.e.allowWords[toks[k].folded] && !s.e.lex.isTech(toks[k].word) && !s.e.lex.vendors[toks[k].folded] && len(s.e.employers.byFirst[toks[k].folded]) == 0 {
			return false
		}
	}
	if n := b + 1; n < len(toks) && toks[n].sent == toks[b].sent {
		switch toks[n].tag {
		case "VBD", "VBZ", "VBP", "MD":
			return false
		case "POS":
			if n+1 < len(toks) && s.e.lex.personNouns[strings.ToLower(toks[n+1].word)] {
				return false
			}
		}
	}
	return true
}

// codeCased reports whether w has three capitals or more and is not all
// capitals ("HyperLogLog", "GraphQL"): code's casing, never a name's.
func codeCased(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 3 && !isAllUpper(w) && camelCase(w)
}

// letterTerm reports whether w is one capital letter joined by a hyphen
// to a word in lower case ("T-learner", "X-learner", "K-means", "B-tree"):
// a term named by a letter. A name joins capitalised parts ("Jean-Luc"),
// and initials stand alone ("J-P").
func letterTerm(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || !strings.HasPrefix(w[size:], "-") {
		return false
	}
	rest := w[size+1:]
	return utf8.RuneCountInString(rest) >= 2 && strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLower(r) }) < 0
}

// bigO reports whether a token opens a complexity written as one word
// ("O(n^1.585", "Θ(n)").
func bigO(w string) bool {
	for _, p := range []string{"O(", "Θ(", "Ω("} {
		if strings.HasPrefix(w, p) && len(w) > len(p) {
			return true
		}
	}
	return false
}

// subjectOfVerb reports whether the run toks[a..b] is the subject of a
// verb, right before it or, in apposition, before a comma and the verb, as
// where a sentence names a person it has just described ("my PM at
// [organization], Chioma, wanted ..."): no tool's place. Items of a list
// ("state, Jacobians, process noise") are not, nor a verb's object before
// a clause with its subject left out ("knew Bonferroni, said it is too
// conservative").
func (s *runScanner) subjectOfVerb(a, b int) bool {
	toks := s.toks
	verbAt := func(k int) bool {
		if k >= len(toks) || toks[k].sent != toks[b].sent {
			return false
		}
		switch toks[k].tag {
		case "VBD", "VBZ", "VBP", "MD":
			return true
		}
		return false
	}
	n := b + 1
	apposition := a > 0 && toks[a-1].sent == toks[a].sent && toks[a-1].word == ","
	return verbAt(n) || apposition && n < len(toks) && toks[n].sent == toks[b].sent && toks[n].word == "," && verbAt(n+1)
}

// technicalSentence reports whether the sentence of toks[a..b] holds,
// outside the run, a technical word: an allowed term, a technology of the
// lexicon, a CamelCase or code-shaped word, an acronym, a word of the
// tech-neighbours lexicon, a complexity ("O(n^1.585)"), or code.
func (s *runScanner) technicalSentence(a, b int) bool {
	return besideRun(s.toks, a, b, s.technicalWord)
}

// besideRun reports whether is holds for a token of toks[a..b]'s sentence
// outside the run (is takes the token's index).
func besideRun(toks []token, a, b int, is func(k int) bool) bool {
	sent := toks[a].sent
	for k := a - 1; k >= 0 && toks[k].sent == sent; k-- {
		if is(k) {
			return true
		}
	}
	for k := b + 1; k < len(toks) && toks[k].sent == sent; k++ {
		if is(k) {
			return true
		}
	}
	return false
}

// versionedName reports whether a word is a technical name written with
// its version or sign ("C++17", "ARM64", "C#", "Python3"): a capital, then
// letters joined to digits or to "++"/"#", never a person's or a place's
// name.
func versionedName(w string) bool {
	if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
		return false
	}
	if strings.Contains(w, "++") || strings.HasSuffix(w, "#") && len(w) <= 3 {
		return true
	}
	return lettersWithDigits(w, ".-")
}

// namedAdjective reports whether a folded word ends as the adjectives made
// from names do ("jacobian", "hamiltonian", "euclidean"), long enough to be
// one.
func namedAdjective(f string) bool {
	return len(f) > 6 && (strings.HasSuffix(f, "ian") || strings.HasSuffix(f, "ean"))
}

// nearWords is how far from a run technicalNear looks: a clause's reach,
// not a long sentence's ("25 years in the industry: Infosys, then 11 years
// at Zoho running their on-prem DCs" names an employer, not a tool).
const nearWords = 6

// technicalNear reports whether a technical word stands within nearWords
// words of the run toks[a..b], in its sentence.
func (s *runScanner) technicalNear(a, b int) bool {
	return besideRun(s.toks, a, b, func(k int) bool { return k >= a-nearWords && k <= b+nearWords && s.technicalWord(k) })
}

func (s *runScanner) technicalWord(k int) bool {
	t := s.toks[k]
	w := t.word
	if bigO(w) || (w == "O" || w == "Θ" || w == "Ω") && k+1 < len(s.toks) && s.toks[k+1].word == "(" && s.toks[k+1].start == t.end {
		return true // a complexity: "O(n log n)", "O(n^1.585)"
	}
	if s.seg.code[t.start] || identifierShaped(w) || versionedName(w) || s.e.lex.techNeighbours[t.folded] {
		return true
	}
	if !isLetters(w) {
		// Words the tokenizer keeps joined by a slash ("WPO/masked",
		// "MPI_Isend/MPI_Irecv") are technical where one of them is.
		if strings.Contains(w, "/") {
			for _, p := range strings.Split(w, "/") {
				if identifierShaped(p) || versionedName(p) || isLetters(p) && s.technicalName(p) {
					return true
				}
			}
		}
		return false
	}
	if isCapitalized(w) && !isAllUpper(w) && !t.first && s.e.lex.eponyms[t.folded] && s.e.eponym(s.toks, k, k) {
		return true // an idea named after its finder: "the Hoare partition scheme"
	}
	return s.technicalName(w)
}

// technicalName reports whether a word of letters is technical by itself:
// an allowed term, a technology of the lexicon or a CamelCase name,
// capitalised, or an acronym of two to six capitals that is no stop name.
func (s *runScanner) technicalName(w string) bool {
	f := fold(w)
	return isCapitalized(w) && (s.e.allowWords[f] || s.e.lex.isTech(w) || innerCapital(w)) ||
		len(w) >= 2 && len(w) <= 6 && isAllUpper(w) && !s.e.lex.stopNames[f]
}

// extendForward returns the last word of the run starting at toks[i]:
// name particles with the name after them ("Ana de la Cruz"), labelled or
// cued name-like words, and unknown words after a person ("Ewa
// Kowalczyk" with only Ewa labelled); three words at most.
func (s *runScanner) extendForward(i int, personCue, orgCue, lexName bool) int {
	toks := s.toks
	b := i
	for b-i < 3 {
		if k := s.particlesTo(b); k >= 0 && !orgCue {
			b = k
			continue
		}
		n := b + 1
		if n < len(toks) && toks[n].sent == toks[i].sent && onlySpaceBetween(s.seg.text, toks[b], toks[n]) &&
			(s.nameLike(n) && (s.label(toks[n]) != "" || personCue || orgCue) || s.unknown(n) && (s.label(toks[b]) == "PERSON" || lexName) ||
				b == i && (s.techSurname(i, n) || lexName && s.wordSurname(i, n))) {
			b = n
			continue
		}
		break
	}
	return b
}

// wordSurname reports whether toks[n], a capitalised English word, is the
// surname of the given name toks[i] the lexicons know inside a sentence
// ("met Klaus Weber", "Anna Baker said"): a sentence capitalises no word
// there, so a second capital after a name is more of it. A technology, a
// role noun, a month or weekday, a product's noun, a place's noun and a
// word before a noun ("Larissa Payments team") are no surname.
func (s *runScanner) wordSurname(i, n int) bool {
	t := s.toks[n]
	lex := s.e.lex
	if s.toks[i].first || !s.nameLike(n) || !lex.isWord(t.folded) || lex.isTech(t.word) || lex.toolNames[t.folded] ||
		lex.roleNouns[t.folded] || lex.calendarWords[t.folded] || lex.productNouns[t.folded] || lex.placeNouns[t.folded] ||
		s.nounAfter(n) || s.techContext(i, n) {
		return false
	}
	return true
}

// techSurname reports whether toks[n], a technical name of an allow list
// or the lexicon, is the surname of the given name toks[i] before it
// ("Marieke Dijkstra, who ..."): a given name of the lexicons (or one the
// tagger calls a person that is no word and no place), not opening
// its sentence ("Knows SwiftUI" is no name), and no technical reading after
// it (an eponym noun, a possessive, another capitalised word: "Ana Kafka
// Streams").
func (s *runScanner) techSurname(i, n int) bool {
	toks := s.toks
	w := toks[n].word
	if !isCapitalized(w) || isAllUpper(w) || innerCapital(w) || !isLetters(w) || !(s.e.allowWords[toks[n].folded] || s.e.lex.isTech(w)) {
		return false
	}
	f := toks[i].folded
	given := s.e.lex.given[f] || s.label(toks[i]) == "PERSON" && !s.e.lex.isWord(f) && !s.e.lex.places[f]
	if !given || s.e.allowWords[f] || s.e.lex.isTech(toks[i].word) || toks[i].first {
		return false
	}
	if k := n + 1; k < len(toks) && toks[k].sent == toks[n].sent {
		next := toks[k]
		if next.word == "'s" || next.word == "’s" || isCapitalized(next.word) || s.e.lex.eponymNouns[next.folded] || s.nounAfter(n) {
			return false
		}
	}
	return true
}

// extendBack returns the first word of a run whose word toks[i] the NER
// labelled: it often labels only the last word of a name, so up to two
// capitalised proper nouns right before it join ("Eitan Shafir").
func (s *runScanner) extendBack(i int) int {
	toks := s.toks
	a := i
	for a-1 >= 0 && toks[a-1].sent == toks[i].sent && s.nameLike(a-1) && !toks[a-1].first && i-a < 2 &&
		onlySpaceBetween(s.seg.text, toks[a-1], toks[a]) && (toks[a-1].tag == "NNP" || toks[a-1].tag == "NNPS") {
		a--
	}
	return a
}

// label returns the entity label the rule reads on a token ("PERSON"), or "".
func (s *runScanner) label(t token) string {
	if i := strings.IndexByte(t.ner, '-'); i >= 0 && contains(s.ent.Labels, t.ner[i+1:]) {
		return t.ner[i+1:]
	}
	return ""
}

func (s *runScanner) nameLike(k int) bool { return s.e.nameLike(s.toks[k].word, s.ro) }

// proper reports whether the tagger labels toks[k] as a proper noun (or an
// adjective it labels as a place or organisation: "Nigerian").
func (s *runScanner) proper(k int) bool {
	t := s.toks[k]
	return s.label(t) != "" && (t.tag == "NNP" || t.tag == "NNPS" || t.tag == "JJ" && s.label(t) != "PERSON")
}

// personCued reports whether a title, a person cue or an owner cue
// announces a person at toks[i].
func (s *runScanner) personCued(i int) bool {
	return s.titledName(i) || s.chatHeader(i) || s.e.cueBefore(s.ent, s.toks, i) || s.roleInParentheses(i) || s.listedPanelist(i) ||
		s.quotedAfterRole(i) || s.namedAfterRole(i) || s.namedInParentheses(i) || s.givenWithInitial(i) ||
		ownerAfter(s.ent, s.toks, i, func(t token) bool { return s.e.nameLike(t.word, s.ro) })
}

// quotedAfterRole reports whether toks[i] is a name in quotation marks set
// off by a comma after a noun of a person's role: 'a designer, "Nok",
// kept...'. Quotation marks there give what someone is called, a nickname
// most often, which no lexicon knows.
func (s *runScanner) quotedAfterRole(i int) bool {
	toks := s.toks
	open, close := s.pastQuotes(i-1, -1, i), s.pastQuotes(i+1, 1, i)
	if open == i-1 || close == i+1 || open < 1 || toks[open].word != "," || toks[open-1].sent != toks[i].sent {
		return false
	}
	role := toks[open-1].folded
	return s.e.lex.roleNouns[role] || contains(s.ent.Cues, role)
}

// namedAfterRole reports whether toks[i] is a word no lexicon knows,
// written as a name right after a role written in lower case, or after
// the role and a comma: "conflict with product owner Aistė", "a designer,
// Aistė, on the forms". Such a word there is what the role's holder is
// called; a word a lexicon knows (a tool, a place, an English word) is
// left to the other evidence ("the engineer Python hires").
func (s *runScanner) namedAfterRole(i int) bool {
	toks := s.toks
	t := toks[i]
	if i < 1 || !isCapitalized(t.word) || !isLetters(t.word) || isAllUpper(t.word) || toks[i-1].sent != t.sent {
		return false
	}
	if s.e.lex.isTech(t.word) || s.e.lex.techWords[t.folded] || s.e.lex.isWord(t.folded) || s.e.lex.places[t.folded] ||
		s.e.allowWords[t.folded] {
		return false
	}
	k := i - 1
	if toks[k].word == "," && k > 0 && toks[k-1].sent == t.sent {
		k--
	}
	role := toks[k]
	return role.word == role.folded && (s.e.lex.roleNouns[role.folded] || contains(s.ent.Cues, role.folded) && !s.e.cueActsOtherwise(toks, k+1))
}

// namedInParentheses reports whether toks[i], inside its sentence, is
// followed by a parenthesis with a naming word and then "for" and a
// personal pronoun in it: '"Sticks" (his nickname for her)'. A name someone has for another
// person is that other person's; a name with no "for" ("Ploy (her
// nickname)") is its owner's own, a known person's other name
// (aliases.go).
func (s *runScanner) namedInParentheses(i int) bool {
	toks := s.toks
	if toks[i].first || i > 0 && toks[i-1].sent != toks[i].sent {
		return false
	}
	k := s.pastQuotes(i+1, 1, i)
	if k >= len(toks) || toks[k].word != "(" || toks[k].sent != toks[i].sent {
		return false
	}
	if p := s.pastQuotes(i-1, -1, i); p >= 0 && (toks[p].word == ":" || toks[p].word == "-" || toks[p].word == "—") {
		return false // a line's heading or a list item: the alias rule's
	}
	naming := false
	for n := k + 1; n < len(toks) && n <= k+6 && toks[n].sent == toks[i].sent && toks[n].word != ")"; n++ {
		if s.e.lex.namingWords[toks[n].folded] {
			naming = true
		} else if naming && toks[n].folded == "for" && n+1 < len(toks) {
			switch toks[n+1].folded {
			case "him", "her", "them", "me", "us":
				return true // a name for a person, not "their name for the JS engine"
			}
		}
	}
	return false
}

// pastQuotes returns the first token from toks[k], stepping by step, that
// is no quotation mark of toks[i]'s sentence.
func (s *runScanner) pastQuotes(k, step, i int) int {
	for k >= 0 && k < len(s.toks) && isQuote(s.toks[k].word) && s.toks[k].sent == s.toks[i].sent {
		k += step
	}
	return k
}

// givenWithInitial reports whether toks[i], a given name the lexicons
// know, is followed by a surname's initial and its period ("Tom B.",
// "Jordi P."): a person, even where the name also names a technology.
// "Plan B." has no given name.
func (s *runScanner) givenWithInitial(i int) bool {
	toks := s.toks
	n := i + 1
	if n+1 >= len(toks) || toks[n].sent != toks[i].sent || !onlySpaceBetween(s.seg.text, toks[i], toks[n]) {
		return false
	}
	initial := toks[n].word == strings.TrimSuffix(toks[n].word, ".")+"." && initialWord(toks[n].word) ||
		initialWord(toks[n].word) && len(toks[n].word) == 1 && toks[n+1].word == "." && toks[n+1].start == toks[n].end
	f := toks[i].folded
	return initial && (s.e.lex.given[f] || s.e.lex.knownGiven(f))
}

// initialAfter returns where a person's mention ending at toks[last]
// (byte end) ends once a surname's initial after it joins it ("Jordi P.,
// wanted"): the initial, and its period unless the period also ends the
// sentence.
func (s *runScanner) initialAfter(last, end int) int {
	toks, text := s.toks, s.seg.text
	if initialWord(toks[last].word) && end < len(text) && text[end] == '.' && continuesSentence(text, end+1) {
		// "Tom B. agreed": the initial's full stop ends no sentence and
		// goes with it ("Person A agreed", not "Person A. agreed").
		return end + 1
	}
	n := last + 1
	if n >= len(toks) || toks[n].sent != toks[last].sent || !initialWord(toks[n].word) || !onlySpaceBetween(text, toks[last], toks[n]) {
		return end
	}
	end = toks[n].start + 1
	if dot := end; dot+1 < len(text) && text[dot] == '.' && (text[dot+1] == ',' || text[dot+1] == ')' || text[dot+1] == ' ' && dot+2 < len(text) && text[dot+2] == '(' ||
		continuesSentence(text, dot+1)) {
		end = dot + 1
	}
	return end
}

// panelLabels open a line that lists people: "Panel: Dana (coding), Femi
// (system design)", "Attendees: ...", "cc: ...".
var panelLabels = map[string]bool{"panel": true, "panelists": true, "panellists": true, "attendees": true, "present": true,
	"interviewers": true, "participants": true, "cc": true, "loop": true, "debrief": true, "invitees": true}

// listedPanelist reports whether toks[i] is an item of a list of people
// that a panel label opens ("Panel: Interviewer A (coding), Femi (system
// design), and Jo"): it follows the label's colon, a comma or "and" in
// that list, and is no technical name.
func (s *runScanner) listedPanelist(i int) bool {
	toks := s.toks
	if i == 0 || toks[i].first || s.e.lex.isTech(toks[i].word) || s.e.allowWords[toks[i].folded] {
		return false
	}
	switch toks[i-1].word {
	case ":", ",", "and", "&", ";":
	default:
		return false
	}
	depth := 0
	for k := i - 1; k >= 0 && toks[k].sent == toks[i].sent; k-- {
		switch toks[k].word {
		case ")":
			depth++
		case "(":
			depth--
		case ":":
			if depth == 0 {
				return k > 0 && toks[k-1].sent == toks[i].sent && panelLabels[toks[k-1].folded] && (toks[k-1].first || k-1 > 0 && toks[k-2].first && isMarkup(toks[k-2].word))
			}
		}
	}
	return false
}

// isMarkup reports whether w is a list marker or emphasis before a label
// ("- Panel:", "**Panel:**").
func isMarkup(w string) bool { return strings.Trim(w, "-*#>•_") == "" }

// roleInParentheses reports whether a parenthesis right after toks[i]
// gives its role towards someone ("Girard (his manager at Ubisoft, 6
// years)", "Wu (their mentor)"): a possessive and a person cue or an owner
// cue noun.
func (s *runScanner) roleInParentheses(i int) bool {
	toks := s.toks
	if i+3 >= len(toks) || toks[i+1].word != "(" || toks[i+3].sent != toks[i].sent {
		return false
	}
	switch toks[i+2].folded {
	case "his", "her", "their", "my", "our":
	default:
		return false
	}
	role := toks[i+3].folded
	return contains(s.ent.Cues, role) || contains(s.ent.OwnerCues, role)
}

// orgCued reports whether an organisation cue announces an organisation
// at toks[i]: an employer of the list, or a plain capitalised word (not a
// CamelCase product, not a run with a company word) after the cue.
func (s *runScanner) orgCued(i int, employer bool, companyEnd int) bool {
	w := s.toks[i].word
	return employer || companyEnd < 0 && !s.toks[i].first && s.e.cueBeforeList(s.ent.OrganizationCues, s.toks, i) &&
		(!camelCase(w) || isAllUpper(w)) && !s.atNamesNoEmployer(i)
}

func (s *runScanner) companyWordEnd(i int) int {
	return orgSuffixEnd(s.ent, s.toks, i, func(t token) bool { return s.e.nameLike(t.word, s.ro) }, s.seg.text)
}

// nounAfter reports whether a common noun follows toks[k], which makes a
// name an eponym or a product ("a Monte Carlo pricer", "the Pratt
// parser"); people are followed by verbs, and by the person nouns ("Ewa's
// team", "Ewa yesterday").
func (s *runScanner) nounAfter(k int) bool { return s.e.nounAfter(s.toks, k) }

func (e *Engine) nounAfter(toks []token, k int) bool {
	n := k + 1
	if n >= len(toks) || toks[n].sent != toks[k].sent || isCapitalized(toks[n].word) {
		return false
	}
	w := strings.ToLower(toks[n].word)
	return (toks[n].tag == "NN" || toks[n].tag == "NNS") && !e.lex.personNouns[w] && !e.lex.placeNouns[w] && !e.lex.particles[w]
}

// unknown reports whether toks[k] is a capitalised word no lexicon explains
// as an English word or a technology. Right after a name it is more of the
// name, and a run of two of them is a name the tagger does not know
// ("Oyelaran Adebayo-Smith").
func (s *runScanner) unknown(k int) bool {
	t := s.toks[k]
	if !s.nameLike(k) {
		// A double-barrelled name ("Adebayo-Smith") is one token.
		parts := strings.Split(t.word, "-")
		if len(parts) < 2 {
			return false
		}
		for _, p := range parts {
			if !s.e.nameLike(p, s.ro) {
				return false
			}
		}
		return !s.e.lex.isTech(t.word)
	}
	return !s.e.lex.isWord(t.folded) && !s.e.lex.isTech(t.word)
}

// lexName reports whether toks[k] is a person's name by the lexicons
// where the tagger may miss it: a given name or surname not opening a
// sentence and not followed by a common noun; opening one, the subject of
// a verb or the first of a list of names; or the first of two unknown
// capitalised words.
func (s *runScanner) lexName(k int) bool {
	toks, lex := s.toks, s.e.lex
	t := toks[k]
	if t.first && s.givenWord(k) && s.namesSubject(k) {
		return true // "Jay modelled the reservations": a bare noun opens no sentence as a subject
	}
	if !s.unknown(k) || s.techContext(k, k) {
		return false
	}
	if lex.isName(t.folded) || s.rareGivenName(k) {
		if !t.first {
			return !s.nounAfter(k) && !(k+1 < len(toks) && s.unknown(k+1) && s.nounAfter(k+1))
		}
		if s.namesSubject(k) {
			return true
		}
	}
	if s.unknownSubject(k) {
		return true
	}
	n := k + 1
	return n < len(toks) && toks[n].sent == t.sent && onlySpaceBetween(s.seg.text, t, toks[n]) && s.unknown(n) &&
		(!t.first || lex.isName(t.folded) || lex.isName(toks[n].folded)) && !s.techContext(k, n) && !s.nounAfter(n)
}

// rareGivenName reports whether toks[k] is a given name of the rare list
// inside a sentence without technical words ("compare them to Larissa on
// the payments squad"), or opening one as a verb's subject ("Conor (bar
// raiser) said"). That list holds many names of tools too (Pekko,
// Pico, Elo, Kori), so a technical word anywhere in the sentence leaves
// the word to the other evidence.
func (s *runScanner) rareGivenName(k int) bool {
	t, lex := s.toks[k], s.e.lex
	return (!t.first || s.namesSubject(k) && !s.technicalAside(k+1)) && lex.rareGiven[t.folded] && !lex.toolNames[t.folded] &&
		!s.technicalSentence(k, k)
}

// nameAbbreviationBefore returns where a given name written short ("Md.",
// "Ma.": the name-abbreviations lexicon) stands right before toks[i], or
// -1: it is the first part of the name that follows ("Md. Rafiqul Islam").
func (s *runScanner) nameAbbreviationBefore(i int) int {
	toks := s.toks
	k := i - 1
	if k < 0 || toks[k].sent != toks[i].sent {
		return -1
	}
	w := toks[k].word
	if w == "." && k > 0 && toks[k-1].sent == toks[i].sent {
		k-- // the tokenizer's "Md", "."
		w = toks[k].word + "."
	}
	if !strings.HasSuffix(w, ".") {
		return -1
	}
	if w = strings.TrimSuffix(w, "."); titleCased(w) && s.e.lex.nameAbbreviations[strings.ToLower(w)] {
		return k
	}
	return -1
}

// technicalAside reports whether a parenthesis opening at toks[n] holds a
// technical word, whole or after a hyphen ("Pekko (ex-Akka) is fine"):
// what a tool was, not who a person is.
func (s *runScanner) technicalAside(n int) bool {
	toks := s.toks
	if n >= len(toks) || toks[n].word != "(" {
		return false
	}
	for j := n + 1; j < len(toks) && toks[j].sent == toks[n].sent && toks[j].word != ")"; j++ {
		if s.technicalWord(j) {
			return true
		}
		for _, part := range strings.Split(toks[j].word, "-") {
			if part != toks[j].word && s.e.lex.isTech(part) {
				return true
			}
		}
	}
	return false
}

// unknownSubject reports whether toks[k], a word no lexicon knows,
// opens a sentence without technical words as an English verb's subject:
// a name the lexicons lack, a nickname most often ("Kobby got stuck"). A
// tool there would have technical neighbours, and "Estudió en Madrid" is
// another language.
func (s *runScanner) unknownSubject(k int) bool {
	t, lex := s.toks[k], s.e.lex
	return t.first && s.namesSubject(k) && lex.isWord(s.toks[k+1].folded) && !lex.toolNames[t.folded] && !lex.places[t.folded] &&
		!s.technicalSentence(k, k)
}

// givenWord reports whether toks[k] is a given name the short-forms
// lexicon knows (as a short form or a full one) that is also an English
// word (Jay, Will, Grace, Bill), and no technology or stop name.
func (s *runScanner) givenWord(k int) bool {
	t := s.toks[k]
	f := t.folded
	lex := s.e.lex
	return isCapitalized(t.word) && !isAllUpper(t.word) && lex.isWord(f) && lex.hasShortForms(f) &&
		!lex.stopNames[f] && !s.e.allowWords[f] && !lex.isTech(t.word) && !lex.toolNames[f]
}

// namesSubject reports whether a name opening a sentence at toks[k] is the
// subject of a verb ("Kasia wrote the tests") or the first of a list of
// names ("Ewa and Tomasz reviewed it").
func (s *runScanner) namesSubject(k int) bool {
	toks := s.toks
	n := s.pastParenthesis(k + 1)
	if n >= len(toks) || toks[n].sent != toks[k].sent {
		return false
	}
	switch toks[n].tag {
	case "VBD", "VBZ", "MD", "POS":
		return true
	}
	return (toks[n].folded == "and" || toks[n].word == ",") && n+1 < len(toks) && toks[n+1].sent == toks[k].sent &&
		(s.e.lex.isName(toks[n+1].folded) || s.label(toks[n+1]) == "PERSON" || s.ro.lookup(toks, n+1) != nil)
}

// chatLine is a chat export's header line: up to three capitalised words,
// perhaps in bold or brackets, then the time of the message alone ("Precious
// Eze  2:47 PM", "**Mei** 10:42 AM", "Bryony Fairclough [14:05]", "Tan —
// Today at 3:14 PM").
var chatLine = regexp.MustCompile(`^[*_\[]*(?:\p{Lu}[\p{L}'.-]+ ){0,2}\p{Lu}[\p{L}'.-]+[*_\]]*[ \t]+(?:[-—–][ \t]+)?(?:\[?\d{1,2}:\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?\]?|(?:Today|Yesterday) at [^\n]*)[ \t]*(?:\n|$)`)

// chatHeader reports whether toks[i] opens a chat export's header line:
// the line names who wrote the message below it, whatever the words are.
func (s *runScanner) chatHeader(i int) bool {
	t := s.toks[i]
	lineStart := strings.LastIndexByte(s.seg.masked[:t.start], '\n') + 1
	if strings.TrimLeft(s.seg.masked[lineStart:t.start], " \t*_[") != "" {
		return false
	}
	return chatLine.MatchString(s.seg.masked[lineStart:])
}

// pastParenthesis returns the token after a parenthesis that opens at
// toks[n] and closes in the same sentence, or n: a name's subject may wait
// behind a role ("Conor (bar raiser, notes not yet in) said"). A
// parenthesis right after a name holds what the person is, as "(ex-Akka)"
// after a tool's name holds what it was, so the verb after it still tells.
func (s *runScanner) pastParenthesis(n int) int {
	toks := s.toks
	if n >= len(toks) || toks[n].word != "(" {
		return n
	}
	for j := n + 1; j < len(toks) && j-n <= 12 && toks[j].sent == toks[n].sent; j++ {
		if toks[j].word == ")" {
			return j + 1
		}
	}
	return n
}

// particlesTo returns the index of the capitalised name part after name
// particles following toks[b] ("de la Cruz"), or -1.
func (s *runScanner) particlesTo(b int) int {
	toks := s.toks
	k := b + 1
	for k < len(toks) && k-b <= 3 && toks[k].sent == toks[b].sent && s.particle(toks[k].word) && onlySpaceBetween(s.seg.text, toks[k-1], toks[k]) {
		k++
	}
	if k == b+1 || k >= len(toks) || toks[k].sent != toks[b].sent || !s.nameLike(k) || !onlySpaceBetween(s.seg.text, toks[k-1], toks[k]) {
		return -1
	}
	return k
}

// ordinary reports whether every word of toks[a..b] is an ordinary English
// word that no lexicon knows as a name, and one of them is no given name
// either: a given name that is also a word (Jay, Pat, Grace: the
// short-forms lexicon or the rule's common words know them) may well be
// what the tagger's label says, unless a plain word stands beside it ("App
// Router").
func (s *runScanner) ordinary(a, b int) bool {
	plain := false
	for k := a; k <= b; k++ {
		f := s.toks[k].folded
		if s.wordCompound(k, a < b) {
			plain = true
			continue
		}
		if !s.e.lex.isWord(f) || s.e.lex.isName(f) {
			return false
		}
		if len(s.e.lex.shortForms[f]) == 0 && len(s.e.lex.longForms[f]) == 0 && !contains(s.ent.CommonWords, f) {
			plain = true
		}
	}
	return plain
}

// wordCompound reports whether toks[k] joins English words by hyphens,
// the words after the first in lower case ("Baseline-first",
// "Test-driven"): a compound of words opening a sentence, while a
// hyphenated name capitalises its parts ("Jean-Baptiste", "Rose-Marie").
// Inside a run of several words (inRun) a title capitalises every word,
// the compound's parts included ("Cross-Site Request Forgery"); its parts
// are still English words that no name lexicon holds.
func (s *runScanner) wordCompound(k int, inRun bool) bool {
	w := s.toks[k].word
	if !strings.Contains(w, "-") {
		return false
	}
	parts := strings.Split(w, "-")
	for j, p := range parts {
		f := fold(p)
		if p == "" || !isLetters(p) || j > 0 && p != strings.ToLower(p) && !inRun || !s.e.lex.isWord(f) || s.e.lex.isName(f) {
			return false
		}
	}
	return true
}

// titledName reports whether a title announces a name at toks[i]: any
// title of the rule's titles, and a word title ("Sr", also Senior) before
// a word that is no ordinary word, or a name.
func (s *runScanner) titledName(i int) bool {
	k := titleBefore(s.ent, s.toks, i)
	if k < 0 {
		return false
	}
	if !isTitleOf(s.ent.WordTitles, s.toks[k].word) {
		return true
	}
	t := s.toks[i]
	return !s.e.lex.isWord(t.folded) || s.e.lex.isName(t.folded) || s.label(t) == "PERSON"
}

// capitalsAfterOrgCue reports whether toks[i] is a name in capitals right
// after an organisation cue ("worked at VNG", "joined OCP Group"): not a
// technology, an allowed term or a known name.
func (s *runScanner) capitalsAfterOrgCue(i int) bool {
	w := s.toks[i].word
	n := len([]rune(w))
	if n < 2 || n > 6 || !isAllUpper(w) || !isLetters(w) || s.e.lex.isTech(w) || s.e.allowWords[s.toks[i].folded] ||
		s.ro.words[s.toks[i].folded] != nil || s.toks[i].first || !s.e.cueBeforeList(s.ent.OrganizationCues, s.toks, i) {
		return false
	}
	// A cue in capitals is part of a name in capitals ("LEFT JOIN").
	if c := s.toks[i-1]; isAllUpper(c.word) {
		return false
	}
	return !s.atNamesNoEmployer(i)
}

// atNamesNoEmployer reports whether "at" before toks[i] is no employer's
// cue: after an adjective it names a skill ("strong at DP", "good at SQL",
// "Great at DP" opening a line, misread), after a verb of looking or
// pointing a thing looked at ("I'd look at Huey with Redis", "pointed at
// Grafana").
func (s *runScanner) atNamesNoEmployer(i int) bool {
	if i < 2 || s.toks[i-1].folded != "at" || s.toks[i-2].sent != s.toks[i].sent {
		return false
	}
	p := s.toks[i-2]
	switch {
	case s.e.lex.lookVerbs[p.folded]:
		return true
	case p.tag == "JJ" || p.tag == "JJR" || p.tag == "JJS":
		return true
	case p.first && s.e.lex.isWord(p.folded) && p.tag != "VBD" && p.tag != "VBZ" && !verbLike(p.folded):
		return true // "Great at DP": an adjective the tagger misread opening a line ("worked at" is no adjective)
	}
	return false
}

// eponym reports whether the run toks[a..b] names an idea after its
// finder: an eponym noun follows it, possessive or not ("Simpson's
// paradox", "Monte Carlo algorithm"), or follows the next run of a list
// ("Las Vegas vs Monte Carlo algorithms"). A possessive given name stays
// a person's ("Ewa's algorithm"): ideas are named after surnames.
func (s *runScanner) eponym(a, b int) bool { return s.e.eponym(s.toks, a, b) }

func (e *Engine) eponym(toks []token, a, b int) bool {
	at := func(k int) bool { return k < len(toks) && toks[k].sent == toks[a].sent }
	k := b + 1
	if at(k) && (toks[k].word == "'s" || toks[k].word == "’s") {
		for n := a; n <= b; n++ {
			if e.lex.given[toks[n].folded] {
				return false // eponyms take surnames: "Cohen's kappa", not "Ewa's algorithm"
			}
		}
		k++
	}
	if at(k) && e.lex.eponymNouns[strings.ToLower(toks[k].word)] {
		return true
	}
	// A citation: "Cytron et al." names a paper's authors, not a person
	// in the loop.
	if at(k+1) && k == b+1 && toks[k].folded == "et" && strings.HasPrefix(toks[k+1].folded, "al") {
		return true
	}
	// Across a list: "X vs Y algorithm", "X and Y inequalities".
	if at(k) && k == b+1 {
		switch toks[k].folded {
		case "vs", "vs.", "versus", "and", "or", "/":
			n := k + 1
			for n < len(toks) && at(n) && n-k <= 3 && isCapitalized(toks[n].word) {
				n++
			}
			return n > k+1 && at(n) && e.lex.eponymNouns[strings.ToLower(toks[n].word)]
		}
	}
	return false
}

// inCode reports whether a word of the run toks[a..b] also stands alone
// in the text's code spans or blocks, in any case ("cargo miri" in code,
// then "what Miri can catch").
func (s *runScanner) inCode(a, b int) bool {
	if s.codeWords == nil {
		s.codeWords = map[string]bool{}
		text := s.seg.text
		for i := 0; i < len(text); {
			if !s.seg.code[i] {
				i++
				continue
			}
			j := i
			for j < len(text) && s.seg.code[j] {
				j++
			}
			// Only whole words of the code count ("cargo miri"): a name
			// inside a handle, a path or a string ("tomasz/fix-cache",
			// reviewer="tomasz") is somebody's.
			plain := []byte(text[i:j])
			for k := range plain {
				if s.seg.markup[i+k] {
					plain[k] = ' ' // <code> tags around the code
				}
			}
			for _, w := range strings.Fields(string(plain)) {
				if isLetters(w) && !strings.ContainsAny(w, "'") {
					s.codeWords[fold(w)] = true
				}
			}
			i = j
		}
	}
	for k := a; k <= b; k++ {
		if s.codeWords[s.toks[k].folded] {
			return true
		}
	}
	return false
}

// particle reports whether a word joins the parts of a name: a particle
// of the lexicon as written ("de la"), or one written with a capital
// inside a name, as Irish and Scottish names write theirs ("Declan Ó
// Murchú", "Eilís Ní Bhriain").
func (s *runScanner) particle(w string) bool {
	return s.e.lex.particles[w] || isCapitalized(w) && utf8.RuneCountInString(w) <= 3 && s.e.lex.particles[strings.ToLower(w)]
}

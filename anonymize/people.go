package anonymize

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
)

// detectPeople finds known identities (every form the roster knows) and
// other people (NER persons and names after cues such as "referred by").
func (e *Engine) detectPeople(r *rules.Rule, seg *segmented, toks []token, ro *roster) []span {
	ent := r.Entity
	var out []span
	seedCandidate, seedInterviewers := contains(ent.Seed, "candidate"), contains(ent.Seed, "interviewers")
	known := func(id *identity) bool {
		return id != nil && (id.role == roleCandidate && seedCandidate || id.role == roleInterviewer && seedInterviewers)
	}
	mk := func(a, b int, ref *personRef, prio int) span {
		return span{start: toks[a].start, end: toks[b].end, rule: r.ID, kind: r.Kind, category: r.Category,
			prio: prio, person: ref, capital: toks[a].first}
	}
	toolRead := ro.toolsReadIn(toks, known)
	for i := 0; i < len(toks); i++ {
		id := ro.lookup(toks, i)
		if !known(id) {
			continue
		}
		if toolRead[toks[i].nameKey()] && ro.standsAsThing(toks, i) {
			continue
		}
		a, b, surnameEnd := e.wholeMention(ent, seg, toks, ro, i, id)
		ref := &personRef{known: id}
		if a == b && ro.words[toks[i].nameKey()] == nil {
			// A short form or a misspelling ("Thandi", "Xochil") found
			// here is that person in every note of the packet.
			ref.alias = toks[i].nameKey()
		}
		sp := mk(a, b, ref, prioKnown)
		if strings.HasSuffix(toks[b].word, ".") && !isTitle(ent, toks[b].word) && !continuesSentence(seg.text, toks[b].end) {
			sp.end-- // "Bob." keeps its full stop where it ends the sentence
		}
		if surnameEnd > sp.end {
			sp.end = surnameEnd
		}
		sp.upper = isAllUpper(seg.text[toks[i].start:toks[b].end]) && toks[b].end-toks[i].start > 2 &&
			capsAround(seg.text, toks[i].start, toks[b].end)
		out = append(out, sp)
		i = b
	}
	out = append(out, signedOrHandles(r, seg, toks, ro, known, mk)...)
	others := e.otherPeople(r, seg, toks, ro, mk)
	knownAliases, otherAliases := e.aliases(r, toks, ro, known, out, others, mk)
	out = mergeRelatives(append(out, knownAliases...), append(others, otherAliases...), seg.text)
	out = append(out, knownOutsideProse(r, seg, toks, ro, known)...)
	out = append(out, namesBeforeHonorifics(r, seg, e.lex)...)
	// A handle or domain that runs a name together with other characters
	// ("jwhitlockbaird", "katyadovzhenko") names the person too.
	for i, t := range toks {
		if id := ro.inside(t.word); id != nil && known(id) && !compoundOfNames(ro, toks, i) {
			a, b := t.start, t.end
			if pa, pb, ok := ro.fieldNaming(seg.text[a:b], id); ok {
				a, b = a+pa, a+pb
			}
			out = append(out, span{start: a, end: b, rule: r.ID, kind: r.Kind, category: r.Category,
				prio: prioKnown - 1, person: &personRef{known: id}, capital: t.first && a == t.start})
		}
	}
	for k := range out {
		// A short form's or an initial's full stop inside a sentence
		// ("Later Zs. tuned it", "Tom B. agreed") goes with the name: a
		// placeholder has no abbreviation to end.
		if sp := &out[k]; sp.person != nil && sp.end < len(seg.text) && seg.text[sp.end] == '.' && sp.end > sp.start &&
			unicode.IsLetter(rune(seg.text[sp.end-1])) && continuesSentence(seg.text, sp.end+1) {
			sp.end++
		}
	}
	return out
}

// toolsReadIn returns the known people's name parts that also name a
// technology and no English word (Hugo, Jenkins) which the text reads as
// the technology somewhere, from what stands around them ("vs Hugo",
// "our Jenkins controllers").
func (ro *roster) toolsReadIn(toks []token, known func(*identity) bool) map[string]bool {
	var out map[string]bool
	for i, t := range toks {
		f := t.nameKey()
		ids := ro.words[f]
		if len(ids) == 0 || !known(ids[0]) || !isCapitalized(t.word) || isAllUpper(t.word) || ro.lex.isWord(f) || !ro.techWord(f) || out[f] {
			continue
		}
		if ro.lookup(toks, i) == nil {
			if out == nil {
				out = map[string]bool{}
			}
			out[f] = true
		}
	}
	return out
}

// standsAsThing reports whether toks[i], a name part the same text reads
// as a technology elsewhere (toolsReadIn), stands here as a thing does
// and not as a person: inside its sentence, among other technical words,
// owning nothing, beside no other part of a name or a title, neither a
// verb's subject nor addressed ("keep Jenkins only for the two
// hardware-in-the-loop jobs" after "our Jenkins controllers"). A writer
// does not call a person and a tool by one word in one note without
// saying which.
func (ro *roster) standsAsThing(toks []token, i int) bool {
	t := toks[i]
	if t.first || afterListMarker(toks, i) || ro.possessiveOrBesideName(toks, i) || ro.addressed(toks, i) || signedLine(toks, i) {
		return false
	}
	if n := neighbourAt(toks, i, 1); n != nil && (strings.HasPrefix(n.tag, "VB") || n.tag == "MD" || n.tag == "POS" || n.word == "(") {
		return false
	}
	return besideRun(toks, i, i, func(k int) bool { return ro.techy(toks[k].word) && ro.words[toks[k].nameKey()] == nil })
}

// fieldSeparators end the fields of a row (CSV, key=value, a table's
// cells) and never stand inside a handle or a domain.
const fieldSeparators = ",;|=\"'“”‘’()[]{}<>\t"

// fieldNaming finds, in a word that runs fields together
// ("lkowalczyk,SQL,4,\"QUALIFY"), the field that names id, and returns
// its byte range in w. A handle is made of letters, digits and joiners;
// a comma or a quote ends it, and the other cells of the row (a skill, a
// score, a comment) are no part of the name.
func (ro *roster) fieldNaming(w string, id *identity) (a, b int, ok bool) {
	if !strings.ContainsAny(w, fieldSeparators) {
		return 0, 0, false
	}
	start := 0
	for k := 0; k <= len(w); {
		r, size := utf8.RuneError, 1
		if k < len(w) {
			r, size = utf8.DecodeRuneInString(w[k:])
		}
		if k == len(w) || strings.ContainsRune(fieldSeparators, r) {
			if f := w[start:k]; f != "" && (ro.inside(f) == id || slices.Contains(ro.words[fold(f)], id) || ro.handles[handleKey(f)] == id) {
				return start, k, true
			}
			start = k + size
		}
		k += size
	}
	return 0, 0, false
}

// wholeMention returns the whole mention of id found at toks[i]: further
// parts of the same person joined by spaces ("Ana Beatriz Prado"), a
// surname or initials the record lacks after them ("Paddy O'Sullivan",
// "Rhys L-J"; surnameEnd is where such a surname ends in the text, or 0),
// an honorific after them ("Qureshi sahab"), the given names' initials
// before them ("FZ El Amrani") and a title ("Ms.").
func (e *Engine) wholeMention(ent *rules.Entity, seg *segmented, toks []token, ro *roster, i int, id *identity) (a, b, surnameEnd int) {
	a, b = i, i
	joined := func(k int) bool { // toks[k] and toks[k+1] are one phrase
		return k >= 0 && k+1 < len(toks) && toks[k+1].sent == toks[k].sent && onlySpaceBetween(seg.text, toks[k], toks[k+1])
	}
	for joined(b) && ro.lookup(toks, b+1) == id {
		b++
	}
	if joined(b) && ro.words[toks[b+1].folded] == nil {
		if end, ok := e.unknownSurname(seg.text, toks[b+1]); ok {
			b, surnameEnd = b+1, end // "Paddy O'Sullivan": a surname the record does not hold
		} else if laterPartInitial(id.person.Name, toks[b].nameKey(), toks[b+1].word) {
			b++ // "crystal f." for Crystal Ferreira: the surname's initial goes with the name
			surnameEnd = initialEnd(seg.text, toks[b])
		} else if surnameInitials(id.person.Name, toks[b+1].word) ||
			isAllUpper(toks[b+1].word) && ro.initials[initialsLookup(toks[b+1].word)] == id ||
			speakerInitial(toks, b+1, id.person.Name) {
			b++ // "Rhys L-J" for Rhys Llewellyn-Jones, "Ray C:" for Ray Castellano
		}
	}
	if joined(b) && e.lex.honorificsAfter[toks[b+1].folded] {
		b++ // "Qureshi sahab": an honorific goes with the name
	}
	if k := b + 1; joined(b) && e.lex.nameSuffixes[strings.TrimSuffix(toks[k].folded, ".")] && isCapitalized(toks[k].word) &&
		!(joined(k) && isCapitalized(toks[k+1].word)) {
		// "GIVEN JR.", "Rogelio Dimaculangan III": a generational suffix
		// goes with the name; one that a capitalised word follows is a
		// level or a title ("Dimaculangan II Engineer").
		b++
	}
	if joined(a-1) && isAllUpper(toks[a-1].word) && ro.initials[initialsLookup(toks[a-1].word)] == id {
		a-- // "FZ El Amrani": the given names' initials before the surname
	} else if joined(a-1) && a == b && !givenPart(id.person.Name, toks[a].nameKey()) && ro.words[toks[a-1].folded] == nil {
		if _, ok := e.unknownName(seg.text, toks[a-1], false); ok && isLetters(toks[a-1].word) && !e.lex.namesSomeone(toks[a-1].folded) {
			// "Shivon Kavanaugh" for Siobhan Kavanagh, as a notetaker
			// heard it: a capitalised word no lexicon knows right before
			// the person's surname is their given name, however spelled.
			// A given name the lexicons know is someone else's who shares
			// the surname ("Her teammate, Mei Liu").
			a--
		}
	}
	if a >= 2 && toks[a-1].word == "." && toks[a-1].start == toks[a-2].end && joined(a-1) && toks[a-2].sent == toks[a].sent &&
		initialWord(toks[a-2].word) && givenInitial(id.person.Name, toks[a-2].word) && (a < 3 || ro.lookup(toks, a-3) != id) {
		// "J. Hilbert" for Jonas Hilbert: the given name's initial goes
		// with the surname, unless it ends a mention of its own
		// ("Harpreet K. Gill").
		a -= 2
	}
	if a > 0 && toks[a-1].sent == toks[a].sent && isTitle(ent, toks[a-1].word) {
		a--
	}
	return a, b, surnameEnd
}

// signedOrHandles finds a known person's initials where a note is signed
// with them ("-- AJK", "— AK", "notes by AK", or alone on a line) and
// the handles portals build from a name ("wliu_92", "liu.w").
func signedOrHandles(r *rules.Rule, seg *segmented, toks []token, ro *roster, known func(*identity) bool, mk func(a, b int, ref *personRef, prio int) span) []span {
	var out []span
	for i, t := range toks {
		if id := ro.initials[initialsLookup(t.word)]; id != nil && known(id) &&
			(isAllUpper(t.word) && (signature(seg, toks, i) || noteEnd(seg, toks, i) || ro.initialsListed(toks, i, known) || ro.initialsAlone(toks, i) || ro.initialsSubject(toks, i) || ro.afterPersonalArticle(toks, i)) ||
				mixedInitials(t.word) && (signature(seg, toks, i) || noteEnd(seg, toks, i)) || initialsHeading(seg, toks, i, ro) || lowerSignature(seg, toks, i, ro.lex)) {
			sp := mk(i, i, &personRef{known: id}, prioKnown)
			if lead := len(t.word) - len(strings.TrimLeft(t.word, signDashes)); lead > 0 {
				sp.start += lead // "-KB": the dash stays
			}
			out = append(out, sp)
			continue
		}
		if strings.IndexFunc(t.word, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 && !strings.ContainsAny(t.word, "0123456789") && t.word == strings.ToLower(t.word) {
			// Plain lower-case words are handles only with a separator or
			// digits ("wliu" alone may be a word of another language).
			if len(t.word) < 5 {
				continue
			}
		}
		if id := ro.handles[handleKey(t.word)]; id != nil && known(id) && !isCapitalized(t.word) {
			out = append(out, mk(i, i, &personRef{known: id}, prioKnown))
		}
	}
	return out
}

// afterPersonalArticle reports whether toks[i] follows an article that
// some languages put before a person's name only, in lower case ("Si RJ
// ay galing sa Cebu", "kasama ni RJ"): what follows one is a person.
func (ro *roster) afterPersonalArticle(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil || !ro.lex.personalArticles[p.folded] {
		return false
	}
	// Capitalised, the article opens its clause ("Notes: Si RJ ...");
	// "Si" elsewhere may be silicon.
	return p.word == strings.ToLower(p.word) || p.first || afterLabel(toks, i-1)
}

// initialsSubject reports whether toks[i], a known person's initials in
// capitals, opens its sentence (or what a label introduces) as the subject of a finite verb ("JP is
// direct and kind", "KD rewrote the parser"): a person's name there, unless
// the letters are a technical name ("GC is tuned", "DB was slow").
func (ro *roster) initialsSubject(toks []token, i int) bool {
	t := toks[i]
	if n := len(t.word); n < 2 || n > 3 || !(t.first || afterListMarker(toks, i) || afterLabel(toks, i)) || ro.lex.isTech(t.word) || ro.allow[t.folded] || ro.lex.stopNames[t.folded] {
		return false
	}
	n := neighbourAt(toks, i, 1)
	return n != nil && (n.tag == "VBZ" || n.tag == "VBD" || n.tag == "MD")
}

// afterLabel reports whether toks[i] opens what a label's colon
// introduces ("Translation: RJ is from Cebu"), as a sentence's first word.
func afterLabel(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	return p != nil && p.word == ":"
}

// initialsHeading reports whether toks[i] is a writer's initials heading
// a line or sentence as a speaker's label ("fz - hm screen", "kd: ok",
// "TR: lean hire"): two or three letters, in lower case no English word,
// in capitals no technical name ("API: ..."), followed by a dash or a
// colon.
func initialsHeading(seg *segmented, toks []token, i int, ro *roster) bool {
	w := toks[i].word
	if n := len(w); n < 2 || n > 3 || !isLetters(w) {
		return false
	}
	switch {
	case w == strings.ToLower(w):
		if ro.lex.isWord(w) {
			return false
		}
	case isAllUpper(w):
		if ro.allow[fold(w)] || ro.lex.isTech(w) {
			return false
		}
	default:
		return false
	}
	lineStart := strings.LastIndexByte(seg.masked[:toks[i].start], '\n') + 1
	before := strings.TrimSpace(seg.masked[lineStart:toks[i].start])
	rest := strings.TrimLeft(seg.masked[toks[i].end:], " ")
	if before == "[" && strings.HasPrefix(rest, "]") {
		// "[IC] Web alert: ...": initials in brackets heading a line
		// label it as a speaker's do.
		return true
	}
	if before != "" && !toks[i].first {
		return false
	}
	if strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, ":") {
		return true
	}
	// "JB notes, AUTOSAR round", "MW panel notes": initials heading a line
	// before a noun of what a person writes or gives (the opinion-nouns
	// lexicon), one word between at most, own what follows them.
	for k := 1; k <= 2; k++ {
		n := neighbourAt(toks, i, k)
		if n == nil || n.word != n.folded || !isLetters(n.word) {
			return false
		}
		if ro.lex.opinionNouns[n.folded] {
			return true
		}
	}
	return false
}

// givenInitial reports whether the capital letter w (its period apart)
// is the initial of one of name's parts before the last: "J." for Jonas
// Hilbert, not "K." for him.
func givenInitial(name, w string) bool {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })
	for _, p := range parts[:max(len(parts)-1, 0)] {
		r, _ := utf8.DecodeRuneInString(p)
		if string(unicode.ToUpper(r)) == strings.TrimSuffix(w, ".") {
			return true
		}
	}
	return false
}

// signDashes are what a signature may write before initials: "-KB",
// "/GE", "~ak".
const signDashes = "-—–~/"

// initialsKey is a word as initials are looked up: without the periods
// and the dash a signature may write ("Y.D.", "-KB").
func initialsKey(w string) string {
	return strings.ReplaceAll(strings.TrimLeft(w, signDashes), ".", "")
}

// initialsListed reports whether the initials toks[i] stand in a list
// beside another known person's initials ("Present: GM, YP, Dana"): two
// people's initials side by side are no acronyms.
func (ro *roster) initialsListed(toks []token, i int, known func(*identity) bool) bool {
	technical := func(w string) bool { return ro.allow[fold(w)] || ro.lex.isTech(w) }
	if technical(toks[i].word) {
		return false // "AWS, GCP and Azure"
	}
	for _, k := range []int{i - 2, i + 2} {
		if k < 0 || k >= len(toks) || toks[k].sent != toks[i].sent {
			continue
		}
		sep := toks[(i+k)/2].word
		if sep != "," && sep != "&" && !strings.EqualFold(sep, "and") || !isAllUpper(toks[k].word) || technical(toks[k].word) {
			continue
		}
		if id := ro.initials[initialsLookup(toks[k].word)]; id != nil && known(id) && id != ro.initials[initialsLookup(toks[i].word)] {
			return true
		}
	}
	return false
}

// initialsAlone reports whether the initials toks[i] stand alone in
// parentheses, as a mention's other name ("The candidate (JP) - Android
// round"), and are no technical name ("(AWS)").
func (ro *roster) initialsAlone(toks []token, i int) bool {
	w := toks[i].word
	return i > 0 && i+1 < len(toks) && toks[i-1].word == "(" && toks[i+1].word == ")" &&
		!ro.allow[fold(w)] && !ro.lex.isTech(w)
}

// initialsLookup is the key a word is looked up under among initials:
// folded and in capitals ("RÓD" is R. Ó D.'s "ROD"). A word too long to
// be initials gets "", which names nobody, without folding it.
func initialsLookup(w string) string {
	k := initialsKey(w)
	if len(k) > maxInitialsBytes {
		return ""
	}
	return strings.ToUpper(fold(k))
}

// maxInitialsBytes bounds what may be initials: six letters, each with an
// accent.
const maxInitialsBytes = 12

// noteEnd reports whether toks[i] is the last word of its text, as a
// signature without a dash is ("4/4 TM", "hire  kw").
func noteEnd(seg *segmented, toks []token, i int) bool {
	return strings.Trim(seg.masked[toks[i].end:], " \t\r\n.") == ""
}

// mixedInitials reports whether w is initials written with a particle's
// letters in lower case ("PvdM" for Pieter van der Merwe): capitals first
// and last, four letters at most.
func mixedInitials(w string) bool {
	w = strings.TrimLeft(w, signDashes)
	r := []rune(w)
	return len(r) >= 3 && len(r) <= 5 && isLetters(w) && unicode.IsUpper(r[0]) && unicode.IsUpper(r[len(r)-1]) && !isAllUpper(w)
}

// lowerSignature reports whether toks[i] is a writer's initials in lower
// case signing a note with a dash of their own ("lean hire. -tr") at the
// end of the line, or without one as the note's last word ("hire  kw"):
// not a word, two or three letters.
func lowerSignature(seg *segmented, toks []token, i int, lex *lexicon) bool {
	w := toks[i].word
	bare := strings.TrimLeft(w, signDashes)
	// With its own dash a signature may spell a word ("-ks"); without one,
	// only what no word list holds.
	if len(bare) < 2 || len(bare) > 3 || bare != strings.ToLower(bare) || !isLetters(bare) || bare == w && lex.listed(bare) {
		return false
	}
	if bare == w {
		// Without a dash, only as the note's last word: "lean hire\nkw".
		return noteEnd(seg, toks, i)
	}
	return signature(seg, toks, i)
}

// signature reports whether toks[i] signs a note: at the end of its line,
// after a dash or "by" (or with a dash of its own: "-KB"), or alone on the
// line ("- API design" opens a list item and signs nothing).
func signature(seg *segmented, toks []token, i int) bool {
	// The masked text has markup and character references blanked (the
	// same offsets): "Y.D.</p>" ends its line.
	text := seg.masked
	lineStart := strings.LastIndexByte(text[:toks[i].start], '\n') + 1
	lineEnd := strings.IndexByte(text[toks[i].end:], '\n')
	if lineEnd < 0 {
		lineEnd = len(text)
	} else {
		lineEnd += toks[i].end
	}
	if strings.Trim(text[toks[i].end:lineEnd], " .:)") != "" {
		// "Comment [5] (reply from TW): agree": who wrote a reply, named
		// by a cue and closing its parenthesis, signs it as a line's end
		// does.
		return i > 0 && toks[i-1].start >= lineStart && authorCue[strings.ToLower(toks[i-1].word)] &&
			strings.HasPrefix(strings.TrimLeft(text[toks[i].end:lineEnd], " "), ")")
	}
	if strings.IndexAny(toks[i].word, signDashes) == 0 {
		return true
	}
	// A dash written as a character reference ("&mdash; Y.D.").
	if before := strings.TrimRight(seg.text[lineStart:toks[i].start], " "); strings.HasSuffix(before, "&mdash;") || strings.HasSuffix(before, "&ndash;") {
		return true
	}
	if i > 0 && toks[i-1].start >= lineStart {
		if w := strings.ToLower(toks[i-1].word); authorCue[w] || strings.Trim(w, signDashes) == "" {
			return true
		}
	}
	// After the line's last sentence ("Strong hire. DB"): the initials
	// open a sentence of their own and end the line.
	if toks[i].first && i > 0 && toks[i-1].start >= lineStart && strings.ContainsAny(toks[i-1].word, ".!)") {
		return true
	}
	return strings.TrimSpace(strings.Trim(text[lineStart:toks[i].start], "-—–~/( ")) == ""
}

// authorCue are the words that say who wrote what follows or precedes
// them ("notes by AK", "cc GM", "reply from TW").
var authorCue = map[string]bool{"by": true, "cc": true, "from": true}

// mergeRelatives joins another person's name and a known person's surname
// right after it into one other person: "their cousin, Mei Liu" is not the
// candidate Wenjie Liu. A known given name or short form stays the known
// person's ("Kasia Nowak" for Katarzyna Nowak is a known span alone).
//
// A name the text gives as the known person's alias stays that person's:
// "Jimmy Qiu (legal name Xiaoming; he prefers Jimmy)".
func mergeRelatives(known, others []span, text string) []span {
	aliasOf := map[string]*identity{}
	for _, m := range known {
		if m.person != nil && m.person.known != nil && m.person.alias != "" {
			aliasOf[m.person.alias] = m.person.known
		}
	}
	for i := range others {
		o := &others[i]
		if o.person == nil || o.person.known != nil {
			continue
		}
		for k := range known {
			m := &known[k]
			if m.person == nil || m.person.known == nil || m.start != o.end+1 || text[o.end:m.start] != " " || m.person.alias != "" {
				continue
			}
			parts := nameParts(m.person.known.person.Name)
			w := fold(text[m.start:m.end])
			if len(parts) < 2 || fold(parts[0]) == w || !containsFold(parts[1:], w) {
				continue
			}
			o.end = m.end
			if len(o.person.parts) == 1 && aliasOf[o.person.parts[0]] == m.person.known {
				o.person, o.prio = &personRef{known: m.person.known}, prioKnown
			} else {
				o.person = &personRef{other: o.person.other + " " + w, parts: append(append([]string(nil), o.person.parts...), w)}
			}
			m.person = nil // dropped below
		}
	}
	out := known[:0]
	for _, m := range known {
		if m.person != nil || m.repl != "" {
			out = append(out, m)
		}
	}
	return append(out, others...)
}

func containsFold(list []string, f string) bool {
	for _, x := range list {
		if fold(x) == f {
			return true
		}
	}
	return false
}

// employedAt returns how many tokens from toks[i] on name one of the
// entity rule's employers right after an organization cue ("joined
// Datadog", "years at New Relic"), where the rule replaces organizations at
// all; 0 if none.
func (e *Engine) employedAt(toks []token, i int) int {
	return e.cuedEmployer(e.employers, toks, i)
}

// listedEmployerAt is employedAt for the employers lexicon ("now at Adyen",
// "[years] at CrowdStrike"): the employer, whatever product an allow list
// keeps under its name.
func (e *Engine) listedEmployerAt(toks []token, i int) int {
	return e.cuedEmployer(e.lex.employers, toks, i)
}

// cuedEmployer returns how many tokens from toks[i] one of list covers
// right after an organization cue, where the entity rule replaces
// organizations at all; 0 if none.
func (e *Engine) cuedEmployer(list *phraseIndex, toks []token, i int) int {
	ent := e.entityRule()
	if ent == nil || ent.Organizations == "" || toks[i].first || list == nil {
		return 0
	}
	if _, n := list.match(toks, i); n > 0 && e.cueBeforeList(ent.OrganizationCues, toks, i) {
		return n
	}
	return 0
}

// nameLike reports whether a token's word can be another person's name:
// capitalised letters, not all capitals, and neither a known form, nor an
// allowed term, nor a stop name. Entity labels are read only on name-like
// tokens that are not the first of their sentence (a first one needs a
// name-like neighbour), so the tagger runs NER only where one is (tag.go).
func (e *Engine) nameLike(w string, ro *roster) bool {
	if !isCapitalized(w) || !isLetters(w) || isAllUpper(w) || pronounContraction(w) {
		return false
	}
	f := fold(w)
	return ro.words[f] == nil && !e.allowWords[f] && !e.lex.stopNames[f]
}

// unknownSurname reports whether t, right after a known person's name,
// reads as a surname the record does not hold ("Paddy O'Sullivan" for
// Pádraig Ó Súilleabháin, who goes by Paddy; a married name): a
// capitalised word, not in capitals, that is no English word, technology,
// stop name or known place.
//
// It returns where the surname ends in text: the tokenizer cuts "O'Sullivan"
// after the "O".
func (e *Engine) unknownSurname(text string, t token) (int, bool) {
	return e.unknownName(text, t, true)
}

// unknownName is unknownSurname's test; labelled says whether the
// tagger's label of another kind than a person's rules the word out. Before
// a known surname it does not: the tagger labels a misheard given name at
// a line's head as a place as readily as anything ("Shivon Kavanaugh
// 10:03 AM"), and the places lexicon still rules out a place.
func (e *Engine) unknownName(text string, t token, labelled bool) (int, bool) {
	m := surnameShape.FindString(text[t.start:])
	w := strings.ReplaceAll(m, "’", "'")
	if len(m) < len(t.word) || !isCapitalized(w) || isAllUpper(w) || camelCase(w) || pronounContraction(w) || len([]rune(w)) < 2 {
		return 0, false
	}
	f := fold(w)
	known := e.lex.isWord(f) || e.lex.isTech(w) || e.allowWords[f] || e.lex.stopNames[f] || e.lex.toolNames[f] ||
		e.lex.places[f] || e.lex.vendors[f]
	if known || labelled && t.ner != "" && t.ner != "O" && !strings.HasSuffix(t.ner, "PERSON") {
		return 0, false
	}
	return t.start + len(m), true
}

// speakerInitial reports whether toks[k] is one capital, the first letter
// of the name's last part, before a colon: "Ray C: opening this thread"
// names its speaker with their surname's initial.
func speakerInitial(toks []token, k int, name string) bool {
	parts := strings.Fields(name)
	if len(parts) < 2 || !initialBeforeColon(toks, k) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(parts[len(parts)-1])
	return unicode.ToUpper(r) == rune(toks[k].word[0])
}

// surnameInitials reports whether w, in capitals, is the initials of the
// name's parts after the first, hyphenated parts counted apart, with or
// without hyphens or dots ("L-J", "LJ", "L.J." for Rhys Llewellyn-Jones).
func surnameInitials(name, w string) bool {
	letters := strings.Map(func(r rune) rune {
		if r == '-' || r == '.' {
			return -1
		}
		return r
	}, w)
	if len(letters) < 2 || !isAllUpper(letters) || !isLetters(letters) {
		return false
	}
	parts := strings.Fields(name)
	if len(parts) < 2 {
		return false
	}
	return fold(letters) == string(hyphenInitials(strings.Join(parts[1:], " "), nil))
}

// initialEnd returns where an initial after a name ends with its full
// stop, where the sentence goes on after it ("the candidate (ex-..."), or
// 0 where the full stop ends the sentence.
func initialEnd(text string, t token) int {
	switch end := t.end; {
	case strings.HasSuffix(t.word, ".") && continuesSentence(text, end):
		return end
	case end < len(text) && text[end] == '.' && continuesSentence(text, end+1):
		return end + 1
	}
	return 0
}

// continuesSentence reports whether the text after off goes on with the
// same sentence: its next character, past spaces, is no capital, line
// break or end.
func continuesSentence(text string, off int) bool {
	rest := strings.TrimLeft(text[off:], " \t")
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && r != '\n' && r != '\r' && !unicode.IsUpper(r)
}

// laterPartInitial reports whether w is one letter, with or without a full
// stop, that begins a part of name after the part part ("F." or "f." after
// Crystal for Crystal Ferreira).
func laterPartInitial(name, part, w string) bool {
	letter := strings.TrimSuffix(w, ".")
	if utf8.RuneCountInString(letter) != 1 || !isLetters(letter) {
		return false
	}
	parts := strings.Fields(fold(name))
	for k, p := range parts {
		if p == part {
			for _, later := range parts[k+1:] {
				if strings.HasPrefix(later, fold(letter)) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// surnameShape is a name's letters, with the apostrophes and hyphens
// inside it ("O'Sullivan", "Llewellyn-Jones").
var surnameShape = regexp.MustCompile(`^\p{Lu}\p{L}*(?:['’-]\p{L}+)*`)

// pronounContraction reports whether w is a pronoun contracted with a
// verb ("I'd", "She'd", "They've", "It's"), which the tokenizer may keep
// whole and the tagger may call a proper noun.
func pronounContraction(w string) bool {
	i := strings.IndexAny(w, "'’")
	if i <= 0 {
		return false
	}
	switch strings.ToLower(w[:i]) {
	case "i", "you", "he", "she", "it", "we", "they", "there", "that", "who", "what", "let", "here", "where":
		return true
	}
	return false
}

// titleBefore returns the index of a title right before toks[i] ("Dr",
// "Prof." split by the tokenizer into "Prof" and "."), or -1.
func titleBefore(ent *rules.Entity, toks []token, i int) int {
	k := i - 1
	// Initials between the title and the name ("Prof. S. K. Mahadevan").
	for n := 0; n < 3 && k > 0 && toks[k].sent == toks[i].sent; n++ {
		if toks[k].word == "." && initialWord(toks[k-1].word) {
			k -= 2
		} else if initialsWithDots(toks[k].word) {
			k--
		} else {
			break
		}
	}
	if k >= 0 && toks[k].word == "." && k > 0 {
		k--
	}
	if k >= 0 && toks[k].sent == toks[i].sent && isTitle(ent, toks[k].word) {
		return k
	}
	return -1
}

// initialsWithDots reports whether w is one or more initials each with its
// period ("K.", "J.M.").
func initialsWithDots(w string) bool {
	if len(w) < 2 || len(w)%2 != 0 {
		return false
	}
	for i := 0; i < len(w); i += 2 {
		if w[i] < 'A' || w[i] > 'Z' || w[i+1] != '.' {
			return false
		}
	}
	return true
}

// ownerAfter reports whether toks[i] starts a name of one or two words
// followed by a possessive cue ("Farouk Haddad's team").
func ownerAfter(ent *rules.Entity, toks []token, i int, nameLike func(token) bool) bool {
	for n := 1; n <= 2; n++ {
		j := i + n
		if j+1 >= len(toks) || toks[j+1].sent != toks[i].sent || !nameLike(toks[j-1]) {
			return false
		}
		if toks[j].word == "'s" && contains(ent.OwnerCues, toks[j+1].folded) {
			return true
		}
	}
	return false
}

// cueBefore reports whether a cue phrase ("referred by") ends right before
// toks[i].
func (e *Engine) cueBefore(ent *rules.Entity, toks []token, i int) bool {
	// "manager, Efua", "manager there, Efua", "mentor was Arnel": a few
	// filler tokens may stand between a person cue and the name.
	for gap := 0; gap <= 3 && i-gap > 0; gap++ {
		if gap > 0 && !e.lex.cueFillers[strings.ToLower(toks[i-gap].word)] {
			return false
		}
		if e.cueBeforeList(ent.Cues, toks, i-gap) && !e.cueActsOtherwise(toks, i-gap) {
			return true
		}
	}
	return false
}

// cueActsOtherwise reports whether the cue word ending before toks[i]
// does not announce a person there. After a noun a cue that is a verb's
// form names what the noun is ("a guy called Ambrose", "a Series B called
// TabLoop"), a person unless the noun is a thing's of the tech-neighbours
// lexicon ("a library called Tessera"); after a pronoun, a conjunction or
// an adverb, a finite verb has a subject of its own and names no one ("she
// called Ambrose", "and called Replicate for the baseline model": phoning
// or invoking). "Her manager, Efua" is a cue still.
func (e *Engine) cueActsOtherwise(toks []token, i int) bool {
	c := toks[i-1]
	if !strings.HasPrefix(c.tag, "VB") {
		return false
	}
	if i >= 2 && toks[i-2].sent == c.sent && strings.HasPrefix(toks[i-2].tag, "NN") {
		return e.lex.techNeighbours[toks[i-2].folded]
	}
	switch c.tag {
	case "VBD", "VBZ", "VBP":
		return true
	}
	return false
}

func (e *Engine) cueBeforeList(cues []string, toks []token, i int) bool {
	if cl := e.fast.cueList(cues); cl != nil {
		if cl.any || i == 0 {
			return cl.any
		}
		for _, words := range cl.byLast[toks[i-1].folded] {
			if cueEndsBefore(words, toks, i) {
				return true
			}
		}
		return false
	}
	for _, cue := range cues {
		words, cached := e.cueWords[cue]
		if !cached {
			words = strings.Fields(cue)
		}
		if cueEndsBefore(words, toks, i) {
			return true
		}
	}
	return false
}

// cueEndsBefore reports whether a cue's words are the tokens before
// toks[i] in its sentence.
func cueEndsBefore(words []string, toks []token, i int) bool {
	if i < len(words) {
		return false
	}
	for k, w := range words {
		t := toks[i-len(words)+k]
		if t.sent != toks[i].sent || t.folded != w {
			return false
		}
	}
	return true
}

// outsideScan finds known people's names in code, markup and joined
// tokens for knownOutsideProse.
type outsideScan struct {
	r     *rules.Rule
	seg   *segmented
	ro    *roster
	known func(*identity) bool
	out   []span
}

// scan looks at the words of seg.text[a:b]; prose says they are one
// token of prose ("micro-ROS"), not code or markup.
func (sc *outsideScan) scan(a, b int, prose bool) {
	var last *span
	for _, m := range codeWord.FindAllStringIndex(sc.seg.text[a:b], -1) {
		start, end := a+m[0], a+m[1]
		w := sc.seg.text[start:end]
		// In prose, a short part in capitals joined to a word in lower
		// case is an acronym: "micro-ROS", "non-AWS".
		if prose && isAllUpper(w) && len(w) <= 4 && hasLower(sc.seg.text[a:b]) {
			last = nil
			continue
		}
		if trimmed := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"), "'’"); trimmed != w {
			w, end = trimmed, start+len(trimmed)
		}
		id := sc.knownAt(w)
		if id != nil && !prose && sc.ro.common[fold(w)] && (codeIdentifier(sc.seg.text[end:]) || isAllUpper(w) && len(w) > 1) {
			// A part of a name that is also a word is the code's own
			// where code writes it so: a type or a function
			// ("Baker<BoidAuthoring>" for a candidate named Baker), or a
			// keyword or constant in capitals ("GRANT USAGE ON WAREHOUSE"
			// for an interviewer named Grant).
			id = nil
		}
		if id != nil && prose && sc.dottedPathPart(a, b, start, end, id) {
			id = nil
		}
		if id == nil {
			last = nil
			continue
		}
		if last != nil && last.person.known == id && start-last.end == 1 && strings.ContainsAny(sc.seg.text[last.end:start], "-._") {
			last.end = end
			continue
		}
		if id == nil && last != nil && start-last.end == 1 && sc.seg.text[last.end] == '-' && sc.ro.lex.honorificsAfter[fold(w)] {
			last.end = end // "Tanaka-san"
			last = nil
			continue
		}
		sc.out = append(sc.out, span{start: start, end: end, rule: sc.r.ID, kind: sc.r.Kind,
			category: sc.r.Category, prio: prioKnown - 1, person: &personRef{known: id}})
		last = &sc.out[len(sc.out)-1]
	}
}

// dottedPathPart reports whether the capitalised word text[start:end], a
// part of id's name inside the prose token text[a:b], is joined by a dot
// to a word that is no part of id's name: a module path or a product's
// name ("Phoenix.PubSub", "Ember.js", "Absinthe.Phoenix"), as code writes
// them and as no one writes a person. A handle in lower case
// ("ember.page") and the person's own parts joined ("Ember.Page") stay
// the person's.
func (sc *outsideScan) dottedPathPart(a, b, start, end int, id *identity) bool {
	text := sc.seg.text
	if w := text[start:end]; !isCapitalized(w) || isAllUpper(w) {
		return false
	}
	other := func(from, to int) bool { // text[from:to] is a word of letters, none of id's name
		if to-from < 2 {
			return false
		}
		w := text[from:to]
		if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
			return false
		}
		for _, other := range sc.ro.words[fold(w)] {
			if other == id {
				return false
			}
		}
		return !laterPartInitial(id.person.Name, fold(text[start:end]), w)
	}
	if end+1 < b && text[end] == '.' {
		k := end + 1
		if n := strings.IndexFunc(text[k:b], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); n >= 0 {
			k += n
		} else {
			k = b
		}
		if other(end+1, k) {
			return true
		}
	}
	if start-1 > a && text[start-1] == '.' {
		k := strings.LastIndexFunc(text[a:start-1], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) + 1 + a
		if other(k, start-1) {
			return true
		}
	}
	return false
}

// codeIdentifier reports whether the code after a word (rest) makes the
// word a type or a function: a generic's bracket, a scope operator, a
// call or a member ("Baker<BoidAuthoring>", "Baker::bake", "Baker()",
// "Baker.Bake"). A part of a name that is also a word, written so, is the
// code's class, not the person.
func codeIdentifier(rest string) bool {
	switch {
	case strings.HasPrefix(rest, "<"), strings.HasPrefix(rest, "::"), strings.HasPrefix(rest, "("):
		return true
	case strings.HasPrefix(rest, "."):
		r, _ := utf8.DecodeRuneInString(rest[1:])
		return unicode.IsLetter(r)
	}
	return false
}

// knownAt returns the known person a word outside prose names, or nil. In
// code and identifiers a name in lower case is the person's
// ("TODO(aisling)"), but not a particle ("/usr/bin/env") or a part that is
// also a word. A handle portals build from the name is the person's there
// as in prose ("TODO(pnagy)", "`dkafka`, a CLI named after themselves"),
// in lower case and five letters or more, as signedOrHandles reads it.
func (sc *outsideScan) knownAt(w string) *identity {
	f := fold(w)
	ids := sc.ro.words[f]
	if len(ids) == 0 && len(w) >= 5 && !isCapitalized(w) {
		if id := sc.ro.handles[handleKey(w)]; id != nil && sc.known(id) {
			return id
		}
	}
	if len(ids) == 0 || !sc.known(ids[0]) || !isCapitalized(w) && (sc.ro.common[f] || sc.ro.particle[f]) {
		return nil
	}
	return ids[0]
}

// knownOutsideProse removes known identities where the tagger does not
// look: code spans and blocks, markup (attribute values such as
// data-candidate="jane-doe"), and inside tokens that join several words
// ("rosalind-scheduler", "*Caoimhe*"). Consecutive words of one person
// joined by - . or _ become one mention.
func knownOutsideProse(r *rules.Rule, seg *segmented, toks []token, ro *roster, known func(*identity) bool) []span {
	sc := &outsideScan{r: r, seg: seg, ro: ro, known: known}
	scan := sc.scan
	for i := 0; i < len(seg.text); {
		if !seg.code[i] && !seg.markup[i] {
			i++
			continue
		}
		j := i
		for j < len(seg.text) && (seg.code[j] || seg.markup[j]) {
			j++
		}
		scan(i, j, false)
		i = j
	}
	for i, t := range toks {
		if w := strings.TrimSuffix(t.word, "."); w != t.word && isLetters(w) {
			// A word with the full stop prose leaves on it ("was in
			// Go."): one word, which the roster's lookup has read.
			continue
		}
		if strings.IndexFunc(t.word, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 && t.word != "'s" && t.word != "’s" &&
			!namedIdea(ro, t.word) && !compoundOfNames(ro, toks, i) && !ro.technologyPair(t.word) && !versionedName(t.word) {
			scan(t.start, t.end, true)
		}
	}
	eachNameAfterApostrophe(seg.text, func(start int, w string) {
		if ids := ro.words[fold(w)]; len(ids) > 0 && known(ids[0]) && !covered(sc.out, start) {
			sc.out = append(sc.out, span{start: start, end: start + len(w), rule: r.ID, kind: r.Kind,
				category: r.Category, prio: prioKnown - 1, person: &personRef{known: ids[0]}})
		}
	})
	return sc.out
}

// namedIdea reports whether a hyphenated token joins capitalised names
// into an idea the technology lexicon or an allow list knows
// ("Floyd-Warshall", "Reed-Solomon", "Gauss-Seidel"): the idea, whoever
// else a part of it names.
func namedIdea(ro *roster, w string) bool {
	w, parts := hyphenParts(w)
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !isCapitalized(p) || !isLetters(p) {
			return false
		}
	}
	return ro.lex.isTech(w) || ro.allow[fold(w)]
}

// technologyPair reports whether a token of words joined by slashes pairs
// technologies, a known name part among them that is one ("Ada/SPARK",
// "Ruby/Rails" beside people named Ada and Ruby): the pair, while
// "Ada/Kelly" pairs two people.
func (ro *roster) technologyPair(w string) bool {
	parts := strings.Split(w, "/")
	if len(parts) < 2 {
		return false
	}
	tech := false
	for _, p := range parts {
		f := fold(p)
		switch {
		case !isLetters(p) || ro.words[f] != nil && !ro.techWord(f):
			return false
		case ro.lex.isTech(p) || isAllUpper(p) || ro.words[f] != nil:
			tech = true
		case ro.lex.given[f] || ro.lex.rareGiven[f] || ro.lex.surnames[f]:
			// "Ruby/Kelly" pairs two people.
			return false
		}
	}
	// A part the lexicons know neither as a technology nor as a name
	// ("Rails" in "Ruby/Rails") takes the reading of the technology it is
	// paired with.
	return tech
}

// compoundOfNames reports whether a hyphenated token that holds a known name
// part is a word of its own rather than the name: capitalised names joined
// with one that is no known name part ("Gauss-Newton", "Park-Martin",
// "Blinn-Phong" beside people named Newton, Park and Phong: two finders'
// names make a method, and a person's own double-barrelled name is a roster
// word as a whole), or the part written in lower case in a sentence written
// with capitals ("a vega-neutral book" beside an interviewer named Vega).
func compoundOfNames(ro *roster, toks []token, i int) bool {
	ideaOfNames, lowerKnown := ro.nameCompound(toks[i].word)
	return ideaOfNames || lowerKnown && !lowerCaseSentence(toks, i)
}

// nameCompound reads a hyphenated word holding a known name part:
// ideaOfNames says its parts are capitalised names and one of them is no
// known name part (compoundOfNames); lowerKnown that every known part in
// it is written in lower case and is a word or a technology more than a name
// (lowerCaseNoName).
func (ro *roster) nameCompound(w string) (ideaOfNames, lowerKnown bool) {
	w, parts := hyphenParts(w)
	if len(parts) < 2 || ro.words[fold(w)] != nil {
		return false, false
	}
	capitalised, stranger, known := true, false, false
	lowerKnown = true
	for _, p := range parts {
		if !isLetters(p) {
			return false, false
		}
		k := ro.words[fold(p)] != nil
		known = known || k
		capitalised = capitalised && isCapitalized(p) && !isAllUpper(p) // "Fox-IT" is a company's name
		stranger = stranger || !k
		if k && (p != strings.ToLower(p) || !lowerCaseNoName(p, fold(p), ro)) {
			lowerKnown = false // "rosalind-scheduler" is the name's
		}
	}
	if !known {
		return false, false
	}
	if !capitalised && ro.adjectiveOfName(parts) {
		return true, false
	}
	return capitalised && stranger, !capitalised && lowerKnown
}

// adjectiveOfName reports whether hyphenated parts are a capitalised known
// name part followed by ordinary words in lower case that make an
// adjective of a finder's name ("Turing-complete", "Jepsen-style",
// "Kelly-optimal"). A participle makes it the person's doing
// ("Ward-led", "Maria-approved", "Kelly-run").
func (ro *roster) adjectiveOfName(parts []string) bool {
	if len(parts) < 2 || !isCapitalized(parts[0]) || isAllUpper(parts[0]) || ro.words[fold(parts[0])] == nil {
		return false
	}
	for _, p := range parts[1:] {
		if ro.words[fold(p)] != nil {
			return false
		}
	}
	return ro.lex.adjectiveTail(parts[1:])
}

// adjectiveTail reports whether the parts after a name's hyphen are
// ordinary words in lower case that make an adjective of it ("-complete",
// "-style", "-optimal"), no participle that says what someone did ("-led",
// "-based", "-run").
func (l *lexicon) adjectiveTail(parts []string) bool {
	for _, p := range parts {
		f := fold(p)
		if p != f || !l.isWord(f) || strings.HasSuffix(f, "ed") || strings.HasSuffix(f, "en") || participles[f] {
			return false
		}
	}
	return len(parts) > 0
}

// hyphenAdjective reports whether w is a capitalised name joined by a
// hyphen to ordinary words that make an adjective of it
// ("Turing-complete", "Jepsen-style"): an idea's adjective, never a
// person's or a place's name ("Lagos-based" says where, and the places it
// holds are found part by part). Given names written with a hyphen and a
// syllable in lower case ("Ji-woo", "Hyun-woo", "Seung-min") are names:
// such a word is no name the lexicons know whole, and its parts are
// longer than a syllable (three letters before the hyphen, four after).
func (l *lexicon) hyphenAdjective(w string) bool {
	whole, parts := hyphenParts(w)
	if len(parts) < 2 || len([]rune(parts[0])) < 3 || l.namesSomeone(fold(whole)) {
		return false
	}
	for _, p := range parts[1:] {
		if len([]rune(p)) < 4 {
			return false
		}
	}
	return isCapitalized(parts[0]) && !isAllUpper(parts[0]) && isLetters(parts[0]) && l.adjectiveTail(parts[1:])
}

// participles are irregular past participles: after a name and a hyphen
// they say what the person did ("Ward-led").
var participles = map[string]bool{"led": true, "run": true, "built": true, "made": true, "held": true, "won": true, "set": true,
	"taught": true, "brought": true, "bought": true, "sent": true, "found": true, "kept": true, "left": true, "done": true}

// hyphenParts returns a hyphenated word without its possessive and with
// its dashes as hyphens, and its parts (one where it has no hyphen).
func hyphenParts(w string) (string, []string) {
	w = dashes.Replace(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
	return w, strings.Split(w, "-")
}

// dashes turns the dashes a hyphenated name or idea is written with into
// hyphens ("Floyd–Warshall", as Wikipedia writes it).
var dashes = strings.NewReplacer("–", "-", "‐", "-")

// covered reports whether a span of spans starts at or contains offset i.
func covered(spans []span, i int) bool {
	for _, sp := range spans {
		if sp.start <= i && i < sp.end {
			return true
		}
	}
	return false
}

// isTitle reports whether w is one of the rule's titles ("Dr", "Dr."),
// word titles included.
func isTitle(ent *rules.Entity, w string) bool {
	return isTitleOf(ent.Titles, w) || isTitleOf(ent.WordTitles, w)
}

func onlySpaceBetween(text string, a, b token) bool {
	between := text[a.end:b.start]
	return between == " " || between == "" && strings.HasPrefix(b.word, "-")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// camelCase reports whether a word has a capital after its first letter,
// as identifiers and product names do ("ByteForge", "DevTools"), unless
// that is the shape of a surname (see nameShaped).
func camelCase(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return !nameShaped(w)
		}
	}
	return false
}

// surnamePrefixes are the prefixes after which a surname has a second
// capital: McDonald, MacArthur, DeShawn, LaToya, DiMaggio, VanDyke.
var surnamePrefixes = []string{"Mc", "Mac", "Fitz", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von"}

// nameShaped reports whether a word with one capital inside has it where
// names do: after an apostrophe (O'Neill, D'Angelo, N'Diaye) or a surname
// prefix (McDonald), the rest in lower case.
func nameShaped(w string) bool {
	inner := -1
	for i, r := range w {
		switch {
		case i > 0 && unicode.IsUpper(r):
			if inner >= 0 {
				return false // "LaTeX", "McAfeeDB"
			}
			inner = i
		case i > 0 && !unicode.IsLower(r) && r != '\'' && r != '’':
			return false
		}
	}
	if inner < 0 {
		return false
	}
	before := w[:inner]
	if strings.HasSuffix(before, "'") || strings.HasSuffix(before, "’") {
		return len([]rune(before)) <= 3 // O', D', Mc'... not "Don'T"
	}
	return contains(surnamePrefixes, before) && len([]rune(w))-len([]rune(before)) >= 3
}

// innerCapital reports whether a word has a capital inside one of its
// hyphen-separated parts: "DevTools" does, "Adebayo-Smith" does not.
func innerCapital(w string) bool {
	for _, p := range strings.Split(w, "-") {
		if camelCase(p) {
			return true
		}
	}
	return false
}

// nextIsCapitalizedNonPerson reports whether toks[i] is followed by a
// capitalised word the NER left unlabelled, as in product names.
func nextIsCapitalizedNonPerson(toks []token, i int, labelOf func(token) string) bool {
	if i+1 >= len(toks) || toks[i+1].sent != toks[i].sent {
		return false
	}
	n := toks[i+1]
	return isCapitalized(n.word) && labelOf(n) == "" && n.word != "'s"
}

// compoundWord reports whether a hyphenated word has a part in lower case
// ("Envoy-based", "Redis-backed"): a compound, not a name ("Adebayo-Smith").
func compoundWord(w string) bool {
	parts := strings.Split(w, "-")
	for _, p := range parts[1:] {
		if p != "" && !isCapitalized(p) {
			return true
		}
	}
	return false
}

func sameSentenceAt(toks []token, start, sent int) bool {
	for _, t := range toks {
		if t.start == start {
			return t.sent == sent
		}
	}
	return false
}

// orgSuffixEnd returns the index of the company word ending a run of one to
// three capitalised words starting at toks[i] ("Quarrystone Health",
// "Meridian Lane Insurance"), or -1. A preposition, a determiner or a
// pronoun that opens a sentence is capitalised by its place and opens no
// company's name ("On Vision Pro she has shipped"): the name, if any,
// starts after it.
func orgSuffixEnd(ent *rules.Entity, toks []token, i int, nameLike func(token) bool, text string) int {
	if len(ent.OrganizationSuffixes) == 0 || !nameLike(toks[i]) || contains(ent.OrganizationSuffixes, toks[i].word) ||
		toks[i].first && closedClassTags[toks[i].tag] {
		return -1
	}
	for k := i + 1; k <= i+3 && k < len(toks) && toks[k].sent == toks[i].sent && onlySpaceBetween(text, toks[k-1], toks[k]); k++ {
		if contains(ent.OrganizationSuffixes, toks[k].word) {
			return k
		}
		if !nameLike(toks[k]) {
			return -1
		}
	}
	return -1
}

// givenPart reports whether f (folded) is the first given name of name, or
// a short form made of its beginning ("Venkat" for Venkataraman): a word
// before it is no given name of the same person.
func givenPart(name, f string) bool {
	parts := nameParts(name)
	if len(parts) == 0 {
		return false
	}
	first := fold(parts[0])
	return f == first || len(f) >= 2 && strings.HasPrefix(first, f)
}

// closedClassTags are the tags of words that belong to no name: prepositions,
// determiners, conjunctions, pronouns, modals and wh-words.
var closedClassTags = map[string]bool{"IN": true, "DT": true, "CC": true, "TO": true, "PRP": true, "PRP$": true,
	"WDT": true, "WP": true, "WRB": true, "EX": true, "MD": true}

// namesBeforeHonorifics finds the names written in a script without
// capitals before an honorific of that script (the honorifics-after
// lexicon: "田中 由紀 さん", "佐藤様", "ゆきちゃん"): Japanese writes
// no capital to show a name, and the honorific says that the run before it
// is one, whoever it names. The run is at most two groups of one to four
// characters (a family name and a given name, a space between or not) and
// becomes another person, the honorific with it.
func namesBeforeHonorifics(r *rules.Rule, seg *segmented, lex *lexicon) []span {
	var out []span
	for h := range lex.honorificsAfter {
		if !unicaseScript(h) {
			continue
		}
		for from := 0; ; {
			k := strings.Index(seg.text[from:], h)
			if k < 0 {
				break
			}
			at := from + k
			from = at + len(h)
			if seg.code[at] || seg.markup[at] {
				continue
			}
			start, parts := nameRunBefore(seg.text, at)
			if start < 0 {
				continue
			}
			name := strings.Join(parts, " ")
			out = append(out, span{start: start, end: at + len(h), rule: r.ID, kind: r.Kind, category: r.Category,
				prio: prioCued, person: &personRef{other: name, parts: parts}})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// unicaseScript reports whether w is written in a script without
// capitals: kana or Han.
func unicaseScript(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) && !unicode.Is(unicode.Hiragana, r) && !unicode.Is(unicode.Katakana, r) {
			return false
		}
	}
	return w != ""
}

// nameScript reports whether r may be a letter of a name before a
// Japanese honorific: Han (田中 由紀) or katakana (マリア), and the
// katakana long vowel mark. Hiragana is left out: it writes the grammar
// around words, and "たくさん" (many) ends in the honorific's letters.
func nameScript(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Katakana, r) || r == 'ー'
}

// nameRunBefore returns where the name before text[:at] starts and its
// groups, or -1: spaces (ideographic ones too) are skipped, then up to two
// groups of the names' scripts, one space between, of two to eight
// characters in all and four at most a group. A longer run is a phrase,
// not a name; a single character is a word of address ("皆さん",
// everyone), as is one after the honorific prefix ("お客様", customer).
func nameRunBefore(text string, at int) (int, []string) {
	start, parts := nameGroupsBefore(text, at)
	if n := utf8.RuneCountInString(strings.Join(parts, "")); start < 0 || n < 2 || n > 8 {
		return -1, nil
	}
	return start, parts
}

// nameGroupsBefore is nameRunBefore without the length of the whole.
func nameGroupsBefore(text string, at int) (int, []string) {
	i := at
	skipSpace := func() int {
		j := i
		for j > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:j])
			if r != ' ' && r != '\u3000' {
				break
			}
			j -= n
		}
		return j
	}
	var parts []string
	start := -1
	for g := 0; g < 2; g++ {
		j := skipSpace()
		if g > 0 && j == i {
			break // the first group ends at a character of no name
		}
		end, count := j, 0
		for j > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:j])
			if !nameScript(r) {
				break
			}
			j -= n
			count++
		}
		if count == 0 || count > 4 {
			if g == 0 {
				return -1, nil
			}
			break
		}
		parts = append([]string{text[j:end]}, parts...)
		start, i = j, j
	}
	return start, parts
}

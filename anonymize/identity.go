package anonymize

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
)

type role int

const (
	roleCandidate role = iota
	roleInterviewer
	roleOther
)

// identity is one known person of a packet.
type identity struct {
	role   role
	index  int // order among interviewers, for the letter
	person Person
}

// Roster is the known identities of one packet: the candidate and the
// interviewers, from the API record.
type Roster struct {
	Candidate    Person
	Interviewers []Person
}

// roster indexes every form under which a known identity can appear.
type roster struct {
	ids []*identity
	// words maps a folded single-token form (a name part, a nickname, an
	// email local part, a handle) to the identities it names.
	words map[string][]*identity
	// common are forms that are also ordinary English words.
	common map[string]bool
	// allow are one-word allow-list terms, never taken for a short form or
	// a misspelling of a name.
	allow map[string]bool
	// vocabulary are the words of the text every packet carries (the
	// leak gate's fixed text), never searched for a name run into them.
	vocabulary map[string]bool
	// author is the interviewer who wrote the text being read, or nil
	// (writtenBy): a writer does not name themself by a name part that is
	// also a word or a technology ("they know Jenkins well" in Carol
	// Jenkins's own note is the tool).
	author *identity
	// products are the entity rule's one-word employers, which are
	// products as well ("Kong Gateway"); nil where there is no rule.
	products *foldedSet
	// fuzzy are name parts of 5+ letters, matched within one edit.
	fuzzy []fuzzyPart
	// firsts are the first given names of six letters or more of the
	// names of two parts or more, folded, which a three-letter clip may
	// begin (firstNameClip).
	firsts []fuzzyPart
	// diminutives are pet forms of given names ("Junie", "Gracie") and
	// short forms from the short-forms lexicon ("Kasia" for Katarzyna),
	// matched only capitalised, since some are words ("rosy").
	diminutives map[string]*identity
	// initials are each known person's initials ("AJK", "AK" for Anna J.
	// Kowalski), found only where a note is signed with them; two people
	// with the same initials have none.
	initials map[string]*identity
	// handles are the forms portals build from a name, folded without
	// separators and digits: "wliu", "liuw", "wenjiel" for Wenjie Liu.
	handles map[string]*identity
	// particle are the name-particles lexicon ("van", "de").
	particle map[string]bool
	// lex is the pack's lexicons; titles are the entity rule's.
	lex    *lexicon
	titles []string
	// literal are whole strings (emails, full names, handles) that verify
	// searches for in the output.
	literal []literalForm
}

type fuzzyPart struct {
	form string
	id   *identity
}

type literalForm struct {
	text string // folded
	kind string // "candidate-name", "interviewer-name", "email"...
	id   *identity
}

var nameSplit = regexp.MustCompile(`[\s]+`)

// newRoster builds the index with what the engine knows: its entity rule
// (nil if none is active: the roster is then still used by verify), its
// lexicons, and its words that are also names or technologies (common).
func newRoster(r Roster, rule *rules.Entity, lex *lexicon, common, allow map[string]bool) *roster {
	ro := &roster{words: map[string][]*identity{}, common: common, allow: allow, diminutives: map[string]*identity{}, lex: lex,
		initials: map[string]*identity{}, handles: map[string]*identity{}}
	clash := map[string]bool{}
	if rule != nil {
		ro.titles = append(append([]string(nil), rule.Titles...), rule.WordTitles...)
		ro.products = &foldedSet{words: rule.Employers}
	}
	// common is the engine's, read-only and shared; a particle of a known
	// name ("van den Broek") is that name's, in any case.
	ro.particle = lex.particles
	add := func(id *identity) {
		ro.ids = append(ro.ids, id)
		kind := "candidate"
		if id.role == roleInterviewer {
			kind = "interviewer"
		}
		p := id.person
		name := strings.TrimSpace(p.Name)
		if name != "" {
			ro.literal = append(ro.literal, literalForm{fold(name), kind + "-name", id})
		}
		parts := nameParts(name)
		if len(parts) >= 2 {
			if first := fold(parts[0]); utf8.RuneCountInString(first) >= 6 {
				ro.firsts = append(ro.firsts, fuzzyPart{first, id})
			}
		}
		for k, part := range parts {
			ro.addWord(part, id)
			if k == 0 {
				for _, d := range diminutivesOf(fold(part)) {
					if ro.diminutives[d] == nil {
						ro.diminutives[d] = id
					}
				}
			}
			// Short forms the record cannot tell (Wojtek for Wojciech), of
			// any part, since some records put the surname first.
			for _, d := range lex.shortForms[fold(part)] {
				if ro.diminutives[d] == nil && !lex.stopNames[d] {
					ro.diminutives[d] = id
				}
			}
			if k == 1 {
				for _, d := range compoundShortForms(fold(parts[0]), fold(part), lex) {
					if ro.diminutives[d] == nil {
						ro.diminutives[d] = id
					}
				}
			}
			// The full name behind a short one ("Richard" for Rich), where
			// the short form has only one: "Alex" could be anyone's.
			if long := lex.longForms[fold(part)]; len(long) == 1 && ro.diminutives[long[0]] == nil {
				ro.diminutives[long[0]] = id
			}
			if strings.Contains(part, "-") {
				ro.addWord(strings.ReplaceAll(part, "-", ""), id) // "Sooah" for "Soo-ah"
			}
			if len([]rune(part)) >= 5 {
				ro.fuzzy = append(ro.fuzzy, fuzzyPart{fold(part), id})
			}
			if rule != nil {
				for _, nick := range rule.Nicknames[fold(part)] {
					ro.addWord(nick, id)
				}
			}
		}
		ro.addInitials(name, id, clash)
		if email := strings.TrimSpace(p.Email); email != "" {
			ro.literal = append(ro.literal, literalForm{fold(email), "email", id})
			local := email
			if at := strings.IndexByte(email, '@'); at > 0 {
				local = email[:at]
			}
			ro.addHandle(local, id, kind)
			ro.addHandlePieces(local, name, id)
		}
		if p.Username != "" {
			ro.addHandle(p.Username, id, kind)
		}
	}
	add(&identity{role: roleCandidate, person: r.Candidate})
	for i, p := range r.Interviewers {
		add(&identity{role: roleInterviewer, index: i, person: p})
	}
	sort.SliceStable(ro.literal, func(i, j int) bool { return len(ro.literal[i].text) > len(ro.literal[j].text) })
	return ro
}

// compoundShortForms returns the short forms people make of a compound
// given name by joining the first syllable of each name, or a short first
// name whole with the second's first syllable: Majo for María José, Malu
// for María Luisa, Mafe for María Fernanda, Juanma for Juan Manuel, Joselu
// for José Luis. Spanish and Portuguese speakers shorten two given names so
// as a rule, and no list holds every pair. Both parts must be given names
// (first and second of a name); a form that spells an English word, a
// technology or a place, or that is shorter than four letters, is left out.
func compoundShortForms(first, second string, lex *lexicon) []string {
	given := func(f string) bool { return lex.given[f] || lex.rareGiven[f] || lex.hasShortForms(f) }
	if !given(first) || !given(second) || lex.surnames[second] && !lex.given[second] {
		return nil
	}
	s2 := openingSyllable(second)
	if len(s2) < 2 {
		return nil
	}
	var out []string
	add := func(w string) {
		if utf8.RuneCountInString(w) >= 4 && !lex.isWord(w) && !lex.isTech(w) && !lex.places[w] && !lex.stopNames[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	if s1 := openingSyllable(first); len(s1) >= 2 {
		add(s1 + s2)
	}
	if utf8.RuneCountInString(first) <= 4 {
		add(first + s2)
	}
	return out
}

// openingSyllable returns a folded name's consonants up to and with its
// first vowel ("ma" of maria, "lu" of luisa, "jo" of jose); "" if it has
// no vowel.
func openingSyllable(f string) string {
	for k, r := range f {
		if strings.ContainsRune("aeiou", r) {
			return f[:k+utf8.RuneLen(r)]
		}
	}
	return ""
}

// hyphenInitials returns the first letters of every part of a name,
// hyphenated parts counted apart, particles left out.
func hyphenInitials(name string, particles map[string]bool) []rune {
	var out []rune
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		r := []rune(fold(strings.Trim(w, ",.()\"")))
		if len(r) > 0 && !particles[string(r)] {
			out = append(out, r[0])
		}
	}
	return out
}

// initialsWithParticles returns the first letter of every word of name,
// particles included.
func initialsWithParticles(name string) []rune {
	var out []rune
	for _, w := range strings.Fields(name) {
		if r := []rune(fold(strings.Trim(w, ",.()\""))); len(r) > 0 {
			out = append(out, r[0])
		}
	}
	return out
}

// addInitials records a person's initials (every word's first letter,
// first and last only, the given names' only, a hyphenated given name's) and the handles portals build from the name:
// initial and surname either way round, given name and the surname's
// initial. A form two people share is nobody's.
func (ro *roster) addInitials(name string, id *identity, clash map[string]bool) {
	var letters []rune
	var words []string
	for _, w := range strings.Fields(name) {
		w = strings.Trim(w, ",.()\"")
		r := []rune(fold(w))
		if len(r) == 0 || ro.lex.particles[string(r)] {
			continue
		}
		letters = append(letters, r[0])
		if len(r) >= 2 {
			words = append(words, string(r))
		}
	}
	set := func(m map[string]*identity, k string) {
		if clash[k] {
			return
		}
		if prev, ok := m[k]; ok && prev != id {
			delete(m, k)
			clash[k] = true
			return
		}
		m[k] = id
	}
	if len(letters) >= 2 {
		set(ro.initials, strings.ToUpper(string(letters)))
		set(ro.initials, strings.ToUpper(string([]rune{letters[0], letters[len(letters)-1]})))
		// The family name first in the record, last in a signature: "WLT"
		// for Tan Wei Ling.
		set(ro.initials, strings.ToUpper(string(letters[1:])+string(letters[0])))
	}
	if all := initialsWithParticles(name); len(all) > len(letters) {
		// With the particles' letters: "PVDM" ("PvdM") for Pieter van der Merwe.
		set(ro.initials, strings.ToUpper(string(all)))
	}
	if len(letters) >= 3 {
		// The first two given names' initials: "JP" for João Pedro
		// Albuquerque Nogueira.
		set(ro.initials, strings.ToUpper(string(letters[:2])))
	}
	if hy := hyphenInitials(name, ro.lex.particles); len(hy) > len(letters) {
		// Every part of hyphenated names: "TWK" for Tomasz Wróbel-Kay.
		set(ro.initials, strings.ToUpper(string(hy)))
	}
	if len(letters) >= 3 {
		// The given names' initials: "FZ" for Fatima Zahra El Amrani.
		set(ro.initials, strings.ToUpper(string(letters[:len(letters)-1])))
	}
	for k, w := range strings.Fields(name) {
		parts := strings.Split(strings.Trim(w, ",.()\""), "-")
		if len(parts) < 2 {
			continue
		}
		// A hyphenated given name's initials: "KD" for Klaus-Dieter, "JH"
		// for Park Ji-ho (the family name first).
		var hy []rune
		for _, p := range parts {
			if r := []rune(fold(p)); len(r) > 0 {
				hy = append(hy, r[0])
			}
		}
		set(ro.initials, strings.ToUpper(string(hy)))
		if k == 0 && len(letters) > 1 {
			// ... and with the other parts' initials: "HWB" for Hyun-woo Baek.
			set(ro.initials, strings.ToUpper(string(hy)+string(letters[1:])))
		}
	}
	if len(words) >= 2 {
		first, last := words[0], words[len(words)-1]
		// Both orders of each, as a record may hold the family name first
		// ("Nagy Péter" signs code as pnagy and nagyp).
		for _, h := range []string{string([]rune(first)[0]) + last, last + string([]rune(first)[0]), first + string([]rune(last)[0]),
			string([]rune(last)[0]) + first, first + last, last + first} {
			if len(h) >= 4 {
				set(ro.handles, h)
			}
		}
	}
}

// handleKey folds a handle-shaped word for the handles index: without
// separators and digits ("wliu_92", "w.liu" -> "wliu").
func handleKey(w string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r == '-' || unicode.IsDigit(r) {
			return -1
		}
		return r
	}, fold(w))
}

// nameParts splits a full name into the parts a note may use alone:
// "Ana Beatriz Prado-Silva" -> Ana, Beatriz, Prado-Silva, Prado, Silva.
func nameParts(name string) []string {
	var out []string
	for _, p := range nameSplit.Split(name, -1) {
		p = strings.Trim(p, ",.()\"")
		if len([]rune(p)) < 2 {
			continue
		}
		out = append(out, p)
		if strings.Contains(p, "-") {
			for _, h := range strings.Split(p, "-") {
				if len([]rune(h)) >= 2 {
					out = append(out, h)
				}
			}
		}
	}
	return out
}

func (ro *roster) addWord(w string, id *identity) {
	f := fold(w)
	for _, x := range ro.words[f] {
		if x == id {
			return
		}
	}
	ro.words[f] = append(ro.words[f], id)
}

// addHandle indexes an email local part or username and its pieces:
// "tamar.bloom" -> tamar.bloom, and (as words) tamar, bloom.
func (ro *roster) addHandle(h string, id *identity, kind string) {
	if len(h) < 3 {
		return
	}
	ro.addWord(h, id)
	ro.literal = append(ro.literal, literalForm{fold(h), kind + "-handle", id})
}

// addHandlePieces indexes the pieces of an email local part that are no
// part of the recorded name, where they may be the name the person goes by
// ("itzik" in itzik.benami for Yitzhak Ben-Ami, "tintin" for Maria
// Cristina Dizon): a piece of three letters or more that is a name of the
// lexicons, or no English word and no technology ("dev", "jobs" and "rust"
// are skipped unless they are the name's own parts).
func (ro *roster) addHandlePieces(local, name string, id *identity) {
	own := map[string]bool{}
	for _, p := range nameParts(name) {
		own[fold(p)] = true
	}
	for _, piece := range strings.FieldsFunc(local, func(r rune) bool { return !unicode.IsLetter(r) }) {
		f := fold(piece)
		if len([]rune(f)) < 3 || own[f] || f == fold(local) || ro.allow[f] || ro.lex.stopNames[f] {
			continue
		}
		// A piece any name lexicon holds is a name the person goes by,
		// even where it also spells a word or a tool ("bong" for Ramon,
		// "avi" for Avraham): as every name part that is a word, it is
		// then replaced only where it names the person.
		if ro.lex.namesSomeone(f) || !ro.lex.isWord(f) && !ro.lex.isTech(f) && !ro.lex.toolNames[f] {
			ro.addWord(f, id)
		}
	}
}

// lookup returns the identity a token names, if any: a form the roster
// knows, or a variant of one (variantOf), where the ordinary-word,
// acronym and eponym tests let it name the person (namesHere).
func (ro *roster) lookup(toks []token, i int) *identity {
	// prose keeps a period on short capitalised words ("Bob.") as if they
	// were abbreviations.
	w := toks[i].nameKey()
	if strings.ContainsAny(w, "-–") && compoundOfNames(ro, toks, i) {
		return nil // "Blinn-Phong" beside a candidate named Phong
	}
	var id *identity
	if ids := ro.words[w]; len(ids) > 0 {
		id = ids[0]
	} else if id = ro.variantOf(toks, i, w); id == nil {
		return nil
	}
	if !ro.namesHere(toks, i, w, id) {
		return nil
	}
	return id
}

// variantOf returns the person toks[i] (folded f) is a variant of: a diminutive, one slip of the keyboard ("Wierzbiki"), or a
// short form made of the name's beginning ("Venkat" for Venkataraman,
// "Thandi" for Thandiwe, "Will" for Willem: an ordinary word then has to
// pass the same test as a name that is a word) or end (shortFormOf).
//
// In a sentence written all in lower case ("ilya + bea both hire") a
// variant counts in lower case too, where it is no technology and no
// ordinary word, or acts as a name does ("jimmy's loop done").
func (ro *roster) variantOf(toks []token, i int, f string) *identity {
	w := toks[i].word
	if len([]rune(f)) < 3 || isAllUpper(w) || innerCapital(w) || ro.allow[f] {
		return nil
	}
	id := ro.variantForm(f)
	if id == nil || isCapitalized(w) {
		return id
	}
	if isLetters(w) && (!ro.common[f] && !ro.lex.isWord(f) || ro.chatName(toks, i, f)) && !ro.lex.isTech(w) && lowerCaseSentence(toks, i) {
		return id
	}
	return nil
}

// firstNameClip returns the person whose first given name (six letters
// or more) a three-letter word f begins, where f is no English word,
// technology or stop name: "Kal" for Kalinda. A clip of a surname, or one
// that is a word ("Max", "Art"), names nobody.
func (ro *roster) firstNameClip(f string) *identity {
	if utf8.RuneCountInString(f) != 3 {
		return nil
	}
	// The names are looked at first: most words begin none, and the
	// lexicons need not be asked.
	var found *identity
	for _, p := range ro.firsts {
		if strings.HasPrefix(p.form, f) {
			if found != nil && found != p.id {
				return nil // two people's names begin so
			}
			found = p.id
		}
	}
	if found == nil || ro.common[f] || ro.lex.isWord(f) || ro.lex.isTech(f) || ro.lex.stopNames[f] || ro.lex.toolNames[f] {
		return nil
	}
	return found
}

// variantForm returns the person a folded word f is a diminutive, a
// misspelling or a short form of. A misspelling keeps the name's first
// letter: "Cette" is no slip for Mette, "Chose" (a word) none for Chase.
func (ro *roster) variantForm(f string) *identity {
	if id := ro.diminutives[f]; id != nil {
		return id
	}
	n := utf8.RuneCountInString(f)
	if n < 4 {
		return ro.firstNameClip(f)
	}
	// A part is compared with f before the lexicons are asked about f: a
	// slip keeps the first letter and a pet form the first three, which
	// most words share with no part.
	for _, p := range ro.fuzzy {
		if n >= 5 && f[0] == p.form[0] && !ro.common[f] && !ro.lex.isWord(f) && withinOneEdit(f, p.form) || len(p.form) >= 6 && strings.HasPrefix(p.form, f) ||
			shortFormOf(f, p.form, ro.lex) || len(f) > 3 && len(p.form) > 3 && f[:3] == p.form[:3] && ro.mayBePetForm(f) && ro.petForm(f, p.form) {
			return p.id
		}
	}
	return nil
}

// namesHere reports whether toks[i], a form (folded f) of id, names id
// where it stands:
//   - a part that is also an ordinary word ("Grace"), or a tool's name
//     written as the tool is ("Hugo", not "HUGO" or "hugo"), passes
//     namesPerson;
//   - a part written in lower case names nobody where it is an English
//     word used as no noun ("Ahmad said"), or a particle alone ("bin
//     packing"); "TODO(maria)" still does;
//   - an acronym is not a name ("AWS" for a candidate named Aws, "the DAG
//     scheduler" for an interviewer named Dag): a short part in capitals
//     names the person only in a heading in capitals ("NOTES ON AWS
//     RAHMAN"), beside another part of the same name ("DAG NILSSON"), or
//     where it reads as a name (readsAsAcronym);
//   - a name before an eponym noun names an idea ("extended Kalman filter"
//     for a candidate named Kalman), unless another part stands beside it.
func (ro *roster) namesHere(toks []token, i int, f string, id *identity) bool {
	t := toks[i]
	if ro.thingHere(toks, i, f, id) {
		return false
	}
	if !isCapitalized(t.word) {
		if (ro.lex.isWord(f) || ro.lex.isTech(f)) && !inNameOrder(toks, i, id) && ro.modifiedNoun(toks, i) {
			return false // "the queue depth's high-water mark had crept up" beside an interviewer named Mark
		}
		if ro.particle[f] {
			if !ro.besideSamePerson(toks, i, id) {
				return false // "bin packing" for Ahmad bin Said
			}
		} else if (ro.lex.isWord(f) || ro.lex.isTech(f) || afterArticle(toks, i)) && !inNameOrder(toks, i, id) &&
			(notNounWord(t) || !lowerCaseSentence(toks, i) && !actsAsName(toks, i)) {
			// "Ahmad said" for Ahmad bin Said; "Their dev loop" for an
			// interviewer named Dev: a word in lower case in a sentence
			// written with capitals is the word, unless it owns something
			// or does something as a name does ("dev's notes", "dev
			// said"). A chat-style line writes names in lower case ("ha /
			// thu - hm chat").
			return false
		}
	}
	if isAllUpper(t.word) && (len([]rune(f)) <= 4 || ro.lex.isWord(f) || ro.lex.isTech(t.word)) && !shouted(toks, i) && !ro.besideSamePerson(toks, i, id) && ro.readsAsAcronym(toks, i) {
		return false
	}
	return !ro.eponymAfter(toks, i) || ro.besideSamePerson(toks, i, id)
}

// thingHere reports whether toks[i], a part f of id's name, names a thing
// where it stands: something owned ("their dev loop", "her Swift code"), a
// technology in its writer's own note ("they know Jenkins well" by Carol
// Jenkins), or a word or a tool that reads as one here. Two parts of the
// name in their order are the person, words or not ("Carol Jenkins").
func (ro *roster) thingHere(toks []token, i int, f string, id *identity) bool {
	t := toks[i]
	if afterGivenInitial(toks, i, id) {
		return false // "interviewer: A. Huffman" beside Huffman coding
	}
	if signOff(toks, i) {
		return false
	}
	if ownedThing(toks, i) || ro.vendorBefore(toks, i) || ro.usedAsTerm(toks, i, f, id) {
		return true
	}
	if id == ro.author && ro.techWord(f) && !ro.addressed(toks, i) && !signedLine(toks, i) && !ro.besideSamePerson(toks, i, id) && !ro.personWordAfter(toks, i) &&
		!ro.opinionOwner(toks, i) && !ro.pairedWithPerson(toks, i) && !ro.selfReference(toks, i) {
		return true
	}
	return (ro.common[f] || ro.toolCased(f, t.word)) && !ro.particle[f] && !ro.namesPerson(toks, i) &&
		!(lowerCaseSentence(toks, i) && ro.chatName(toks, i, f)) &&
		!(isCapitalized(t.word) && inNameOrder(toks, i, id)) && !withLaterInitial(toks, i, id) && !lowerSubject(toks, i)
}

// afterGivenInitial reports whether toks[i] comes right after the initial
// of one of id's given names ("A. Huffman" for Aaron Huffman, "N. Floyd"
// for Naomi Floyd): an idea named after someone is written with the
// surname alone, a person with a given name's initial.
func afterGivenInitial(toks []token, i int, id *identity) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil {
		return false
	}
	if p.word == "." {
		q := neighbourAt(toks, i, -2)
		return q != nil && q.end == p.start && initialWord(q.word) && givenInitial(id.person.Name, q.word)
	}
	return initialWord(strings.TrimSuffix(p.word, ".")) && strings.HasSuffix(p.word, ".") && givenInitial(id.person.Name, p.word)
}

// usedAsTerm reports whether a known name part, whatever else it spells,
// names a technical thing by what is written around it, as no person's
// name ever is:
//   - a version after it: "Seurat v5", "Gemma 2 9B", "Python 3.11.4"; a
//     number alone only after a technology's name ("Ruby 3.3", "Ada 2012"),
//     an allowed term's included ("Swift 6 strict checking"), since "Kelly
//     3.5" may be Kelly's score; an eponym's number stays a score ("Booth 3");
//   - an article before it and a technical noun after it, at most one word
//     between: "the River library", "the River job queue"; or a technical
//     noun right after it: "Hermes engine", "a Frida script";
//   - after a surname's possessive, an eponym noun that is no one's own
//     work: "Ward's method", "Cook's distance" beside interviewers named
//     Sterling Ward and Miriam Cook. People call a colleague by a given
//     name; "Sterling's method" stays Sterling's.
func (ro *roster) usedAsTerm(toks []token, i int, f string, id *identity) bool {
	if !isCapitalized(toks[i].word) || ro.besideSamePerson(toks, i, id) {
		return false
	}
	if versionAfter(toks, i, ro.lex.takesVersion(toks[i].word) || ro.allow[f] && !ro.lex.eponyms[f]) {
		return true
	}
	if afterArticle(toks, i) && ro.techNounAfter(toks, i) || ro.techNounRight(toks, i) || ro.eponymCompoundAfter(toks, i) {
		return true
	}
	if ro.productNameAfter(toks, i) || ro.afterAmountWord(toks, i) || ro.techWithWordBefore(toks, i) || ro.productWordBefore(toks, i, f) {
		return true
	}
	return ro.surnameOnly(f, id) && ro.eponymOfSurname(toks, i) || ro.calendarHere(toks, i, f) || ro.languageNamed(toks, i, f)
}

// languageNamed reports whether toks[i], a name part f that is also a
// technology (Julia, Ada, Crystal), stands beside a noun of the
// language-nouns lexicon in lower case: "the Julia language", "el
// lenguaje Julia", "die Sprache Julia". A person is never called a
// language; "Julia's language skills" is hers, as the possessive stands
// between.
func (ro *roster) languageNamed(toks []token, i int, f string) bool {
	if !ro.techWord(f) {
		return false
	}
	for _, d := range []int{-1, 1} {
		if n := neighbourAt(toks, i, d); n != nil && n.word == strings.ToLower(n.word) && ro.lex.languageNouns[n.folded] {
			return true
		}
	}
	return false
}

// calendarHere reports whether toks[i], a known name part f that is also
// a month or a weekday (the calendar-words lexicon: "August", "May"),
// names the date where it stands: a day or a year beside it ("May 3", "3
// May", "August 2025"), a word of time before it ("in August", "early
// May"), or a noun in lower case after it that it dates ("August start",
// "May release"). A name owning something ("May's notes"), doing
// something ("August said") or beside a noun a person has ("August team",
// "August notes") stays the person's.
func (ro *roster) calendarHere(toks []token, i int, f string) bool {
	if !ro.lex.calendarWords[f] {
		return false
	}
	n, p := neighbourAt(toks, i, 1), neighbourAt(toks, i, -1)
	if n != nil && (n.word == "'s" || n.word == "’s") {
		return false
	}
	dayOrYear := func(t *token) bool {
		d, err := strconv.Atoi(strings.TrimRight(t.word, "stndrh,"))
		return err == nil && (d >= 1 && d <= 31 || d >= 1900 && d <= 2100)
	}
	switch {
	case n != nil && dayOrYear(n), p != nil && dayOrYear(p):
		return true
	case p != nil && ro.lex.timeWords[p.folded] && p.word == p.folded:
		return true
	}
	return n != nil && n.word == n.folded && isLetters(n.word) && (n.tag == "NN" || n.tag == "NNS") &&
		!ro.lex.personNouns[n.folded] && !ro.lex.opinionNouns[n.folded] && !ro.lex.roleNouns[n.folded]
}

// productWordBefore reports whether toks[i], a name part f that is also a
// technology, ends a product's name after a capitalised English word that
// names nobody, mid-sentence: "Turbo Pascal", "Free Pascal", "Object
// Pascal". A name is preceded by a title or another name, never by such a
// word; the sentence's first word is capitalised whatever it is.
func (ro *roster) productWordBefore(toks []token, i int, f string) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil || p.first || afterListMarker(toks, i-1) || !ro.techWord(f) || !isCapitalized(p.word) || isAllUpper(p.word) || !isLetters(p.word) {
		return false
	}
	if ro.lex.namesSomeone(p.folded) || ro.words[p.folded] != nil || isTitleOf(ro.titles, p.word) || ro.lex.stopNames[p.folded] {
		return false
	}
	// A word that also names a town ("Turbo") makes the product only
	// where a preposition that takes tools stands before the pair ("in
	// Turbo Pascal").
	if q := neighbourAt(toks, i, -2); q != nil && (q.folded == "in" || q.folded == "using" || q.folded == "with") {
		return true
	}
	return ro.lex.isWord(p.folded) && !ro.lex.places[p.folded]
}

// otherProduct reports whether toks[k] is capitalised and names a
// technology, or a word no lexicon knows (no name, place or English
// word), as a new tool's name often is ("Docusaurus").
func (ro *roster) otherProduct(toks []token, k int) bool {
	if k >= len(toks) || !isCapitalized(toks[k].word) || ro.words[toks[k].nameKey()] != nil {
		return false
	}
	f := toks[k].nameKey()
	return ro.techy(toks[k].word) || isLetters(toks[k].word) && !ro.lex.namesSomeone(f) && !ro.lex.isWord(f) && !ro.lex.places[f]
}

// techWithWordBefore reports whether the word in lower case right before
// toks[i] makes with it a technology the lexicon knows, run together or
// hyphenated ("naive Bayes" for Stack Overflow's naivebayes, "random
// Forest" for random-forest): a modifier and a name that name one method
// together, as no person's name does. The modifier is an adjective or a
// noun of three letters or more, never a function word ("with Bayes").
func (ro *roster) techWithWordBefore(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil || p.word != p.folded || len(p.word) < 3 || !isLetters(p.word) || !(strings.HasPrefix(p.tag, "JJ") || p.tag == "NN") {
		return false
	}
	n := neighbourAt(toks, i, 1)
	if n != nil && (n.tag == "POS" || n.word == "'s" || n.word == "’s") {
		return false // "naive Bayes's point" would be hers
	}
	w := strings.ToLower(toks[i].word)
	return ro.lex.isTech(p.word+w) || ro.lex.isTech(p.word+"-"+w)
}

// afterAmountWord reports whether a word of amount or degree in lower case
// (the amount-words lexicon) stands right before toks[i], which owns
// nothing: "nobody sane runs full Kelly", "half Kelly gives ~75% of the
// growth". No person's name takes one; "half Kelly's team" is hers.
func (ro *roster) afterAmountWord(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil || p.word != p.folded || !ro.lex.amountWords[p.folded] {
		return false
	}
	n := neighbourAt(toks, i, 1)
	return n == nil || n.tag != "POS" && n.word != "'s" && n.word != "’s"
}

// modifiedNoun reports whether toks[i], written in lower case, heads a
// noun phrase after a modifier no name written in lower case takes: an
// article ("a mark"), a word of amount ("half kelly"), a compound joined
// by a hyphen ("the high-water mark"), a common noun's possessive ("the
// queue's mark") or, in a sentence written with capitals, an adjective.
// Such a word is the word, even where a verb follows it ("the queue
// depth's high-water mark had crept up").
func (ro *roster) modifiedNoun(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil || p.word != strings.ToLower(p.word) {
		return false
	}
	switch {
	case articles[p.folded], ro.lex.amountWords[p.folded]:
		return true
	case strings.Contains(p.word, "-") && isLetters(strings.ReplaceAll(p.word, "-", "")):
		return true
	case p.word == "'s" || p.word == "’s":
		q := neighbourAt(toks, i, -2)
		return q != nil && q.word == q.folded && (q.tag == "NN" || q.tag == "NNS") && !ro.lex.personNouns[q.folded]
	case (p.tag == "NN" || p.tag == "NNS") && ro.lex.isWord(p.folded) && !ro.lex.personNouns[p.folded] && !ro.lex.roleNouns[p.folded] &&
		!lowerCaseSentence(toks, i):
		// "Their lineage walker reminded me": a noun before it makes a
		// compound, as a name written in lower case in a sentence with
		// capitals never is; a role keeps a name ("our lead bill").
		return true
	}
	return strings.HasPrefix(p.tag, "JJ") && !lowerCaseSentence(toks, i)
}

// eponymCompoundAfter reports whether toks[i] opens a compound that ends
// in an eponym noun, with one or two modifiers between: "Harris corner
// detector", "the Elmore delay model", "the Amber ff14SB force field", "the
// Harris k parameter". A person's name is followed by what the person does
// or owns, a verb or a possessive; a noun compound after a bare name is
// what the name names. The modifiers are nouns, adjectives or codes in
// lower case; a verb, a function word or a person's noun ("Harris team
// lead") ends the compound.
func (ro *roster) eponymCompoundAfter(toks []token, i int) bool {
	for k := 1; k <= 3; k++ {
		n := neighbourAt(toks, i, k)
		if n == nil || isCapitalized(n.word) || !(isLetters(n.word) && n.word == n.folded || letterDigitCode(n.word)) ||
			ro.lex.personNouns[n.folded] || ro.lex.roleNouns[n.folded] {
			return false
		}
		if k > 1 && ro.lex.eponymNouns[n.folded] && strings.HasPrefix(n.tag, "NN") {
			return true
		}
		if !modifierTag(n.tag) {
			return false
		}
	}
	return false
}

// modifierTag reports whether a Penn tag can stand before the head of a
// noun compound: a noun, an adjective or a number ("corner detector",
// "conformal conic", "k parameter").
func modifierTag(tag string) bool {
	return strings.HasPrefix(tag, "NN") && tag != "NNP" && tag != "NNPS" || strings.HasPrefix(tag, "JJ") || tag == "CD"
}

// letterDigitCode reports whether w is a code of letters and digits, both
// ("ff14SB", "x86"), as versions and parameter sets are named.
func letterDigitCode(w string) bool { return lettersWithDigits(w, "") }

// lettersWithDigits reports whether w holds letters and digits, both, and
// no other character but those of joins.
func lettersWithDigits(w, joins string) bool {
	letters, digits := false, false
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		case !strings.ContainsRune(joins, r):
			return false
		}
	}
	return letters && digits
}

// productNameAfter reports whether toks[i] is the first word of a
// product's name by what follows it: a tool's name written in CamelCase
// ("Picard MarkDuplicates"), a technology or a capitalised word before
// a version or a model number ("Rocky Linux 9", "Sierra Wireless EM7565"),
// or, after an article, a capitalised English word ("a Page Object
// Model").
// A person's name is followed by a surname, never by a version.
func (ro *roster) productNameAfter(toks []token, i int) bool {
	n := neighbourAt(toks, i, 1)
	if n == nil {
		return false
	}
	if camelCase(n.word) && hasLower(n.word) && isLetters(n.word) && !strings.Contains(n.word, "-") && ro.words[n.folded] == nil {
		return true
	}
	if !isCapitalized(n.word) || !isLetters(n.word) || ro.words[n.folded] != nil || ro.lex.given[n.folded] || ro.lex.surnames[n.folded] && !ro.lex.isTech(n.word) {
		return false
	}
	if afterArticle(toks, i) && !isAllUpper(n.word) && ro.lex.isWord(n.folded) && !ro.lex.namesSomeone(n.folded) {
		// "a Page Object Model", "the Rich Text Editor": an article
		// before a name part and a capitalised English word after it
		// write a thing's name in title case; a person's name after an
		// article goes on with a surname or a role, not an English word.
		return true
	}
	m := neighbourAt(toks, i, 2)
	return m != nil && (modelNumber(m.word) || (ro.lex.takesVersion(n.word) || ro.lex.techWords[n.folded]) && versionAfter(toks, i+1, true))
}

// modelNumber reports whether w is a model number: capitals then digits,
// at least two of each kind in all ("EM7565", "RTX4090", "A100").
func modelNumber(w string) bool {
	k := strings.IndexFunc(w, unicode.IsDigit)
	if k < 1 {
		return false
	}
	for _, r := range w[:k] {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return len(w)-k >= 2 && allDigitsDots(w[k:])
}

// versionAfter reports whether a version follows toks[i] in its sentence:
// "v5", "3.11.4", or a number before a model's size ("2 9B"); with
// techName, any number not read as a score ("3.3", "2012"; not "3.5/4" or
// "4 / 5").
func versionAfter(toks []token, i int, techName bool) bool {
	k := i + 1
	if k >= len(toks) || toks[k].sent != toks[i].sent {
		return false
	}
	w := toks[k].word
	if len(w) > 1 && w[0] == 'v' && allDigitsDots(w[1:]) || strings.Count(w, ".") >= 2 && allDigitsDots(w) {
		return true
	}
	if !allDigitsDots(w) {
		return false
	}
	if m := k + 1; m < len(toks) && toks[m].sent == toks[k].sent {
		if modelSize(toks[m].word) {
			return true
		}
		if w := toks[m].word; w == "%" || w == "out" || scoreOutOf(toks, m) {
			return false
		}
	}
	return techName
}

// scoreOutOf reports whether toks[m] divides a score by its scale ("3.5
// / 4", "3.5/4" read as "/4"); "Ada 2012 / SPARK" lists a language.
func scoreOutOf(toks []token, m int) bool {
	w := toks[m].word
	if w != "/" {
		return strings.HasPrefix(w, "/") && allDigitsDots(w[1:])
	}
	return m+1 < len(toks) && toks[m+1].sent == toks[m].sent && allDigitsDots(toks[m+1].word)
}

// allDigitsDots reports whether w is digits with single dots between
// ("3", "3.11.4").
func allDigitsDots(w string) bool {
	if w == "" || w[0] == '.' || w[len(w)-1] == '.' || strings.Contains(w, "..") {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// modelSize reports whether w is a model's size in parameters ("9B",
// "1.5B", "350M").
func modelSize(w string) bool {
	return len(w) > 1 && strings.ContainsRune("BMK", rune(w[len(w)-1])) && allDigitsDots(w[:len(w)-1])
}

// techNounAfter reports whether a technical noun in lower case follows
// toks[i], right after it or after one more word in lower case ("River
// library", "River job queue").
func (ro *roster) techNounAfter(toks []token, i int) bool {
	for k := 1; k <= 2; k++ {
		n := neighbourAt(toks, i, k)
		if n == nil || !isLetters(n.word) || n.word != strings.ToLower(n.word) ||
			ro.lex.personNouns[n.folded] {
			return false
		}
		if ro.lex.techNeighbours[n.folded] {
			return true
		}
	}
	return false
}

// techNounRight reports whether a technical noun in lower case follows
// toks[i] right after it ("Frida hooks", "Tracy profiler"); the lexicon's
// verbs do not count ("Frida used").
func (ro *roster) techNounRight(toks []token, i int) bool {
	n := neighbourAt(toks, i, 1)
	return n != nil && n.word == n.folded && isLetters(n.word) && techNoun(n.folded, ro.lex.techNeighbours) &&
		strings.HasPrefix(n.tag, "NN")
}

// techNoun reports whether a folded word is a noun of the tech-neighbours
// lexicon, not one of its verbs ("used", "porting").
func techNoun(f string, neighbours map[string]bool) bool {
	return neighbours[f] && !strings.HasSuffix(f, "ed") && !strings.HasSuffix(f, "ing") && !verbLike(f)
}

// surnameOnly reports whether f is a later part of id's name, not its
// first, and no given name the lexicons know: how a note names an idea
// after its finder ("Ward's method"), and seldom a colleague.
func (ro *roster) surnameOnly(f string, id *identity) bool {
	parts := strings.Fields(id.person.Name)
	if len(parts) < 2 || fold(parts[0]) == f {
		return false
	}
	// A second given name is no surname ("María Fernanda": "Fernanda's
	// diagram" is hers).
	return !ro.lex.given[f] && !ro.lex.rareGiven[f]
}

// onlySurname reports whether every known person a folded word names has
// it as a later part of the name, never the first (surnameOnly).
func (ro *roster) onlySurname(f string) bool {
	ids := ro.words[f]
	for _, id := range ids {
		if !ro.surnameOnly(f, id) {
			return false
		}
	}
	return len(ids) > 0
}

// eponymOfSurname reports whether toks[i]'s possessive is followed by an
// eponym noun in lower case that names no one's own work ("Ward's method";
// "Ward's code" and "Ward's tests" are hers).
func (ro *roster) eponymOfSurname(toks []token, i int) bool {
	p, n := neighbourAt(toks, i, 1), neighbourAt(toks, i, 2)
	if p == nil || n == nil || p.word != "'s" && p.word != "’s" || n.word != strings.ToLower(n.word) {
		return false
	}
	return ro.lex.eponymNouns[n.folded] && !workNouns[n.folded]
}

// lowerSubject reports whether toks[i], written in lower case, does what
// a person does in a hurried note: the subject of a past tense, with no
// article before it ("brook went to HyperLogLog"); "the brook flowed" is
// the word, and a possessive is no evidence ("knight's tour").
func lowerSubject(toks []token, i int) bool {
	t, n := toks[i], neighbourAt(toks, i, 1)
	if isCapitalized(t.word) || n == nil || afterArticle(toks, i) || notNounWord(t) {
		return false
	}
	return n.tag == "VBD" && !strings.HasSuffix(t.folded, "ed")
}

// withLaterInitial reports whether toks[i], a part of id's name, is
// followed by the initial of a later part ("crystal f." for Crystal
// Ferreira): the person, however the part is written.
func withLaterInitial(toks []token, i int, id *identity) bool {
	return i+1 < len(toks) && toks[i+1].sent == toks[i].sent && laterPartInitial(id.person.Name, toks[i].nameKey(), toks[i+1].word)
}

// vendorBefore reports whether a vendor of the vendors lexicon, written
// as a name, stands right before toks[i], a name part that may also name a
// product (a word, a technology, a tool or an allowed technical term): the
// name is the vendor's product there ("Apache Cassandra", "Apache Heron",
// "Apache Kafka" beside a candidate named Kafka); "Google Maria" is no
// product.
func (ro *roster) vendorBefore(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	return p != nil && isCapitalized(p.word) && ro.lex.vendors[p.folded] && ro.words[p.folded] == nil &&
		(ro.lex.mayNameProduct(toks[i].word) || ro.allow[toks[i].nameKey()])
}

// selfReference reports whether toks[i] is how a writer names themself in
// the third person as the agent of what they did, in a sentence that
// names no technology besides ("photo taken by Phoenix after the session";
// "rendered by Phoenix and Postgres" is the tool). A sign-off (signOff)
// is the person for anyone, and thingHere asks it first.
func (ro *roster) selfReference(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	return p != nil && p.folded == "by" && !ro.otherTechInSentence(toks, i)
}

// signOff reports whether toks[i] signs off a spoken note, "out" closing
// its sentence ("Nova out."): no tool, word or idea is said that way.
func signOff(toks []token, i int) bool {
	n := neighbourAt(toks, i, 1)
	if n == nil || n.folded != "out" {
		return false
	}
	end := neighbourAt(toks, i, 2)
	return end == nil || end.word == "." || end.word == "!"
}

// personWordAfter reports whether a word of the person-nouns lexicon
// follows toks[i] ("Perlin asking about Perlin noise", "Helm said"): the
// name is a person there, even its writer's own.
func (ro *roster) personWordAfter(toks []token, i int) bool {
	n := neighbourAt(toks, i, 1)
	return n != nil && ro.lex.personNouns[n.folded]
}

// opinionOwner reports whether toks[i]'s possessive owns a noun of
// assessment or opinion (the opinion-nouns lexicon: "Laplace's rating:
// 3.5/4", "Hamming's verdict: Hire"): only a person rates or judges, so
// the name is the person there, whatever idea it also names.
func (ro *roster) opinionOwner(toks []token, i int) bool {
	p, n := neighbourAt(toks, i, 1), neighbourAt(toks, i, 2)
	return p != nil && n != nil && (p.word == "'s" || p.word == "’s") && n.word == n.folded && ro.lex.opinionNouns[n.folded]
}

// pairedWithPerson reports whether toks[i] stands across a slash or an
// ampersand from a capitalised part of another known person's name
// ("Khoa Tran / Yui 1:1", "Yui & Khoa sync"): a meeting's or a pair's
// title names its people, even where one of the names is also a tool's.
func (ro *roster) pairedWithPerson(toks []token, i int) bool {
	for _, d := range []int{-1, 1} {
		sep, other := neighbourAt(toks, i, d), neighbourAt(toks, i, 2*d)
		if sep == nil || other == nil || sep.word != "/" && sep.word != "&" || !isCapitalized(other.word) {
			continue
		}
		for _, id := range ro.words[other.folded] {
			if id != ro.author && !ro.techWord(other.folded) {
				return true
			}
		}
	}
	return false
}

// eponymAfter reports whether an eponym noun follows toks[i], right after
// it or after its possessive ("Kalman filter", "Brooks's law"): the name
// names an idea there.
//
// After a possessive only a statement's name counts: "Brooks's law",
// "Amdahl's law", but "Brooks's test suite" and "Brooks's code" are the
// person's work.
func (ro *roster) eponymAfter(toks []token, i int) bool {
	n := i + 1
	possessive := n < len(toks) && toks[n].sent == toks[i].sent && (toks[n].word == "'s" || toks[n].word == "’s")
	if possessive {
		n++
	}
	if n >= len(toks) || toks[n].sent != toks[i].sent || isCapitalized(toks[n].word) {
		return false
	}
	if ro.lex.eponymNouns[toks[n].folded] {
		// A possessive name is followed by a statement noun (the
		// statement-nouns lexicon) only where it names an idea, or any
		// eponym noun where the name is a technical one ("Dijkstra's
		// algorithm"; "Ewa's algorithm" is hers).
		return !possessive || ro.lex.statementNouns[toks[n].folded] || ro.techWord(toks[i].folded) && !workNouns[toks[n].folded]
	}
	return possessive && ro.namedMethod(toks, i, n)
}

// eponymNounAt reports whether toks[k], in toks[i]'s sentence, is an
// eponym noun written in lower case: after a technical name's possessive
// it makes the name the finder's ("Dijkstra's algorithm" beside a candidate
// named Dijkstra; "Ewa's algorithm" is no technical name's).
func (ro *roster) eponymNounAt(toks []token, i, k int) bool {
	return k < len(toks) && toks[k].sent == toks[i].sent && !isCapitalized(toks[k].word) && ro.lex.eponymNouns[toks[k].folded]
}

// namedMethod reports whether a possessive surname at toks[i] names a
// method by the words after it (from toks[n]): a compound ending in an
// eponym noun ("Welch's t-test"), or a technical compound before one
// ("Dijkstra's shunting-yard algorithm"). A given name does not ("Ewa's
// sorting algorithm" is hers), nor does a judgement ("Welch's brute-force
// algorithm").
func (ro *roster) namedMethod(toks []token, i, n int) bool {
	if n >= len(toks) || toks[n].sent != toks[i].sent || ro.lex.given[toks[i].folded] || judgementWords[toks[n].folded] {
		return false
	}
	if k := strings.LastIndexByte(toks[n].folded, '-'); k > 0 && ro.lex.eponymNouns[toks[n].folded[k+1:]] {
		return true
	}
	// A plain noun between would make "Nyambura's load test" and "Bloom's
	// shader code" methods: only a technical compound the lexicon knows
	// stands there ("shunting-yard"), or an adjective that classifies
	// the method rather than judging someone's work ("Fisher's exact
	// test", "Kahn's topological sort"; "Fisher's new test" is hers).
	m := n + 1
	if m >= len(toks) || toks[m].sent != toks[i].sent || isCapitalized(toks[m].word) || !ro.lex.eponymNouns[toks[m].folded] {
		return false
	}
	if toks[n].tag == "JJ" && toks[n].word == toks[n].folded && isLetters(toks[n].word) && !judgementWords[toks[n].folded] {
		return true
	}
	return strings.Contains(toks[n].folded, "-") && ro.lex.isTech(toks[n].word)
}

// workNouns are eponym nouns that, after a possessive, are as often a
// person's own work ("Dijkstra's code was clean", "Bloom's tests") as a
// method named after its finder.
var workNouns = map[string]bool{"code": true, "codes": true, "test": true, "tests": true, "tree": true, "trees": true,
	"graph": true, "graphs": true, "index": true, "lock": true, "locks": true, "process": true, "processes": true,
	"chain": true, "chains": true, "clock": true, "clocks": true, "search": true, "sort": true, "number": true,
	"numbers": true, "problem": true, "effect": true, "heap": true, "heaps": true, "model": true, "filter": true, "filters": true}

// judgementWords are the words before an eponym noun that judge, date or
// own someone's work rather than name a finder's method ("Nyambura's
// brute-force algorithm", "Fisher's new test", "Bloom's own code").
var judgementWords = map[string]bool{"brute-force": true, "new": true, "old": true, "own": true, "first": true, "last": true,
	"final": true, "flaky": true, "broken": true, "failing": true, "good": true, "bad": true, "great": true, "nice": true,
	"clean": true, "messy": true, "slow": true, "fast": true, "quick": true, "simple": true, "naive": true, "buggy": true,
	"current": true, "previous": true, "original": true, "latest": true, "earlier": true, "later": true, "little": true,
	"big": true, "small": true, "whole": true, "entire": true, "second": true, "next": true, "early": true, "initial": true,
	"clever": true, "elegant": true, "neat": true, "solid": true, "weak": true, "strong": true, "rough": true, "favourite": true,
	"favorite": true, "usual": true, "main": true, "only": true, "other": true, "same": true, "extra": true, "custom": true}

// readsAsAcronym reports whether a short word in capitals reads as an
// acronym where it stands: a name written in capitals opens its sentence
// or line and is followed by a verb or a possessive ("ANA mentioned",
// "DAG's notes"); anywhere else ("the Airflow DAG with sensors", "shadow
// DOM", "ROS 2 nodes") it is an acronym.
func (ro *roster) readsAsAcronym(toks []token, i int) bool {
	if !toks[i].first && !afterListMarker(toks, i) {
		return true
	}
	n := i + 1
	if n >= len(toks) || toks[n].sent != toks[i].sent {
		return true
	}
	if strings.HasPrefix(toks[n].tag, "VB") || toks[n].tag == "MD" || toks[n].tag == "POS" || strings.HasSuffix(toks[n].folded, "ed") {
		return false
	}
	return true
}

// besideSamePerson reports whether a word right before or after toks[i]
// in its sentence is another part of id's name.
func (ro *roster) besideSamePerson(toks []token, i int, id *identity) bool {
	for _, k := range []int{i - 1, i + 1} {
		if k < 0 || k >= len(toks) || toks[k].sent != toks[i].sent || k == i {
			continue
		}
		for _, other := range ro.words[toks[k].nameKey()] {
			if other == id && toks[k].nameKey() != toks[i].nameKey() {
				return true
			}
		}
		if k == i+1 && laterPartInitial(id.person.Name, toks[i].nameKey(), toks[k].word) {
			return true // "crystal f.": a name with its surname's initial
		}
	}
	return false
}

// inNameOrder reports whether toks[i] and a neighbour are two parts of
// id's name in the name's own order ("maria concepcion" for Maria
// Concepcion Dizon): then a part that is also a word ("maria", a plural
// of mare) names the person. "Ahmad said" skips "bin" and does not.
func inNameOrder(toks []token, i int, id *identity) bool {
	if withLaterInitial(toks, i, id) {
		return true
	}
	parts := strings.Fields(fold(id.person.Name))
	for k, p := range parts {
		if p != toks[i].folded {
			continue
		}
		if k+1 < len(parts) && i+1 < len(toks) && toks[i+1].sent == toks[i].sent && toks[i+1].folded == parts[k+1] ||
			k > 0 && i > 0 && toks[i-1].sent == toks[i].sent && toks[i-1].folded == parts[k-1] {
			return true
		}
	}
	return false
}

// shouted reports whether the sentence of toks[i] has no lower-case letter
// (a heading in capitals).
func shouted(toks []token, i int) bool {
	return noWordInSentence(toks, i, hasLower)
}

// noWordInSentence reports whether no word of toks[i]'s sentence has the
// property has.
func noWordInSentence(toks []token, i int, has func(string) bool) bool {
	for k := i; k >= 0 && toks[k].sent == toks[i].sent; k-- {
		if has(toks[k].word) {
			return false
		}
	}
	for k := i + 1; k < len(toks) && toks[k].sent == toks[i].sent; k++ {
		if has(toks[k].word) {
			return false
		}
	}
	return true
}

func hasLower(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// namesPerson decides whether a part that is also an ordinary word ("Will",
// "Hope", "Grace") is the name here: it must be capitalised, and then
// either be possessive, or sit beside another part of a known name or
// after a title, or stand mid-sentence where its neighbours do not read it
// as a technology, or open a sentence as the subject of a verb.
func (ro *roster) namesPerson(toks []token, i int) bool {
	t := toks[i]
	// In a heading written in capitals ("SUMMARY: GRAY IS A STRONG HIRE")
	// a capitalised part reads as it would in ordinary case.
	if !isCapitalized(t.word) || isAllUpper(t.word) && len(t.word) > 1 && !shouted(toks, i) {
		return false
	}
	if ro.possessiveOrBesideName(toks, i) {
		return true
	}
	// The key without the period prose leaves on a short word that ends
	// a sentence ("was in Go.").
	if ro.techWord(t.nameKey()) && ro.techReading(toks, i) {
		return false
	}
	if !t.first && !afterListMarker(toks, i) {
		return true
	}
	return ro.subjectOpening(toks, i)
}

// writtenBy returns the roster as read in a text that the interviewer
// with the given index wrote (-1: unknown), sharing everything else.
func (ro *roster) writtenBy(author int) *roster {
	if author < 0 {
		return ro
	}
	for _, id := range ro.ids {
		if id.role == roleInterviewer && id.index == author {
			c := *ro
			c.author = id
			return &c
		}
	}
	return ro
}

// addressed reports whether toks[i] is spoken to or tagged, as a name is
// even in its owner's own note (a pasted thread): before a colon, a comma
// or a question mark, or after "@", "cc" or "thanks".
func (ro *roster) addressed(toks []token, i int) bool {
	if n := neighbourAt(toks, i, 1); n != nil {
		switch n.word {
		case ":", ",", "?", "!":
			return true
		}
		if initialBeforeColon(toks, i+1) {
			return true // "Ray C: opening this thread"
		}
	}
	if p := neighbourAt(toks, i, -1); p != nil {
		switch p.folded {
		case "@", "cc", "thanks", "thx", "ask", "asked", "hi", "hey":
			return true
		}
	}
	return false
}

// signedLine reports whether toks[i] ends a signature line that a dash
// opens, with at most initials between ("— J. Hilbert", "-- J.M. Hilbert"):
// a name signing a note is its writer even where it also names an idea.
func signedLine(toks []token, i int) bool {
	if n := neighbourAt(toks, i, 1); n != nil && !(n.word == "." && neighbourAt(toks, i, 2) == nil) {
		return false
	}
	k := i - 1
	for k >= 0 && toks[k].sent == toks[i].sent {
		w := toks[k].word
		switch {
		case w == "." && k > 0 && initialWord(toks[k-1].word):
			k -= 2
			continue
		case initialWord(w) || initialsWithDots(w):
			k--
			continue
		}
		break
	}
	// The dash opens its sentence, or follows the full stop of the line's
	// last one, which the tagger may run into the signature ("Strong hire,
	// 4/4. -- N. Floyd").
	return k >= 0 && toks[k].sent == toks[i].sent && strings.Trim(toks[k].word, signDashes) == "" &&
		(k == 0 || toks[k-1].sent != toks[i].sent || toks[k-1].word == "." || toks[k-1].word == "!")
}

// afterArticle reports whether an article or a demonstrative stands right
// before toks[i] ("the dev server", "a mark"): a name written in lower case
// takes none, whatever dictionary lacks the word.
func afterArticle(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil {
		return false
	}
	return articles[p.folded]
}

// articles are the determiners no name takes: a word written in lower case
// after one is the word ("the dev server").
var articles = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"each": true, "every": true, "any": true, "no": true}

// ownedThing reports whether a possessive determiner stands right before
// toks[i] ("Their Rust is idiomatic", "her Swift code"): notes do not say
// "their Morgan", so the word is the thing owned, not the person.
func ownedThing(toks []token, i int) bool {
	p := neighbourAt(toks, i, -1)
	if p == nil {
		return false
	}
	if possessiveDeterminer[p.folded] {
		return true
	}
	switch p.folded {
	case "her":
		// After a verb "her" may be the object and the name its
		// complement: "asked us to call her Eilidh".
		q := neighbourAt(toks, i, -2)
		return q == nil || !strings.HasPrefix(q.tag, "VB")
	}
	return false
}

// possessiveDeterminer are the determiners that make the word after them
// a thing owned, never a person's name ("their Rust", "his dev loop");
// "her", which may also be an object ("call her Eilidh"), is read apart.
var possessiveDeterminer = map[string]bool{"their": true, "his": true, "my": true, "our": true, "your": true, "its": true, "whose": true}

// neighbourAt returns toks[i+k] if it is in toks[i]'s sentence, or nil.
func neighbourAt(toks []token, i, k int) *token {
	if i+k >= 0 && i+k < len(toks) && toks[i+k].sent == toks[i].sent {
		return &toks[i+k]
	}
	return nil
}

// possessiveOrBesideName reports whether toks[i] is possessive (and not a
// technology's: "Rust's borrow checker"), or stands beside another
// capitalised part of a known name or after a title.
func (ro *roster) possessiveOrBesideName(toks []token, i int) bool {
	t := toks[i]
	if n := neighbourAt(toks, i, 1); n != nil {
		if n.word == "'s" && !(ro.techWord(t.folded) && (ro.techAfter(toks, i+2) || ro.eponymNounAt(toks, i, i+2)) || ro.namedMethod(toks, i, i+2)) ||
			ro.words[n.folded] != nil && isCapitalized(n.word) && !ro.common[n.folded] {
			return true
		}
	}
	p := neighbourAt(toks, i, -1)
	return p != nil && (ro.words[p.folded] != nil && isCapitalized(p.word) && !ro.common[p.folded] || isTitleOf(ro.titles, p.word))
}

// subjectOpening reports whether a part opening a sentence is the subject
// of a finite verb ("Grace rewrote"), while the word opens questions and
// phrases ("Will she", "Hope this helps").
func (ro *roster) subjectOpening(toks []token, i int) bool {
	n := neighbourAt(toks, i, 1)
	if n == nil {
		return false
	}
	switch n.tag {
	case "VBD", "VBZ", "VBN", "VBP":
		// The tagger reads the noun of a compound as a verb where a verb
		// follows it ("Page weight dropped 40%"): two finite verbs in a
		// row, the first no auxiliary, make the first a noun the part
		// modifies, as a word does.
		m := neighbourAt(toks, i, 2)
		return m == nil || !(m.tag == "VBD" || m.tag == "VBZ") || auxiliaryVerbs[n.folded] || n.word != n.folded
	case "MD", "POS", ",":
		return true
	}
	if n.word == "(" || n.word == "—" || n.word == "--" {
		return true // "Bob (they introduced themselves that way)"
	}
	if n.word == ":" && toks[i].first {
		return true // "Pat: hire, solid k8s": who said it
	}
	if toks[i].first && initialBeforeColon(toks, i+1) {
		return true // "Ray C: opening this thread": a speaker and their initial
	}
	if m := neighbourAt(toks, i, 2); (n.word == "and" || n.word == "&") && m != nil && ro.words[m.folded] != nil && ro.namesPerson(toks, i+2) {
		return true // "Rocky and Sierra both positive": joined to a known person
	}
	// The tagger reads "Will described" as a modal and a verb; a modal is
	// never followed by a past tense.
	w := strings.ToLower(n.word)
	return strings.HasSuffix(w, "ed") && len(w) > 4 && !ro.lex.notPast[w]
}

// auxiliaryVerbs are the forms of be, have, do and get, which a
// participle or a past form may follow ("Will has shipped", "Grace was
// asked", "Hope got promoted").
var auxiliaryVerbs = map[string]bool{"is": true, "was": true, "are": true, "were": true, "has": true, "had": true, "have": true,
	"does": true, "did": true, "do": true, "gets": true, "got": true, "'s": true, "’s": true}

// initialWord reports whether w is one capital letter, with or without
// its period ("C", "C.").
func initialWord(w string) bool {
	w = strings.TrimSuffix(w, ".")
	return len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z'
}

// initialBeforeColon reports whether toks[k] is an initial followed by a
// colon in its sentence, as a speaker's surname is in a chat ("Ray C:").
func initialBeforeColon(toks []token, k int) bool {
	return k+1 < len(toks) && toks[k+1].sent == toks[k].sent && initialWord(toks[k].word) && toks[k+1].word == ":"
}

func afterListMarker(toks []token, i int) bool {
	return i > 0 && toks[i-1].sent == toks[i].sent && toks[i-1].first && (toks[i-1].word == "-" || toks[i-1].word == "*")
}

// diminutivesOf returns the common English pet forms of a given name:
// June -> Junie, Juney; Grace -> Gracie; Ann -> Annie.
func diminutivesOf(p string) []string {
	if len(p) < 3 {
		return nil
	}
	stem := strings.TrimSuffix(p, "e")
	return []string{stem + "ie", stem + "y", p + "ie"}
}

// techWord reports whether a folded name part is also a technology
// (an allowed term such as Rust or Julia, a technology lexicon entry such
// as AWS, or a tool's name such as Hugo).
func (ro *roster) techWord(f string) bool {
	return ro.allow[f] || ro.lex.isTech(f) || ro.products.has(f) || ro.lex.nameOfThing(f)
}

// foldedSet is a set of words folded at its first question: a note's
// roster asks about the employers' names seldom, and folding them all
// was a good part of building it.
type foldedSet struct {
	words []string
	once  sync.Once
	set   map[string]bool
}

// has reports whether the folded word f is one of the set's; a nil set
// has none.
func (s *foldedSet) has(f string) bool {
	if s == nil {
		return false
	}
	s.once.Do(func() {
		s.set = make(map[string]bool, len(s.words))
		for _, w := range s.words {
			s.set[fold(w)] = true
		}
	})
	return s.set[f]
}

// techAfter reports whether toks[i] is a technical word (or the first of
// a technical phrase): "Rust's borrow checker" is the language's, unless
// a person noun follows ("Ray's GPU concern").
func (ro *roster) techAfter(toks []token, i int) bool {
	if i >= len(toks) || i < 2 || toks[i].sent != toks[i-2].sent {
		return false
	}
	if ro.techy(toks[i].word) || codeSpanToken(toks[i].text) || camelCase(toks[i].word) && !isCapitalized(toks[i].word) {
		// "Ray's GPU concern" is a person's concern about GPUs.
		return !(i+1 < len(toks) && toks[i+1].sent == toks[i].sent && ro.lex.personNouns[toks[i+1].folded])
	}
	return i+1 < len(toks) && toks[i+1].sent == toks[i].sent && ro.lex.isTech(toks[i].word+"-"+toks[i+1].word)
}

// techy reports whether a word is a technical term or a word that goes with
// one ("library", "benchmarked").
func (ro *roster) techy(w string) bool {
	f := fold(w)
	return ro.allow[f] || ro.lex.isTech(w) || ro.lex.techNeighbours[f] || ro.lex.toolNames[f]
}

// codeSpanToken reports whether a token's text is a code span of its own
// ("`spyOn`", which the tagger reads as a neutral word):
// after a name's possessive it makes the name a tool's ("Jasmine's
// `spyOn`").
func codeSpanToken(w string) bool {
	return len(w) > 2 && w[0] == '`' && w[len(w)-1] == '`'
}

// techReading decides for a known name part that is also a technology
// (Rust, Julia, AWS, Moore) whether its neighbours read it as the
// technology: followed by a technical word or a common noun ("a Rust CLI",
// "Julia code", "Moore's law"), or after a preposition that takes a
// language and before the end of the clause ("wrote it in Julia.").
// Anything else is the person, who is the one to protect.
func (ro *roster) techReading(toks []token, i int) bool {
	n, p := neighbourAt(toks, i, 1), neighbourAt(toks, i, -1)
	if n != nil && ro.techBefore(toks, i, n) {
		return true
	}
	if p != nil && ro.lex.techNeighbours[p.folded] && strings.HasPrefix(p.tag, "VB") {
		return true // "has written Julia professionally", "benchmarked Rust"
	}
	if p != nil && pipelineArrow(p.word) {
		// "Debezium → Kafka → Iceberg": a stage of a pipeline between
		// technologies is one too; a person is never such a stage.
		return i >= 2 && toks[i-2].sent == toks[i].sent && ro.techy(toks[i-2].word) ||
			n != nil && pipelineArrow(n.word) && i+2 < len(toks) && toks[i+2].sent == toks[i].sent && ro.techy(toks[i+2].word)
	}
	clauseEnds := n == nil || !isLetters(n.word) || n.tag == "CC" || n.tag == "RB" || n.tag == "IN" || n.tag == "TO" || n.tag == "WRB" || n.tag == "WDT"
	if p != nil && !clauseEnds && auxiliary(n) && (p.folded == "in" || p.folded == "using") {
		// "exactly-once in Kafka is scoped": the phrase "in Kafka" ends
		// where the clause's verb follows; a person is seldom its object.
		return true
	}
	if p != nil && p.folded == "from" && n != nil && n.folded == "to" && ro.otherProduct(toks, i+2) {
		// "from Hugo to Docusaurus": the way from one technology leads to
		// another, as "from Jekyll to Hugo" does.
		return true
	}
	if p != nil && clauseEnds {
		switch strings.ToLower(p.word) {
		case "in", "using", "into", "than", "like", "vs", "vs.", "versus":
			return true
		case "and", "or", ",", "/":
			return i >= 2 && toks[i-2].sent == toks[i].sent && ro.techy(toks[i-2].word)
		case "about", "regarding":
			// "Asked about Ada: they have used GNAT once, for a SPARK
			// proof": a topic that ends its clause, in a sentence that
			// names other technologies, is the technology; "asked
			// about Ada." alone may be asking after the person.
			return ro.otherTechInSentence(toks, i)
		case "to":
			// "from Jekyll to Hugo": the way from one technology leads
			// to another; "port it to Julia": a technical verb's goal.
			return i >= 3 && toks[i-3].sent == toks[i].sent && toks[i-3].folded == "from" && ro.techy(toks[i-2].word) ||
				ro.techVerbBefore(toks, i-1)
		}
	}
	return ro.contrastedWithTech(toks, i)
}

// otherTechInSentence reports whether toks[i]'s sentence holds, besides
// it, a technical word that is no known person's: an allowed term, a
// technology, a tool or a neighbour of one ("GNAT", "SPARK").
func (ro *roster) otherTechInSentence(toks []token, i int) bool {
	return besideRun(toks, i, i, func(k int) bool { return ro.techy(toks[k].word) && ro.words[toks[k].folded] == nil })
}

// auxiliary reports whether t is a modal or a form of "be" or "have",
// the verb a clause's subject meets first.
func auxiliary(t *token) bool {
	switch t.folded {
	case "is", "was", "are", "were", "has", "had", "have":
		return true
	}
	return t.tag == "MD"
}

// pipelineArrow reports whether w is an arrow that joins the stages of a
// pipeline or a migration ("Debezium → Kafka", "Jekyll -> Hugo").
func pipelineArrow(w string) bool {
	switch w {
	case "→", "->", "=>", "⇒", "⟶", "➝", "➔":
		return true
	}
	return false
}

// techVerbBefore reports whether a verb of the tech-neighbours lexicon
// ("port", "migrated", "rewrote") stands before toks[k], right before it or
// before its object pronoun ("port it to", "migrated them into").
func (ro *roster) techVerbBefore(toks []token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-2 && toks[j].sent == toks[k].sent; j-- {
		if ro.lex.techNeighbours[toks[j].folded] && (strings.HasPrefix(toks[j].tag, "VB") || verbLike(toks[j].folded)) {
			return true
		}
		if toks[j].tag != "PRP" {
			return false
		}
	}
	return false
}

// contrastedWithTech reports whether toks[i] is weighed against a
// technology after it: "why Julia and not Numba", "Julia or Python",
// "Ray vs Spark".
func (ro *roster) contrastedWithTech(toks []token, i int) bool {
	n := neighbourAt(toks, i, 1)
	if n == nil {
		return false
	}
	switch n.folded {
	case "and", "or", "vs", "vs.", "versus", "/":
	default:
		return false
	}
	k := i + 2
	if m := neighbourAt(toks, i, 2); m != nil && m.folded == "not" {
		k++
	}
	// "I asked Rust and Julia" for an interviewer named Julia Rust: a
	// known name on both sides is two mentions.
	return k < len(toks) && toks[k].sent == toks[i].sent && isCapitalized(toks[k].word) && ro.techy(toks[k].word) &&
		ro.words[toks[k].folded] == nil
}

// techBefore reports whether the word n after a technical name toks[i]
// makes it the technology: its possessive before a technical word ("Rust's
// borrow checker"), a capitalised word that is nobody's name ("Kong
// Gateway", "Swift Package"), a technical word, or a common noun that is
// no person noun ("Julia notebooks").
func (ro *roster) techBefore(toks []token, i int, n *token) bool {
	if n.word == "'s" || n.word == "’s" {
		return ro.techAfter(toks, i+2)
	}
	if ro.lex.techNeighbours[n.folded] && (strings.HasPrefix(n.tag, "VB") || verbLike(n.folded)) {
		return false // "Idris used tokio": a name before a verb is its subject
	}
	if isCapitalized(n.word) && isLetters(n.word) && !initialWord(n.word) && ro.words[n.folded] == nil && !ro.lex.isName(n.folded) && !isTitleOf(ro.titles, n.word) {
		return true
	}
	return ro.techy(n.word) || ro.commonNoun(n) || n.tag == "JJ" && i+2 < len(toks) && toks[i+2].sent == n.sent && ro.commonNoun(&toks[i+2])
}

// commonNoun reports whether t is a lower-case common noun that is no
// person noun: after a name, it makes the name a thing's ("Julia
// notebooks", "Hugo static pages").
func (ro *roster) commonNoun(t *token) bool {
	return (t.tag == "NN" || t.tag == "NNS") && !isCapitalized(t.word) && !ro.lex.personNouns[t.folded]
}

func isTitleOf(titles []string, w string) bool {
	w = strings.TrimSuffix(w, ".")
	for _, t := range titles {
		if strings.EqualFold(t, w) {
			return true
		}
	}
	return false
}

// shortFormOf reports whether w is a short form made of the end of a long
// name part ("Bayo" for Adebayo, "Tunde" for Babatunde), not an ordinary
// word, or the name's beginning said twice ("Chi-Chi" for Chidinma).
func shortFormOf(w, form string, lex *lexicon) bool {
	if a, b, ok := strings.Cut(w, "-"); ok {
		return a == b && len(a) >= 2 && len(form) >= len(a)+3 && strings.HasPrefix(form, a)
	}
	return len(form) >= 7 && len(w) >= 4 && len(form)-len(w) >= 2 && strings.HasSuffix(form, w) && !lex.isWord(w)
}

// toolCased reports whether a form f, written w, is a tool's name of the
// tool-names lexicon written as the tool is (capitalised, not in
// capitals): only then may it be the tool ("built in Hugo"); "IDRIS" and
// "idris" are the person. The leak gate reads it the same way.
func (ro *roster) toolCased(f, w string) bool {
	return ro.lex.toolNames[f] && isCapitalized(w) && !isAllUpper(w)
}

// chatName reports whether a lower-case word f at toks[i] in a chat-style
// sentence acts as a name does (actsAsName) and is no technology: a short
// form that is also a word then names the person ("jimmy's loop done").
func (ro *roster) chatName(toks []token, i int, f string) bool {
	return !isCapitalized(toks[i].word) && !ro.allow[f] && !ro.lex.isTech(f) && actsAsName(toks, i)
}

// actsAsName reports whether toks[i], read as a noun, owns something or is
// a verb's subject ("jimmy's loop", "jimmy did the loop"): where a word
// that is also a known person's short form stands as a name does. After a
// modal, "to" or a subject pronoun the word is a verb whatever its tag
// ("she'd grant read access", "will mark graded work"): no name stands
// there.
func actsAsName(toks []token, i int) bool {
	if notNounWord(toks[i]) || i+1 >= len(toks) || toks[i+1].sent != toks[i].sent {
		return false
	}
	if i > 0 && toks[i-1].sent == toks[i].sent {
		// A token's word has its typographic apostrophes folded.
		if p := toks[i-1]; p.tag == "MD" || p.tag == "TO" || p.tag == "PRP" || strings.HasSuffix(p.folded, "'d") || strings.HasSuffix(p.folded, "'ll") {
			return false
		}
	}
	switch n := toks[i+1]; {
	case n.word == "'s" || n.word == "’s":
		return true
	case n.tag == "VBD" || n.tag == "VBZ" || n.tag == "MD":
		return true
	}
	return false
}

// mayBePetForm reports whether a folded word f may be a pet form at all:
// no English word, technology or tool's name (petForm tells whose).
func (ro *roster) mayBePetForm(f string) bool {
	return !ro.common[f] && !ro.lex.isWord(f) && !ro.lex.isTech(f) && !ro.lex.toolNames[f]
}

// petForm reports whether f, which mayBePetForm, is a pet form of the
// name part form made from its first three letters or more and an ending
// of the diminutive-endings lexicon (Eszti for Eszter, Zsuzsi for
// Zsuzsanna), and is no name of its own or short form of another name.
func (ro *roster) petForm(f, form string) bool {
	if long := ro.lex.longForms[f]; (len(long) > 0 || ro.lex.given[f] || ro.lex.surnames[f]) && !contains(long, form) {
		return false // a name of its own, or a short form of another name ("Marina" is no pet form of Mariana)
	}
	for k := 3; k < len(f) && k < len(form); k++ {
		if f[:k] == form[:k] && ro.lex.diminutiveEndings[f[k:]] && f[:k+1] != form[:k+1] {
			return true
		}
	}
	return false
}

// lowerCaseSentence reports whether toks[i]'s sentence is written without
// capitals where prose has them: its first word and every other word in
// lower case (a chat-style note: "ilya + bea both hire").
func lowerCaseSentence(toks []token, i int) bool {
	return noWordInSentence(toks, i, isCapitalized)
}

// notNounWord reports whether the tagger reads t as a word of another class
// than a noun: a verb, an adjective, an adverb, a preposition, a
// determiner or a pronoun ("he said" for a candidate named Said).
func notNounWord(t token) bool {
	switch {
	case strings.HasPrefix(t.tag, "VB"), strings.HasPrefix(t.tag, "JJ"), strings.HasPrefix(t.tag, "RB"), strings.HasPrefix(t.tag, "PRP"):
		return true
	}
	switch t.tag {
	case "IN", "MD", "CC", "DT", "TO", "WDT", "WP", "WRB", "EX", "PDT", "RP":
		return true
	}
	return false
}

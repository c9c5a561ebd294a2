package anonymize

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/anonymize/anonymize/rules"
)

// lexicon is the pack's public knowledge (lexicon rules), indexed by class
// for lookups of folded words. Every decision about a capitalised word reads
// it through the methods below, so that a pack extending or replacing a
// class changes every decision alike.
type lexicon struct {
	words, nameWords, given, surnames, tech, techNeighbours map[string]bool
	stopNames, cueFillers, personNouns, placeNouns, notPast map[string]bool
	particles, eponymNouns, toolNames, diminutiveEndings    map[string]bool
	honorificsAfter, rareGiven, nameTags, eponyms           map[string]bool
	nameSuffixes                                            map[string]bool
	places, techWords, vendors                              map[string]bool
	// Cue words of the rules about other people and aliases (see the
	// classes in rules/lexicon.go).
	statementNouns, tenureWords, lookVerbs, namingWords, namingAfter, selfNaming map[string]bool
	preferVerbs, spellingDoubts, useVerbs, roleNouns, servedPeople, amountWords  map[string]bool
	opinionNouns                                                                 map[string]bool
	// productNouns end products' names ("Seqera Platform", "Havok Physics").
	productNouns map[string]bool
	// calendarWords are months and weekdays ("August start", "in May").
	calendarWords map[string]bool
	// timeWords before a month or a weekday make it the date ("in May").
	timeWords map[string]bool
	// languageNouns name a programming language ("language", "lenguaje"):
	// beside one, a known name that is also a technology is the language.
	languageNouns map[string]bool
	// personalArticles stand before a person's name only ("si", "ni").
	personalArticles map[string]bool
	// nameAbbreviations are given names written short ("Ma.", "Md."):
	// capitalised, their full stop ends no sentence.
	nameAbbreviations map[string]bool
	// pronouncingWords say how a name sounds ("pronounced AY-lee").
	pronouncingWords map[string]bool
	// personal are the personal pronouns: one opening a parenthesis makes
	// it a statement about a person ("Ada (she prefers it to Adaeze)").
	personal map[string]bool
	// orgKinds are nouns that name a kind of organisation, lower case
	// (orgphrase.go).
	orgKinds map[string]bool
	// Words of segmentation: abbreviations, whose period ends no
	// sentence, and units, which after a number may.
	abbreviations, units map[string]bool
	// needVerbs, after she, he, they, I or we, state a need that follows
	// from a removed fact (clause.go).
	needVerbs map[string]bool
	// backgroundCue matches a word of the background-cues lexicon
	// (wordsRegexp); nil if the class is empty.
	backgroundCue *regexp.Regexp
	// employers and schools are the employers and schools lexicons as
	// phrases (known.go).
	employers, schools *phraseIndex
	// shortForms maps a folded given name to its folded short forms;
	// longForms is the reverse ("rich": richard).
	shortForms, longForms map[string][]string
}

// lastLexicon is the lexicon newLexicon built last, with the lexicon data
// it came from: a command builds the lexicon of its pack and the leak
// gate's of the default pack, which share their data unless the pack
// changes a lexicon. A lexicon is read-only once built.
var lastLexicon struct {
	sync.Mutex
	from []*rules.Lexicon
	lex  *lexicon
}

// newLexicon returns the lexicon of p's lexicon rules.
func newLexicon(p *rules.Pack) *lexicon {
	var from []*rules.Lexicon
	for _, r := range p.OfKind(rules.KindLexicon) {
		from = append(from, r.Lexicon)
	}
	lastLexicon.Lock()
	defer lastLexicon.Unlock()
	if lastLexicon.lex == nil || !slices.Equal(from, lastLexicon.from) {
		lastLexicon.from, lastLexicon.lex = from, buildLexicon(p)
	}
	return lastLexicon.lex
}

func buildLexicon(p *rules.Pack) *lexicon {
	byClass := p.Lexicons()
	set := func(class string, norm func(string) string) map[string]bool {
		m := make(map[string]bool, len(byClass[class]))
		for _, w := range byClass[class] {
			m[norm(w)] = true
		}
		return m
	}
	l := &lexicon{
		words:             set(rules.LexWords, fold),
		nameWords:         set(rules.LexNameWords, fold),
		given:             set(rules.LexGivenNames, fold),
		rareGiven:         set(rules.LexRareGivenNames, fold),
		surnames:          set(rules.LexSurnames, fold),
		tech:              set(rules.LexTechnology, rules.NormalizeTech),
		techNeighbours:    set(rules.LexTechNeighbours, fold),
		stopNames:         set(rules.LexStopNames, fold),
		cueFillers:        set(rules.LexCueFillers, strings.ToLower),
		personNouns:       set(rules.LexPersonNouns, strings.ToLower),
		placeNouns:        set(rules.LexPlaceNouns, strings.ToLower),
		notPast:           set(rules.LexNotPast, strings.ToLower),
		particles:         set(rules.LexParticles, strings.ToLower),
		eponymNouns:       set(rules.LexEponymNouns, strings.ToLower),
		toolNames:         set(rules.LexToolNames, rules.NormalizeTech),
		nameTags:          set(rules.LexNameTags, fold),
		eponyms:           set(rules.LexEponyms, fold),
		places:            set(rules.LexPlaces, fold),
		techWords:         set(rules.LexTechWords, fold),
		vendors:           set(rules.LexVendors, fold),
		diminutiveEndings: set(rules.LexDiminutiveEndings, strings.ToLower),
		honorificsAfter:   set(rules.LexHonorificsAfter, strings.ToLower),
		nameSuffixes:      set(rules.LexNameSuffixes, strings.ToLower),
		statementNouns:    set(rules.LexStatementNouns, fold),
		tenureWords:       set(rules.LexTenureWords, fold),
		lookVerbs:         set(rules.LexLookVerbs, fold),
		namingWords:       set(rules.LexNamingWords, fold),
		namingAfter:       set(rules.LexNamingAfter, fold),
		selfNaming:        set(rules.LexSelfNaming, fold),
		preferVerbs:       set(rules.LexPreferVerbs, fold),
		useVerbs:          set(rules.LexUseVerbs, fold),
		roleNouns:         set(rules.LexRoleNouns, fold),
		servedPeople:      set(rules.LexServedPeople, fold),
		personal:          set(rules.LexPersonal, fold),
		amountWords:       set(rules.LexAmountWords, fold),
		opinionNouns:      set(rules.LexOpinionNouns, fold),
		productNouns:      set(rules.LexProductNouns, fold),
		calendarWords:     set(rules.LexCalendarWords, fold),
		timeWords:         set(rules.LexTimeWords, fold),
		languageNouns:     set(rules.LexLanguageNouns, fold),
		personalArticles:  set(rules.LexPersonalArticles, fold),
		nameAbbreviations: set(rules.LexNameAbbreviations, strings.ToLower),
		pronouncingWords:  set(rules.LexPronouncingWords, fold),
		orgKinds:          set(rules.LexOrganizationKinds, strings.ToLower),
		spellingDoubts:    set(rules.LexSpellingDoubts, strings.ToLower),
		abbreviations:     set(rules.LexAbbreviations, strings.ToLower),
		units:             set(rules.LexUnits, strings.ToLower),
		needVerbs:         set(rules.LexNeedVerbs, strings.ToLower),
		backgroundCue:     wordsRegexp(byClass[rules.LexBackgroundCues]),
		employers:         phrasesOf(byClass[rules.LexEmployers]),
		schools:           phrasesOf(byClass[rules.LexSchools]),
		shortForms:        map[string][]string{},
		longForms:         map[string][]string{},
	}
	// A statement noun is an eponym noun that names a statement: a pack
	// adding one need not list it twice.
	for w := range l.statementNouns {
		l.eponymNouns[w] = true
	}
	// A name that folds to a word ("Grâce") is no evidence of a person.
	for _, m := range []map[string]bool{l.given, l.surnames} {
		for w := range m {
			if l.isWord(w) {
				delete(m, w)
			}
		}
	}
	for name, shorts := range p.ShortForms() {
		for _, s := range shorts {
			l.shortForms[fold(name)] = append(l.shortForms[fold(name)], fold(s))
			l.longForms[fold(s)] = append(l.longForms[fold(s)], fold(name))
		}
	}
	return l
}

// mayNameProduct reports whether a word, as written, may name a product
// after its vendor's name: an English word, a technology or a tool's name
// ("Apache Heron", "Apache Cassandra"), not a name only ("Google Maria").
func (l *lexicon) mayNameProduct(w string) bool {
	f := fold(w)
	return l.isWord(f) || l.isTech(w) || l.nameOfThing(f)
}

// takesVersion reports whether a word, as written, names a technology that
// a bare number after it versions ("Ruby 3.3", "Ada 2012"): a technology,
// a name tag or a tool's name; an eponym's number is a score ("Booth 3").
func (l *lexicon) takesVersion(w string) bool {
	f := fold(w)
	return l.isTech(w) || l.nameTags[f] || l.toolNames[f]
}

// nameOfThing reports whether a folded name also names a thing by the
// lexicons: a technology (name tags), an idea (eponyms) or a tool.
func (l *lexicon) nameOfThing(f string) bool {
	return l.nameTags[f] || l.eponyms[f] || l.toolNames[f]
}

// phrasesOf indexes a lexicon's entries as phrases; nil for none.
func phrasesOf(entries []string) *phraseIndex {
	if len(entries) == 0 {
		return nil
	}
	pairs := make([]rules.Pair, len(entries))
	for i, w := range entries {
		pairs[i] = rules.Pair{From: w, To: w}
	}
	return newPhraseIndex(pairs)
}

// wordsRegexp compiles words (or phrases) into one case-insensitive
// expression that matches any of them as a whole word; a word ending in "*"
// also matches the longer words it begins ("citizen*": citizenship). It is
// nil for no words, which would otherwise match everywhere.
func wordsRegexp(words []string) *regexp.Regexp {
	if len(words) == 0 {
		return nil
	}
	alts := make([]string, len(words))
	for i, w := range words {
		if stem, ok := strings.CutSuffix(w, "*"); ok {
			alts[i] = regexp.QuoteMeta(stem) + `\w*`
		} else {
			alts[i] = regexp.QuoteMeta(w)
		}
	}
	// Every word is quoted: the expression always compiles.
	return regexp.MustCompile(`(?i)\b(?:` + strings.Join(alts, "|") + `)\b`)
}

// stemSuffixes are the suffixes the word list's generator folds into stems
// (rules/internal/lexgen): "banks" is listed through "bank".
var stemSuffixes = [][2]string{{"ies", "y"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", ""}, {"ed", "e"}, {"ing", ""},
	{"ing", "e"}, {"ly", ""}, {"ers", ""}, {"er", ""}, {"er", "e"}, {"est", ""}, {"ness", ""}}

// isWord reports whether a folded word is an ordinary English word, by
// itself or through its stem.
func (l *lexicon) isWord(f string) bool {
	if l.listed(f) {
		return true
	}
	// The list spells as Americans do; notes are also written in British
	// English ("Behavioural", "organised", "centre", "modelling").
	if a, ok := americanSpelling(f); ok {
		return l.listed(a)
	}
	return false
}

// listed reports whether a folded word or its stem is in the word list.
func (l *lexicon) listed(f string) bool {
	if l.words[f] {
		return true
	}
	for _, s := range stemSuffixes {
		if strings.HasSuffix(f, s[0]) && len(f)-len(s[0]) >= 3 && l.words[f[:len(f)-len(s[0])]+s[1]] {
			return true
		}
	}
	return false
}

// britishSpellings are the British spellings a word may have, with their
// American forms: behaviour, organise, analyse, centre, modelling,
// catalogue, defence.
var britishSpellings = strings.NewReplacer(britishPairs...)

var britishPairs = []string{"our", "or", "isation", "ization", "ise", "ize", "ising", "izing",
	"yse", "yze", "ysing", "yzing", "tre", "ter", "lled", "led", "lling", "ling", "ogue", "og", "ence", "ense"}

// americanSpelling returns f spelled as the word list spells, and whether
// that differs from f. A word holding no British spelling is not given to
// the replacer, which allocates for every word.
func americanSpelling(f string) (string, bool) {
	for k := 0; k < len(britishPairs); k += 2 {
		if strings.Contains(f, britishPairs[k]) {
			a := britishSpellings.Replace(f)
			return a, a != f
		}
	}
	return f, false
}

// hasShortForms reports whether the short-forms lexicon relates f to
// another name, as a short form or as the full name of one: an established
// given name ("Bobby", "Robert").
func (l *lexicon) hasShortForms(f string) bool {
	return len(l.shortForms[f]) > 0 || len(l.longForms[f]) > 0
}

// knownGiven reports whether f is a given name the lexicons know although
// it may also be a word: a name word ("Jimmy", "May") or a name with short
// forms ("Bobby").
func (l *lexicon) knownGiven(f string) bool {
	return l.nameWords[f] || l.hasShortForms(f)
}

// isTech reports whether a word, as written, is a technical name of the
// technology lexicon ("Vuex", "next.js").
func (l *lexicon) isTech(w string) bool {
	if len(l.tech) == 0 {
		return false
	}
	n := rules.NormalizeTech(w)
	// A plural of a technical name ("Jacobians", "DataFrames").
	if l.tech[n] || len(n) > 4 && strings.HasSuffix(n, "s") && l.tech[n[:len(n)-1]] {
		return true
	}
	// A name Stack Overflow writes as one word, written as two: "Monte
	// Carlo" (montecarlo), "Power BI" (powerbi).
	return strings.Contains(n, "-") && l.tech[strings.ReplaceAll(n, "-", "")]
}

// namesSomeone reports whether a folded word is a given name or a surname
// of any lexicon, an English word or not: a word the tagger calls a person
// that spells one is never taken for a tool's name on its neighbours alone.
func (l *lexicon) namesSomeone(f string) bool {
	return l.isName(f) || l.rareGiven[f] || l.knownGiven(f)
}

// isName reports whether a folded word is a given name or a surname that
// is not an English word.
func (l *lexicon) isName(f string) bool {
	return l.given[f] || l.surnames[f]
}

// commonWords are the words a known name part may also be, replaced only
// where they name the person: the entity rule's common words and one-word
// employers, the name-words and technology lexicons, and one-word allow
// terms.
func commonWords(l *lexicon, allow map[string]bool, ent *rules.Entity) map[string]bool {
	// Sized beforehand: growing a set of the technology lexicon's size
	// step by step was a part of every start.
	out := make(map[string]bool, len(l.nameWords)+len(l.tech)+len(allow))
	// The eponyms lexicon's names are ideas too ("Booth's algorithm").
	for _, m := range []map[string]bool{l.nameWords, l.tech, l.eponyms, allow} {
		for w := range m {
			out[w] = true
		}
	}
	if ent != nil {
		for _, w := range ent.CommonWords {
			out[w] = true
		}
		// Employers the pack lists are products too ("Kong Gateway").
		for _, w := range ent.Employers {
			if !strings.Contains(w, " ") {
				out[fold(w)] = true
			}
		}
	}
	return out
}

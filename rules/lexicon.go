package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/rules/yamlpos"
)

// KindLexicon is public knowledge as data: words of one class (given names,
// surnames, technologies, ordinary English words, short forms of names...)
// that the pipeline reads as evidence about a capitalised word. A lexicon
// changes no text by itself.
const KindLexicon Kind = "lexicon"

// Lexicon classes. Several lexicon rules of one class add up, so that a
// pack extends a class with a file of its own; a file with the same name as
// a default one replaces it.
const (
	// LexWords are ordinary English words, stored as stems: a word counts
	// as listed if it or its stem ("banks" -> "bank") is.
	LexWords = "words"
	// LexNameWords are name parts that are also ordinary words ("gray",
	// "banks", "cook"): replaced only where they name the person.
	LexNameWords = "name-words"
	// LexGivenNames and LexSurnames are names that are not English words:
	// evidence that an unknown capitalised word names a person.
	LexGivenNames = "given-names"
	LexSurnames   = "surnames"
	// LexRareGivenNames are the other given names (no English word): a
	// word the tagger calls a person that one of them spells is never read
	// as a tool's name.
	LexRareGivenNames = "rare-given-names"
	// LexShortForms maps a given name to its short forms (forms:
	// katarzyna: [kasia]); a known person's short form names them.
	LexShortForms = "short-forms"
	// LexTechnology are technical names, normalised (lower case; hyphens,
	// spaces and dots alike): never a person or a place unless a cue says so.
	LexTechnology = "technology"
	// LexPlaces are cities' names: a word the tagger labels as a place
	// stays one among technical words.
	LexPlaces = "places"
	// LexToolNames are tools' names that are also names or places
	// ("luigi", "hugo"): a tool in a technical sentence where the word
	// does not stand as a person does.
	LexToolNames = "tool-names"
	// LexNameTags are technologies that are also given names or surnames,
	// English ones included ("julia", "jenkins"): a known person's name
	// part listed here is the technology where its neighbours say so.
	LexNameTags = "name-tags"
	// LexTechWords are technologies that are also English words
	// ("markdown", "excel"): the technology where written as a name
	// inside a sentence.
	LexTechWords = "tech-words"
	// LexVendors begin many technologies' names ("microsoft", "aws"): a
	// run that opens with one is a product.
	LexVendors = "vendors"
	// LexTechNeighbours are words beside an unknown capitalised word that
	// make it a technology ("library", "benchmarked", "for").
	LexTechNeighbours = "tech-neighbours"
	// LexStopNames are capitalised words the name tagger takes for people
	// that never are ("Monday", "Candidate").
	LexStopNames = "stop-names"
	// LexCueFillers may stand between a person cue and the name ("manager
	// there, Efua").
	LexCueFillers = "cue-fillers"
	// LexPersonNouns and LexPlaceNouns follow a person's or a place's name
	// without making it a product ("Efua's team", "Houston office").
	LexPersonNouns = "person-nouns"
	LexPlaceNouns  = "place-nouns"
	// LexNotPast are base verbs ending in -ed ("need", "embed").
	LexNotPast = "not-past"
	// LexParticles join the parts of a name ("de la", "van der", "bin").
	LexParticles = "name-particles"
	// LexEponymNouns follow a name that names an idea, not a person:
	// "Simpson's paradox", "a Monte Carlo algorithm", "the Bloom filter".
	LexEponymNouns = "eponym-nouns"
	// LexDiminutiveEndings make a pet form from a given name's first
	// letters ("i": Eszter -> Eszti).
	LexDiminutiveEndings = "diminutive-endings"
	// LexHonorificsAfter follow a name as a title does before one
	// ("Qureshi sahab", "Tanaka-san"): they go with the name.
	LexHonorificsAfter = "honorifics-after"
	// LexNameSuffixes are generational suffixes written after a name
	// ("Jr.", "III"): they are part of it.
	LexNameSuffixes = "name-suffixes"
	// LexGendered are gendered pronouns: a verb made plural never becomes
	// one ("hes" typed in haste is no verb).
	LexGendered = "gendered-pronouns"
	// LexPersonal and LexPossessive are pronouns that sequence rules read
	// as personal (tag PRP) and possessive (PRP$) where a note runs them
	// into punctuation ("his…", "A:her"), whatever the token was tagged.
	LexPersonal   = "personal-pronouns"
	LexPossessive = "possessive-pronouns"
	// LexStatementNouns are the eponym nouns that name a statement ("law",
	// "theorem", "paradox"): a possessive name before one names an idea
	// ("Simpson's paradox"), before another eponym noun a person ("Ewa's
	// algorithm"). Each counts as an eponym noun too.
	LexStatementNouns = "statement-nouns"
	// LexTenureWords say a stay in a job before "at" ("4 yrs at xero",
	// "internship at stripe"): the word after "at" is an employer even
	// where it also names a technology.
	LexTenureWords = "tenure-words"
	// LexLookVerbs are verbs of looking or pointing: the "at" after one is
	// no employer's cue ("pointed at Grafana").
	LexLookVerbs = "look-verbs"
	// LexNamingWords, in a parenthesis after a word, say the word is what
	// a person is called ("Hamada (what his friends call him)");
	// LexNamingAfter, close after a known name in one, say that name is
	// the person's ("Helen (Hà is her legal name)").
	LexNamingWords = "naming-words"
	LexNamingAfter = "naming-after"
	// LexPreferVerbs are alias cues that take things as often as names
	// ("prefers Fosa", "prefers Terraform modules").
	LexPreferVerbs = "prefer-verbs"
	// LexSpellingDoubts, in parentheses after a word, say the writer
	// doubted its spelling ("sorsha (sp?)"): a person's name.
	LexSpellingDoubts = "spelling-doubts"
	// LexAbbreviations end with a period that ends no sentence ("Dr.",
	// "e.g."); LexUnits are those that, after a number, are units of
	// measure and may end one ("50 ms. She").
	LexAbbreviations = "abbreviations"
	LexUnits         = "units"
	// LexNeedVerbs, after she, he, they, I or we, open a clause stating a
	// need or a request, which goes with a removed fact before it ("she
	// is pregnant; she asked about leave").
	LexNeedVerbs = "need-verbs"
	// LexBackgroundCues are words of a clause about a person's own
	// background ("native", "grew up", "spare time"): there a technical
	// context does not make a trait technical. A word ending in "*" also
	// stands for the longer words it begins ("citizen*").
	LexBackgroundCues = "background-cues"
	// LexEmployers are well-known employers as people write them, each
	// entry a phrase ("Goldman Sachs", "Nubank", "N26"): a capitalised
	// run of one is an organisation, where the entity rule replaces
	// organisations, unless it is also a word, a name or a technology and
	// nothing shows it employs someone.
	LexEmployers = "employers"
	// LexSchools are universities and colleges by the short forms and
	// nicknames notes use ("NTUA", "KMITL", "UofT"): one is the entity
	// rule's school, with the same care for forms that are also words or
	// acronyms.
	LexSchools = "schools"
	// LexEponyms are surnames that name ideas ("booth", "viterbi",
	// "laplace"): a known person's name part listed here reads as the
	// idea only where its neighbours make it one, as a name tag does.
	LexEponyms = "eponyms"
	// LexUseVerbs take tools and products ("used Stryker on a TypeScript
	// service", "uses Productboard for intake"): a known employer right
	// after one is the product its name also names, unless the sentence is
	// about a background.
	LexUseVerbs = "use-verbs"
	// LexRoleNouns head job titles ("Engineer", "Manager", "Lead"): the
	// capitalised words right before one, or after one and a comma, are
	// the title's field ("Senior Tools Engineer", "Manager, Application
	// Security"), no person's or place's name.
	LexRoleNouns = "role-nouns"
	// LexOrganizationKinds are nouns that name a kind of organisation
	// ("startup", "insurer", "broadcaster", "hedge fund"): a noun phrase
	// an employer's cue announces that one heads, narrowed by what a
	// reader could find it by ("a Midwest insurer", "the bank with the
	// black horse"), is the employer, described rather than named.
	LexOrganizationKinds = "organization-kinds"
	// LexSelfNaming are words by which people give their own name
	// ("signs", "introduced", "sign-off"): the name after one and "as"
	// ("signs Slack as VSK"), in quotation marks after one and its object
	// ("signs emails 'Zs.'") or after one and a colon ("Sign-off: JP") is
	// what the person is called, whatever its shape.
	LexSelfNaming = "self-naming"
	// LexServedPeople are the people a product or a service works for
	// ("patients", "users", "customers"): a protected trait right after
	// one of them, or after its possessive, is their data, handled at work
	// ("mixed two patients' allergies", "patient diagnoses"), not the
	// candidate's own.
	LexServedPeople = "served-people"
	// LexAmountWords are words of amount or degree that modify a noun and
	// that no person's name takes before it ("full Kelly", "half Kelly",
	// "fractional Kelly"): a known name part after one names the thing
	// named after someone, not the person.
	LexAmountWords = "amount-words"
	// LexOpinionNouns are nouns of assessment and opinion ("rating",
	// "verdict", "score", "feedback", "take"): what only a person gives.
	// A known name part in the possessive right before one names the
	// person ("Laplace's rating", "Hamming's verdict"), even where the
	// part also names an idea and stands in its own writer's note.
	LexOpinionNouns = "opinion-nouns"
	// LexProductNouns are capitalised nouns that end a product's name
	// ("Platform", "Cloud", "Physics", "Server"): a capitalised word no
	// name lexicon knows with one after it ("Seqera Platform", "Havok
	// Physics") is a product, however the tagger labels it; a person's or
	// a place's name is not followed by one.
	LexProductNouns = "product-nouns"
	// LexCalendarWords are the months and the days of the week: a known
	// name part that is one ("August", "May") is the date where a day, a
	// year, a word of time or a noun beside it says so ("August start",
	// "in May", "June 3").
	LexCalendarWords = "calendar-words"
	// LexPronouncingWords say how a name sounds ("Eilidh (pronounced
	// AY-lee)"): the respelling after one is that person's name too.
	LexPronouncingWords = "pronouncing-words"
	// LexTimeWords stand before a month or a weekday to make it the date
	// ("in August", "early May", "next Monday"); words that also take a
	// person ("by", "from", "with") are not among them.
	LexTimeWords = "time-words"
	// LexLanguageNouns are the nouns for a programming language in the
	// languages notes are written in ("language", "lenguaje", "Sprache"):
	// a known name part that is also a technology right before or after
	// one is the language ("the Julia language", "el lenguaje Julia").
	LexLanguageNouns = "language-nouns"
	// LexPersonalArticles are the articles some languages put before a
	// person's name and never before a thing's (Tagalog "si", "ni",
	// "kay"): a known person's initials after one are that person ("Si RJ
	// ay galing sa Cebu"), as mid-sentence capitals alone are not.
	LexPersonalArticles = "personal-articles"
	// LexNameAbbreviations are given names written short with a full stop
	// ("Ma." for María in the Philippines, "Md." for Muhammad in
	// Bangladesh, "Wm." for William): written so, capitalised and then in
	// lower case, their full stop ends no sentence ("Ma. Cristina dela
	// Cruz" is one name).
	LexNameAbbreviations = "name-abbreviations"
)

var lexClasses = []string{LexWords, LexNameWords, LexGivenNames, LexRareGivenNames, LexSurnames, LexShortForms, LexTechnology,
	LexToolNames, LexNameTags, LexTechWords, LexVendors, LexPlaces, LexTechNeighbours, LexStopNames, LexCueFillers, LexPersonNouns, LexPlaceNouns, LexNotPast, LexParticles, LexEponymNouns,
	LexDiminutiveEndings, LexHonorificsAfter, LexNameSuffixes, LexGendered, LexPersonal, LexPossessive, LexStatementNouns, LexTenureWords,
	LexLookVerbs, LexNamingWords, LexNamingAfter, LexPreferVerbs, LexSpellingDoubts, LexAbbreviations, LexUnits,
	LexNeedVerbs, LexBackgroundCues, LexEmployers, LexSchools, LexEponyms, LexUseVerbs, LexRoleNouns, LexOrganizationKinds,
	LexSelfNaming, LexServedPeople, LexAmountWords, LexOpinionNouns, LexProductNouns, LexCalendarWords, LexPronouncingWords, LexTimeWords, LexLanguageNouns, LexPersonalArticles, LexNameAbbreviations}

// Lexicon is one lexicon rule's data.
type Lexicon struct {
	Class string
	// Source says where the data comes from (see NOTICE).
	Source string
	// Words are lower case, in file order.
	Words []string
	// Forms maps a lower-case name to its short forms (class short-forms).
	Forms map[string][]string
}

// NormalizeTech folds a technical name the way the technology lexicon
// stores it: lower case, with hyphens, spaces, dots and underscores alike
// ("Next.js", "next-js" and "next js" are one).
func NormalizeTech(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '_':
			return '-'
		}
		return r
	}, s)
}

func (d *decoder) lexicon(f map[string]*yaml.Node) *Lexicon {
	l := &Lexicon{}
	cn, ok := f["class"]
	if !ok {
		d.At(d.root, "", "a lexicon rule needs a class (one of %s)", strings.Join(lexClasses, ", "))
		return l
	}
	l.Class = d.Str(cn, "class")
	if l.Class != "" && !contains(lexClasses, l.Class) {
		d.At(cn, "class", "unknown class %q (one of %s)", l.Class, strings.Join(lexClasses, ", "))
	}
	if n, ok := f["source"]; ok {
		l.Source = d.Str(n, "source")
	}
	wn, hasWords := f["words"]
	fn, hasForms := f["forms"]
	switch {
	case l.Class == LexShortForms && hasWords:
		d.At(wn, "words", "a short-forms lexicon lists forms (name: [short forms]), not words")
	case l.Class != LexShortForms && hasForms:
		d.At(fn, "forms", "only a short-forms lexicon has forms; class %s lists words", l.Class)
	case l.Class == LexShortForms && !hasForms:
		d.At(d.root, "", "a short-forms lexicon needs forms")
	case l.Class != LexShortForms && !hasWords:
		d.At(d.root, "", "a lexicon needs words")
	}
	if hasWords && l.Class != LexShortForms {
		l.Words = d.lexWords(wn, l.Class)
	}
	if hasForms && l.Class == LexShortForms {
		l.Forms = d.lexForms(fn)
	}
	return l
}

// lexWords reads words as a list, or as one block of words separated by
// spaces and newlines (the compact form generated lists use). Duplicates
// are errors, so that a list stays a set a reader can trust.
func (d *decoder) lexWords(n *yaml.Node, class string) []string {
	norm := strings.ToLower
	if class == LexTechnology {
		norm = NormalizeTech
	}
	var block []string
	size := len(n.Content)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		block = fields(n.Value)
		size = len(block)
	}
	// Sized beforehand: the generated lists hold tens of thousands of
	// words, and growing the set step by step was most of reading them.
	seen := make(map[string]bool, size)
	var out []string
	if size > 0 {
		out = make([]string, 0, size)
	}
	add := func(w string, at *yaml.Node, where string) {
		w = norm(w)
		if w == "" {
			return
		}
		if seen[w] {
			d.At(at, where, "duplicate entry %q", w)
			return
		}
		seen[w] = true
		out = append(out, w)
	}
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str":
		for _, w := range block {
			add(w, n, "words")
		}
	case n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			where := fmt.Sprintf("words[%d]", i)
			if s := d.Str(item, where); s != "" {
				add(s, item, where)
			}
		}
	default:
		d.At(n, "words", "want a list of words or a block of words separated by spaces, got %s", yamlpos.Describe(n))
	}
	return out
}

func (d *decoder) lexForms(n *yaml.Node) map[string][]string {
	out := map[string][]string{}
	if n.Kind != yaml.MappingNode {
		d.At(n, "forms", "want a mapping of name: [short forms], got %s", yamlpos.Describe(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := strings.ToLower(d.Str(k, "forms"))
		where := "forms." + k.Value
		if _, dup := out[name]; dup {
			d.At(k, where, "duplicate entry")
			continue
		}
		var shorts []string
		if v.Kind == yaml.ScalarNode && v.Tag == "!!str" {
			shorts = strings.Fields(v.Value)
		} else {
			shorts = d.strs(v, where)
		}
		out[name] = lowerAll(shorts)
	}
	return out
}

// Lexicons merges the active lexicon rules by class: words of every file
// of a class, forms of every short-forms file. The result is never nil.
//
// A class only one lexicon holds shares that lexicon's words (clipped, so
// that appending copies them), since copying the generated lists was a
// part of every start: callers do not modify what they get.
func (p *Pack) Lexicons() map[string][]string {
	lexicons := p.OfKind(KindLexicon)
	// A class of several lexicons gets its list made at its size once.
	sizes, files := map[string]int{}, map[string]int{}
	for _, r := range lexicons {
		sizes[r.Lexicon.Class] += len(r.Lexicon.Words)
		files[r.Lexicon.Class]++
	}
	out := map[string][]string{}
	for _, r := range lexicons {
		class := r.Lexicon.Class
		switch words, ok := out[class]; {
		case ok:
			out[class] = append(words, r.Lexicon.Words...)
		case files[class] > 1:
			out[class] = append(make([]string, 0, sizes[class]), r.Lexicon.Words...)
		default:
			out[class] = slices.Clip(r.Lexicon.Words)
		}
	}
	return out
}

// ShortForms merges the forms of every active short-forms lexicon.
func (p *Pack) ShortForms() map[string][]string {
	out := map[string][]string{}
	for _, r := range p.OfKind(KindLexicon) {
		names := make([]string, 0, len(r.Lexicon.Forms))
		for k := range r.Lexicon.Forms {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			for _, s := range r.Lexicon.Forms[k] {
				if !contains(out[k], s) {
					out[k] = append(out[k], s)
				}
			}
		}
	}
	return out
}

// fields is strings.Fields, its words counted before they are cut out so
// that their slice is made once: strings.Fields does that only for ASCII
// text, and grew the slice of a generated list with one accented word
// step by step, the largest part of reading the lists.
func fields(s string) []string {
	n, in := 0, false
	for i := 0; i < len(s); {
		space, size := spaceAt(s, i)
		if !space && !in {
			n++
		}
		in = !space
		i += size
	}
	out := make([]string, 0, n)
	start := -1
	for i := 0; i < len(s); {
		space, size := spaceAt(s, i)
		switch {
		case space && start >= 0:
			out = append(out, s[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// spaceAt reports whether the character at s[i] is a space as
// unicode.IsSpace says, and its size (an invalid byte is one, and no
// space); ASCII is told without decoding.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return c == ' ' || '\t' <= c && c <= '\r', 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), size
}

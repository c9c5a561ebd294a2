package anonymize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
)

// Employers and schools the lexicons know. A note names a well-known
// employer or school as often without a cue as with one ("most of it at
// InMobi in Bangalore", "Nubank's card team", "KMITL comp eng"), and the
// tagger knows few of them: the employers and schools lexicons say what
// they are. A known entry is replaced wherever it stands, except where it
// may be something else:
//   - a word, a name, a place or a technology written the same ("Grab",
//     "Ford", "Santander", "Mailchimp"), or a short form of three letters
//     or fewer ("EA", "UCC");
//   - a product of the company after it ("Microsoft Azure Storage",
//     "Netflix's Hystrix"), or the entry used as one ("uses Productboard
//     for intake");
//   - a form written in lower case ("chula"), where it is no word at all.
// Those wait for a sentence about someone's background (background.go),
// unless an organisation cue stands before them ("years at Grab"); a
// school's form that may be something else is replaced only after such a
// cue.

// knownEntry is an entry of the employers or schools lexicon found at a
// token.
type knownEntry struct {
	n     int    // tokens it covers
	skip  int    // bytes of its first token before the entry ("ex-")
	repl  string // the entity rule's placeholder for it
	waits bool   // replaced only in a sentence about a background
}

// knownAt returns the employer or school of the lexicons that starts at
// toks[i], if any.
func (s *runScanner) knownAt(i int) (knownEntry, bool) {
	t := s.toks[i]
	if r, _ := utf8.DecodeRuneInString(t.word); !unicode.IsLetter(r) {
		return knownEntry{}, false
	}
	if k, ok := s.formerEmployer(t); ok {
		return k, true
	}
	for _, ix := range []struct {
		phrases *phraseIndex
		repl    string
	}{{s.e.lex.employers, s.ent.Organizations}, {s.e.lex.schools, s.ent.Schools}} {
		if ix.repl == "" || ix.phrases == nil {
			continue
		}
		if _, n := ix.phrases.match(s.toks, i); n > 0 && s.writtenAsName(i, n) {
			return s.entry(i, n, ix.repl)
		}
		if ix.repl == s.ent.Organizations && s.domainOf(ix.phrases, t) {
			return s.entry(i, 1, ix.repl)
		}
	}
	return knownEntry{}, false
}

// domainOf reports whether t is a one-word entry of the index written as
// its web domain, as notes and CVs write some employers ("Kaspi.kz",
// "Booking.com"): a capitalised name, a dot and two or three lower-case
// letters. "Node.js" is no entry.
func (s *runScanner) domainOf(ix *phraseIndex, t token) bool {
	dot := strings.LastIndexByte(t.word, '.')
	if dot <= 0 || !isCapitalized(t.word) {
		return false
	}
	tld := t.word[dot+1:]
	if len(tld) < 2 || len(tld) > 3 || strings.ToLower(tld) != tld || !isLetters(tld) {
		return false
	}
	for _, p := range ix.byFirst[fold(t.word[:dot])] {
		if len(p.words) == 1 {
			return true
		}
	}
	return false
}

// entry decides the entry toks[i..i+n) of the lexicon whose placeholder
// is repl: replaced, waiting for a sentence about a background, or none.
func (s *runScanner) entry(i, n int, repl string) (knownEntry, bool) {
	t := s.toks[i]
	// A known person's name is asked about only here: most words start no
	// entry.
	if s.ro.lookup(s.toks, i) != nil {
		return knownEntry{}, false
	}
	lower := !isCapitalized(t.word) && !isAllUpper(t.word)
	other := s.mayBeOther(i, n)
	if other && t.first && s.e.lex.isWord(t.folded) {
		return knownEntry{}, false // "Target comp is fine": capitalised by its place
	}
	if lower && other || other && s.e.lex.places[t.folded] && s.e.cueBeforeList(s.ent.PlaceCues, s.toks, i) {
		// "grew up" is no "UP", "near Leeds" the city
		return knownEntry{}, false
	}
	k := knownEntry{n: n, repl: repl}
	product := s.productAfter(i+n) || s.usedAsProduct(i)
	k.waits = lower || other || product
	if k.waits && (isCapitalized(t.word) || lower) && !product && (s.e.cueBeforeList(s.ent.OrganizationCues, s.toks, i) || s.roleAfter(i+n, i)) {
		// "three years at Grab", "did maths at Warwick", "a Google
		// engineer"; and in lower case where the entry is no word, name,
		// place or technology ("their TL at clova").
		k.waits = false
	}
	if k.waits && other && repl == s.ent.Schools && (n > 1 || utf8.RuneCountInString(t.folded) < 3 || s.wordLike(t)) {
		// A school's short form that is also a word, or two letters ("IC",
		// "UI", "Reading"), names the school only after its cue: a
		// sentence about a career holds levels and tools too ("the most
		// senior IC we've seen"). Three capitals no lexicon knows ("NSU")
		// wait for such a sentence.
		return knownEntry{}, false
	}
	return k, true
}

// mayBeOther reports whether the entry toks[i..i+n) may name something
// other than the employer or school: one word that is also an ordinary
// word, a name, a place, a technology or an allowed term, or three
// letters or fewer; or words that open with a given name.
func (s *runScanner) mayBeOther(i, n int) bool {
	t := s.toks[i]
	if n > 1 {
		return s.e.lex.given[t.folded] // "George Brown" may be a person
	}
	return utf8.RuneCountInString(t.folded) <= 3 || s.wordLike(t)
}

// wordLike reports whether a token is also an ordinary word, a name, a
// place, a technology (a tool's name included: Stack Overflow's tags hold
// "salesforce" among the proper nouns the technology lexicon leaves out)
// or an allowed term.
func (s *runScanner) wordLike(t token) bool {
	f := t.folded
	return s.e.lex.isWord(f) || s.e.lex.namesSomeone(f) || s.e.lex.places[f] || s.e.lex.isTech(t.word) || s.e.allowWords[f] ||
		s.e.lex.stopNames[f] || s.e.lex.toolNames[rules.NormalizeTech(t.word)]
}

// productAfter reports whether what follows an entry ending before
// toks[k] makes it a product's maker: a capitalised word ("Microsoft Azure
// Storage", "Google Spanner") or, after its possessive, a technical word
// ("Netflix's Hystrix", "Uber's H3 library").
func (s *runScanner) productAfter(k int) bool {
	if k >= len(s.toks) || s.toks[k].sent != s.toks[k-1].sent {
		return false
	}
	n := s.toks[k]
	if n.word == "'s" || n.word == "’s" {
		return s.ro.techAfter(s.toks, k+1)
	}
	// "M-Pesa Daraja API", "HashiCorp Vault": a capitalised word that is
	// no given name ("Google Maria" is someone at Google).
	return isCapitalized(n.word) && !s.e.lex.given[n.folded] && !s.e.lex.roleNouns[n.folded] // "a Google Engineer" is no product
}

// roleAfter reports whether a role noun (the role-nouns lexicon) follows
// the entry at toks[i], itself no technology, ending before toks[k]: the
// employer of whoever holds the role ("a Google engineer", "ex-Meta PM");
// a technology's role is a skill ("a Salesforce developer").
func (s *runScanner) roleAfter(k, i int) bool {
	return k < len(s.toks) && s.toks[k].sent == s.toks[i].sent && s.e.lex.roleNouns[s.toks[k].folded] &&
		!s.e.lex.isTech(s.toks[i].word) && !s.e.lex.toolNames[s.toks[i].folded]
}

// usedAsProduct reports whether the entry at toks[i] stands as the
// product its name also names, after a verb that takes tools ("uses
// Productboard for intake"). A noun after it does not say so: "the EPAM
// wiki" is the employer's.
func (s *runScanner) usedAsProduct(i int) bool {
	return i > 0 && s.toks[i-1].sent == s.toks[i].sent && s.e.lex.useVerbs[s.toks[i-1].folded]
}

// writtenAsName reports whether the entry toks[i..i+n) of several words is
// written as a name: its words after the first capitalised, short joining
// words aside ("Y combinator" is the idea, "Bank of America" the bank).
func (s *runScanner) writtenAsName(i, n int) bool {
	for k := i + 1; k < i+n; k++ {
		w := s.toks[k].word
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) && !isCapitalized(w) && len(w) > 3 {
			return false
		}
	}
	return true
}

// formerEmployer reports a one-word employer of the lexicon written after
// "ex-" in one token, in any case ("ex-nubank", "ex-MSFT"): a former
// employer, never a technology.
func (s *runScanner) formerEmployer(t token) (knownEntry, bool) {
	if s.ent.Organizations == "" || s.e.lex.employers == nil || len(t.word) < 5 || !strings.EqualFold(t.word[:3], "ex-") {
		return knownEntry{}, false
	}
	rest := fold(t.word[3:])
	for _, p := range s.e.lex.employers.byFirst[rest] {
		if len(p.words) == 1 {
			return knownEntry{n: 1, skip: 3, repl: s.ent.Organizations}, true
		}
	}
	return knownEntry{}, false
}

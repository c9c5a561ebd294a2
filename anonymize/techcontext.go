package anonymize

import "strings"

// techScan reads the neighbours of a capitalised run toks[a..b] for
// evidence that it names a technology: a name tagger takes unfamiliar
// product names for people and places, and their neighbours tell them
// apart.
type techScan struct {
	e    *Engine
	toks []token
	code []bool // the text's bytes in code spans and blocks
	a, b int
	// read are the tokens of runs read as technologies before this one
	// ("Vanta" in "in Vanta or Drata"), as the scanner decided them.
	read map[int]bool
	// words are the folded single words read as technologies so far in
	// the text (runScanner.techWords).
	words map[string]bool
}

// inSentence reports whether toks[k] exists and shares the run's sentence.
func (t techScan) inSentence(k int) bool {
	return k >= 0 && k < len(t.toks) && t.toks[k].sent == t.toks[t.a].sent
}

// techName reports whether toks[k] is a technical name: an allowed term, a
// CamelCase or versioned name ("DevTools", "Log4j"), or, outside the run,
// a technology of the lexicon (which counts for neighbours only: Spotify
// and Shopify are Stack Overflow tags and employers).
func (t techScan) techName(k int) bool {
	if !t.inSentence(k) {
		return false
	}
	w := t.toks[k].word
	return t.e.allowWords[fold(w)] || isCapitalized(w) && innerCapital(w) && !isAllUpper(w) ||
		strings.ContainsAny(w, "0123456789") && isCapitalized(w) ||
		(k < t.a || k > t.b) && (isCapitalized(w) && t.e.lex.isTech(w) || identifierShaped(w))
}

// identifierShaped reports whether a word is written as code is: letters
// joined by an underscore ("go_router", "no_std"), never a person's or a
// place's name.
func identifierShaped(w string) bool {
	i := strings.IndexByte(w, '_')
	return i > 0 && i < len(w)-1 && strings.IndexFunc(w, func(r rune) bool { return r == ' ' }) < 0
}

// separator reports whether toks[k] separates the names of a list.
func (t techScan) separator(k int) bool {
	if !t.inSentence(k) {
		return false
	}
	switch strings.ToLower(t.toks[k].word) {
	case ",", "and", "or", "/", "+", "vs", "vs.", "versus":
		return true
	}
	return false
}

// version reports whether toks[k] is a number, as a version between list
// items ("JUnit 5 and Testcontainers").
func (t techScan) version(k int) bool { return t.inSentence(k) && t.toks[k].tag == "CD" }

// techContext reports whether the run toks[a..b] sits beside a technical
// name: joined to it ("React Server Components", "Kafka Streams"), holding
// one ("Chrome DevTools"), among technical names in a list ("Rails,
// Laravel, Phoenix and Vue"), beside a word of the tech-neighbours
// lexicon, or alone before a common noun ("Pratt parser").
func (s *runScanner) techContext(a, b int) bool {
	t := techScan{e: s.e, toks: s.toks, code: s.seg.code, a: a, b: b, read: s.readTech, words: s.techWords}
	if t.techName(a-1) || t.techName(b+1) || t.neighbour() {
		return true
	}
	for k := a; k <= b; k++ {
		if t.techName(k) {
			return true // "Chrome DevTools": one CamelCase word makes it a product
		}
	}
	return t.loneBeforeNoun() || t.inTechList()
}

// loneBeforeNoun reports whether a one-word run is followed by a common
// noun: an eponym or a product ("Pratt parser", "Pact contract tests");
// people are followed by verbs. Nouns that follow people and places
// ("Ewa's team", "Houston office") do not count.
func (t techScan) loneBeforeNoun() bool {
	n := t.b + 1
	if t.a != t.b || !t.inSentence(n) {
		return false
	}
	next := t.toks[n]
	w := strings.ToLower(next.word)
	return (next.tag == "NN" || next.tag == "NNS") && !isCapitalized(next.word) &&
		!t.e.lex.personNouns[w] && !t.e.lex.placeNouns[w]
}

// inTechList reports whether the run is an item of a list whose previous
// or next item is a technical name or code ("with Riverpod and
// `go_router`").
func (t techScan) inTechList() bool {
	a, b := t.a, t.b
	if t.namedSubject() {
		return false // "in Vanta and Priya reviewed it": the list ended, a person acts
	}
	if t.listAdverb(a - 1) {
		a-- // "on Optimizely and later Statsig": the adverb joins nothing
	}
	return t.separator(a-1) && (t.listItem(a-2) || t.version(a-2) && t.techName(a-3) || t.readBefore(a-2)) ||
		t.separator(b+1) && t.listItem(b+2)
}

// namedSubject reports whether the run holds a name the lexicons know and
// a finite verb follows it: a person who does something, whatever list
// stands before.
func (t techScan) namedSubject() bool {
	if !t.inSentence(t.b + 1) {
		return false
	}
	switch t.toks[t.b+1].tag {
	case "VBD", "VBZ", "VBP", "MD":
	default:
		return false
	}
	for n := t.a; n <= t.b; n++ {
		if t.e.lex.namesSomeone(t.toks[n].folded) {
			return true
		}
	}
	return false
}

// listAdverb reports whether toks[k] is an adverb of time or degree that
// may stand between a list's separator and its next item ("Optimizely and
// later Statsig", "Vanta or even Drata").
func (t techScan) listAdverb(k int) bool {
	if !t.inSentence(k) {
		return false
	}
	switch t.toks[k].folded {
	case "later", "then", "now", "even", "also", "eventually", "finally", "mostly", "sometimes":
		return true
	}
	return false
}

// readBefore reports whether toks[k] ends a run the scanner read as a
// technology, a word the lexicons need not know ("in Vanta or Drata": a
// tool "in" took): a word joined to it by "or", "and" or "vs." that no
// name lexicon knows is of its kind.
func (t techScan) readBefore(k int) bool {
	if !t.inSentence(k) || !t.read[k] {
		return false
	}
	for n := t.a; n <= t.b; n++ {
		if t.e.lex.namesSomeone(t.toks[n].folded) {
			return false // "in Vanta and Priya": a name the lexicons know is a person's
		}
	}
	return true
}

// listItem reports whether toks[k] is a technical name, stands in code,
// or is a capitalised word read as a technology earlier in the text
// ("Salmon in mapping-based mode; ... why Kallisto and Salmon differ").
func (t techScan) listItem(k int) bool {
	return t.techName(k) || t.inSentence(k) && (t.code[t.toks[k].start] || isCapitalized(t.toks[k].word) && t.words[t.toks[k].folded])
}

// neighbourWord reports whether toks[k] is a word of the tech-neighbours
// lexicon, or its plural.
func (t techScan) neighbourWord(k int) bool {
	if !t.inSentence(k) {
		return false
	}
	f := t.toks[k].folded
	return t.e.lex.techNeighbours[f] || strings.HasSuffix(f, "s") && t.e.lex.techNeighbours[strings.TrimSuffix(f, "s")]
}

// skippable reports whether toks[k] is a preposition, a determiner or a
// pronoun object that may stand between a neighbour and the run.
func (t techScan) skippable(k int) bool {
	if !t.inSentence(k) {
		return false
	}
	switch t.toks[k].folded {
	case "with", "to", "from", "into", "on", "in", "onto", "over", "for", "as", "like", "it", "them", "this", "that",
		"the", "a", "an", "its", "our", "their":
		return true
	}
	return false
}

// neighbour reports whether a word of the tech-neighbours lexicon stands
// right before the run, or before it across prepositions, determiners and
// "it" ("benchmarked it with Vitesse", "migrated to Pinia"), or right
// after it, across "for" and determiners ("Pinia for state management",
// "Tessera for the queues"). A known given name or surname is a person
// whatever the neighbours ("benchmarked it with Tomasz").
func (t techScan) neighbour() bool {
	for k := t.a; k <= t.b; k++ {
		if t.e.lex.namesSomeone(t.toks[k].folded) {
			return false
		}
	}
	return t.neighbourBefore() || t.neighbourAfter()
}

// neighbourBefore looks back within the clause, across the verb's object
// and other names of a list: "benchmarked the list with Vitesse and
// Tessera". Right before the name any neighbour counts ("the Tessera
// library"); further back only a verb ("benchmarked it with X"), since
// "the module with Ewa" is about a person.
func (t techScan) neighbourBefore() bool {
	toks := t.toks
	ent := t.e.entityRule()
	for k, n := t.a-1, 0; k >= 0 && n < 8 && toks[k].sent == toks[t.a].sent; k, n = k-1, n+1 {
		if t.neighbourWord(k) && (k == t.a-1 || strings.HasPrefix(toks[k].tag, "VB")) {
			return true
		}
		if strings.ContainsAny(toks[k].word, ";:.!?()") || strings.HasPrefix(toks[k].tag, "VB") || toks[k].first && !t.skippable(k) {
			return false
		}
		// An organisation cue starts a phrase of its own: "writing
		// software since 1991, mostly at Equinor" is about an employer.
		if ent != nil && t.e.cueBeforeList(ent.OrganizationCues, toks, k+1) {
			return false
		}
	}
	return false
}

// neighbourAfter looks forward across "for" and determiners, and across
// other tools of a list: "the Sarama and franz-go clients". After a name,
// only nouns count: "Tomasz benchmarked it" is about a person.
func (t techScan) neighbourAfter() bool {
	toks := t.toks
	for k, n := t.b+1, 0; k < len(toks) && n < 4 && toks[k].sent == toks[t.a].sent; k, n = k+1, n+1 {
		if t.neighbourWord(k) && !verbLike(toks[k].folded) {
			return true
		}
		w := toks[k].word
		listed := w == "," || w == "/" || toks[k].folded == "and" || toks[k].folded == "or" ||
			isCapitalized(w) || strings.ContainsAny(w, "-.0123456789") && isLetters(strings.Trim(w, "-.0123456789"))
		if !t.skippable(k) && !listed || toks[k].folded == "with" || toks[k].folded == "to" {
			return false // "Vitesse with the team" is not about a tool
		}
	}
	return false
}

// techRun reports whether a word of the run toks[a..b] is in the
// technology lexicon ("Numba", "Vuex"), or the run opens with a vendor of
// the vendors lexicon: a technology, not a person or a place. (After an organization cue it may still be an employer: Spotify.)
func (e *Engine) techRun(toks []token, a, b int) bool {
	if b > a && isCapitalized(toks[a].word) && e.lex.vendors[toks[a].folded] {
		return true // "Microsoft Orleans": a vendor's product
	}
	for k := a; k <= b; k++ {
		if isCapitalized(toks[k].word) && e.lex.isTech(toks[k].word) {
			return true
		}
	}
	return false
}

// verbLike reports whether a folded word has a verb's ending (-ed, -ing).
func verbLike(f string) bool {
	return strings.HasSuffix(f, "ed") || strings.HasSuffix(f, "ing") || f == "via"
}

// productName reports whether the run toks[a..b] names a product by the
// noun that ends it or follows it, capitalised, of the product-nouns
// lexicon ("Seqera Platform", "Havok Physics", "Triton Inference
// Server"), its other words being names no lexicon or roster knows as a
// person's: "Priya Platform" is no product's name, and a noun alone
// ("Platform") names nothing.
func (s *runScanner) productName(a, b int) bool {
	toks := s.toks
	noun := func(k int) bool {
		return k < len(toks) && toks[k].sent == toks[a].sent && isCapitalized(toks[k].word) && !isAllUpper(toks[k].word) &&
			s.e.lex.productNouns[toks[k].folded]
	}
	head := b
	switch {
	case b > a && noun(b):
		head = b - 1
	case noun(b + 1):
	default:
		return false
	}
	for k := a; k <= head; k++ {
		if !isCapitalized(toks[k].word) || s.e.lex.namesSomeone(toks[k].folded) || s.ro.lookup(toks, k) != nil {
			return false
		}
	}
	return true
}

package anonymize

// reading is what a capitalised word or run that no roster form explains
// names: the one decision the pipeline makes for it.
type reading int

const (
	readWord   reading = iota // an ordinary word, a product or a name kept as it is
	readTech                  // a technology: kept
	readPerson                // another person: "Person A"
	readPlace                 // a place: the rule's place replacement
	readOrg                   // an organisation: the rule's organisation replacement
)

func (r reading) String() string {
	return [...]string{"word", "technology", "person", "place", "organization"}[r]
}

// evidence is everything known about one capitalised run when its reading
// is decided. Each field is one kind of evidence, gathered by a
// runScanner; decide weighs them all in one place.
type evidence struct {
	// Cues in the text around the run.
	personCue     bool // a title before it ("Dr."), a person cue ("referred by") or an owner cue after it ("X's team")
	employer      bool // an employer of the rule's list right after an organisation cue ("joined Datadog")
	companyWord   bool // the run ends in a company word ("Tidewell Games")
	companyCued   bool // ... and an organisation cue stands before it ("at Brightwater Logistics")
	orgCue        bool // an employer, or a plain capitalised word after an organisation cue ("at Quillfeather")
	placeCueFirst bool // a place cue before the word the run was found at ("in Tessaly")
	placeCue      bool // a place cue before the run's first word, once the run is extended back

	// Knowledge.
	lexName  bool // a given name or surname of the lexicons, in a position where names stand
	lexPlace bool // a word of the run is a city of the places lexicon
	// nameless: no word of the run is a given name or surname of the
	// lexicons, nor a word of the roster's: whatever it is, the 41k given
	// names and the surnames by country do not know it as a name.
	nameless bool

	// The tagger's entity labels on the run's words.
	personLabel bool
	placeLabel  bool

	// techWord: the run is one word inside its sentence, capitalised, of
	// the tech-words lexicon ("content in Markdown"): the technology, not
	// the place a cue before it suggests.
	techWord bool

	// ordinary: every word of the run is an ordinary English word and
	// no name of the lexicons ("Modal", "Senior", "Solid"): the tagger's
	// label alone does not make it a person, a place or an organisation.
	ordinary bool

	// Shape and position.
	single        bool // one word
	opensSentence bool // its first word opens the sentence
	subject       bool // a verb follows it, as a person's or a tool's name is the subject ("Tintin built")
	camelCase     bool // a capital inside the word ("ByteForge")
	codeCased     bool // three capitals or more in one word, not all capitals ("HyperLogLog"): no name is written so
	letterTerm    bool // one capital letter joined by a hyphen to a word in lower case ("T-learner", "K-means"): a term's shape, no name's
	productHead   bool // followed by a capitalised word the tagger left unlabelled ("Apollo Federation")

	// Technical neighbours.
	techFirst bool // technical names around the run as found (techContext)
	tech      bool // technical names around the extended run, or a technology of the lexicon in it

	// eponym: the run names an idea after its finder ("Simpson's
	// paradox", "Monte Carlo algorithm"): an eponym noun follows it.
	eponym bool
	// inCode: a word of the run also stands in the text's code ("cargo
	// miri", then "Miri catches UB"): a tool's name.
	inCode bool
	// titleField: the run is a job title or its field, ordinary words
	// before a role noun ("Senior Tools Engineer", "Senior Build Eng") or
	// after it and a comma ("Manager, Application Security"): no name.
	titleField bool
	// usedAsTool: a verb that takes tools stands right before the run
	// ("hadn't used Tracy", "tried Lottie"): people are not used,
	// adopted or installed. "via" is left out, as a referral comes via
	// a person.
	usedAsTool bool
	// versioned: a version follows the run ("Gemma 2 9B", "Seurat v5",
	// and after a technology's name any number: "Ruby 3.3"): a product.
	versioned bool
	// productName: a noun of the product-nouns lexicon, capitalised, ends
	// the run or follows it, and no other word of the run is a name the
	// lexicons or the roster know ("Seqera Platform for monitoring",
	// "Havok Physics for Unity"): a product, as people and places are
	// followed by no such noun.
	productName bool

	// toolName: the run is a tool's name that is also a name or a place
	// (the tool-names lexicon: "Luigi", "Hugo"), in a sentence with
	// other technical words, and not standing as a person does (before
	// a verb): "orchestrated with Luigi", "moved the docs from Hugo".
	toolName bool
	// techSentence: the run's sentence holds another technical word
	// (technicalSentence). A place label without a place cue on a word
	// no lexicon knows, there, is the tagger's guess at a tool's name
	// ("lag monitoring with Burrow", "Pekko actors").
	techSentence bool
	// techNear: a technical word stands within a few words of the run in
	// its sentence (technicalNear), and the run is no verb's subject.
	techNear bool
	// namedAdjective: one word ending in -ian or -ean that no place
	// lexicon holds ("Jacobian", "Hamiltonian"): an adjective made from a
	// person's name, never a place; the demonyms made from places are the
	// origin rule's.
	namedAdjective bool
	// hyphenAdjective: one word, a capitalised name joined by a hyphen to
	// ordinary words in lower case that make an adjective of it
	// ("Turing-complete", "Jepsen-style"): an idea's adjective, whatever
	// label the tagger gives the whole word.
	hyphenAdjective bool

	// bareIn: the place cue before the run is a bare "in", no verb of
	// living or moving before it ("upstream in Alertmanager", not "lives
	// in Tamworth").
	bareIn bool

	// What the rule replaces at all.
	orgsReplaced   bool
	placesReplaced bool
}

// decide weighs the evidence on a capitalised run. The order is the order
// of trust: an organisation announced by its cue or its company word, then
// the shapes that make a lone word no name, then technical neighbours
// (unless a cue says person), then cues, lexicons and the tagger's labels.
func decide(ev evidence) reading {
	if ev.titleField && !ev.orgCue && !ev.employer {
		// "Senior Offensive Security Engineer", "Senior Manager,
		// Application Security": a title's field, whatever company word
		// or person cue ("Manager, ...") it holds.
		return readWord
	}
	if ev.announcedOrg() {
		return readOrg
	}
	if ev.single && (ev.codeCased || ev.letterTerm) {
		return readWord // "named HyperLogLog", "a T-learner": a person cue cannot make it a name
	}
	if ev.single && !ev.personCue && !ev.lexName && (ev.opensSentence && !ev.namedSubject() || ev.camelCase || ev.productHead) {
		return readWord
	}
	if ev.personCue {
		return readPerson
	}
	if ev.technical() {
		return readTech
	}
	return ev.byLabels()
}

// namedSubject reports whether a lone word opening its sentence stands as
// a person's name does: the tagger calls it a person, it is no ordinary
// word, and a verb follows ("Tintin built a paginated list", "Mieke
// heeft"). A word that merely opens a sentence ("Overall, solid") is
// capitalised by its place; this one is a name the lexicons do not know,
// a nickname most often, unless technical evidence makes it a tool.
func (ev evidence) namedSubject() bool {
	return ev.personLabel && ev.subject && !ev.ordinary
}

// technical reports whether technical evidence decides the run: technical
// neighbours, an eponym noun, the text's code, a version, a verb that takes
// tools, a product's noun after the name, or a tool's name without a place
// cue.
func (ev evidence) technical() bool {
	return ev.tech || ev.eponym || ev.inCode || ev.versioned || ev.usedAsTool || ev.productName || ev.toolName && !ev.placeCue
}

// byLabels decides from the lexicons, the cues and the tagger's labels,
// once nothing stronger has: a place label alone on an unknown word in a
// technical sentence is a tool's name.
func (ev evidence) byLabels() reading {
	person, place := ev.personLabel, ev.placeLabel
	if ev.lexName {
		// The lexicons know the name; the tagger's place label on a name
		// is a guess. A place cue still wins.
		person, place = true, false
	}
	if ev.placeCue {
		person, place = false, true
	}
	if r, ok := ev.labelExplained(person, place); ok {
		return r
	}
	switch {
	case person:
		return readPerson
	case place && ev.placesReplaced:
		return readPlace
	case !place && ev.orgsReplaced:
		return readOrg
	}
	return readWord
}

// labelExplained decides the runs whose label (person or place, as
// byLabels weighs them) the word itself or its technical neighbours
// explain away, and reports whether it did.
func (ev evidence) labelExplained(person, place bool) (reading, bool) {
	if r, ok := ev.wordExplained(place); ok {
		return r, true
	}
	if ev.toolDespiteLabel(person, place) {
		return readTech, true
	}
	return readWord, false
}

// wordExplained decides the runs the word itself explains: an ordinary
// English word (a technology where the tech-words lexicon or a tool's "in"
// among technical words says so) or an adjective made from a name.
func (ev evidence) wordExplained(place bool) (reading, bool) {
	switch {
	case ev.ordinary && ev.techWord:
		return readTech, true
	case ev.bareIn && ev.single && (ev.nameless || ev.ordinary) && !ev.lexPlace && !ev.lexName:
		// "dedupe alerts upstream in Alertmanager", "sessions in Maze":
		// a bare "in" after a verb or a noun of no place, time or people
		// takes a tool the lexicons lack as often as a town; a town is
		// announced ("lives in", "based in", "an office in", "two years
		// in") or known (the places lexicon holds every city of 15,000
		// people).
		return readTech, true
	case ev.ordinary && ev.placeCue && ev.techNear && !ev.lexPlace && !ev.lexName:
		// "prototyped in Bevy" among Unity and ECS: an English word is no
		// place's name the lexicons lack, and "in" takes tools too.
		return readTech, true
	case ev.ordinary && !ev.placeCue:
		return readWord, true
	case place && ev.namedAdjective && !ev.placeCue && !ev.lexPlace:
		return readWord, true // "Jacobian", "Hamiltonian"
	case ev.hyphenAdjective && !ev.placeCue:
		return readWord, true // "accidentally Turing-complete", "a Jepsen-style test"
	}
	return readWord, false
}

// toolDespiteLabel reports whether technical neighbours make a labelled
// run a tool: the tagger's person label on a lone word no lexicon knows
// as a name, in a sentence with technical words and not standing as a
// person does (no cue, no verb after it: "Ghidra's decompiler over IDA
// Pro's", "screenshot tests with Paparazzi, on the JVM"), or a place
// label alone on an unknown word in a technical sentence ("lag monitoring
// with Burrow"). Both are kept and listed for the coordinator.
func (ev evidence) toolDespiteLabel(person, place bool) bool {
	if person {
		return ev.personLabel && ev.single && ev.nameless && !ev.lexPlace && !ev.placeCue && (ev.techNear || ev.techSentence)
	}
	return place && !ev.placeCue && !ev.lexName && !ev.lexPlace && ev.techSentence
}

// announcedOrg reports whether an organisation cue or a company word
// announces an organisation that technical neighbours do not explain away
// (an employer of the list and a company word after a cue are
// organisations even among technical names).
func (ev evidence) announcedOrg() bool {
	return (ev.companyWord || ev.orgCue) && !ev.personCue && ev.orgsReplaced && !ev.placeCueFirst &&
		(ev.employer || ev.companyCued || !ev.techFirst)
}

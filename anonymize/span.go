package anonymize

import "github.com/anonymize/anonymize/rules"

// Priorities decide overlaps (resolve.go): the higher wins; among equals the
// longer, then the earlier.
const (
	prioAllowPhrase = 100 // a multi-word allow term protects even from known names
	prioSentence    = 90
	prioPattern     = 85 // an email or link holding a name goes whole
	prioNamedPlace  = 81 // a swap's name of several capitalised words ("Ho Chi Minh City") holds a known part as a word of its own
	prioKnown       = 80
	prioCareer      = 76 // a listed employer in a sentence about a career beats its product's one-word allow term
	prioAllowWord   = 75 // a one-word allow term yields to a known identity only
	prioCued        = 70 // a name a title or cue announces, title included ("Mrs. Okafor")
	prioWord        = 65 // swaps and sequences: explicit rules beat the tagger's guesses
	prioOther       = 60
)

// span is one proposed change of a text: detection proposes, resolution
// picks, pseudonymization fills in people's labels, rewriting applies.
type span struct {
	start, end int
	repl       string
	rule       string
	kind       rules.Kind
	category   string
	prio       int
	// person is set for people; repl is then decided by pseudonymize.
	person *personRef
	// protect marks allow-list spans: they win places but change nothing.
	protect bool
	// flag marks findings reported without changing the text.
	flag bool
	// capital says the replacement opens a sentence.
	capital bool
	// upper says the mention was written in capitals: so is its label.
	upper bool
	// clause says the finding takes the clause that states it with it
	// (a protected trait): resolution places the finding, expandRemovals
	// then widens it.
	clause bool
	// background says the change waits for a sentence about someone's
	// background (rules.NamedRegex.Background): confineToBackground drops
	// it elsewhere, and it shows no background itself.
	background bool
	// guess is the folded word of a one-word person or place read from
	// the tagger's label alone (labelGuess): a technology's reading of
	// the same word in the same text outvotes it (sameTextTools).
	guess string
}

// personRef names whom a span refers to: a known identity, or another
// person by the folded text of the mention.
type personRef struct {
	known *identity
	other string // folded mention, for other people
	parts []string
	// alias is set where this mention introduces another name of a known
	// person ("Efosa (goes by Fosa)"): the folded alias.
	alias string
	// capitalOnly marks an alias that is also an ordinary word ("May"):
	// elsewhere in the packet it names the person only written as a name.
	capitalOnly bool
	// named marks an alias a parenthesis gives as the person's own name
	// ("Thanawat Srisuk (Beam, his nickname)"): it names them elsewhere
	// in the packet even where it is also an allowed technical term.
	named bool
	// weak marks another person read from the tagger's label alone: one
	// word that no lexicon knows as a name or a place, with no cue. A tool's
	// reading of the same word elsewhere in the packet outvotes it
	// (toolVotes).
	weak bool
}

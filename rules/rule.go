package rules

import (
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// Kind is one of the closed set of rule kinds.
type Kind string

// The rule kinds. Each is documented with an example in the README.
const (
	// KindSwap replaces words or phrases by others, keeping case:
	// "chairman" -> "chair".
	KindSwap Kind = "swap"
	// KindSequence matches token sequences on words and POS tags with
	// captures, for rewrites that depend on grammar (pronouns and verbs).
	KindSequence Kind = "sequence"
	// KindPattern finds identifiers by RE2 regular expression (emails,
	// phones, links, ages).
	KindPattern Kind = "pattern"
	// KindEntity turns known identities and NER persons into consistent
	// roles and pseudonyms.
	KindEntity Kind = "entity"
	// KindSentence removes or flags whole sentences on sensitive topics.
	KindSentence Kind = "sentence"
	// KindAllow lists terms no rule may touch.
	KindAllow Kind = "allow"
)

var kinds = []Kind{KindSwap, KindSequence, KindPattern, KindEntity, KindSentence, KindAllow, KindLexicon}

// Action says what a rule does with what it finds.
type Action string

// Actions. Rewrite is the default; remove and flag apply to sentence rules
// and to swap and pattern rules of a bias category.
const (
	ActionRewrite Action = "rewrite"
	ActionRemove  Action = "remove"
	ActionFlag    Action = "flag"
)

// Rule is one compiled, validated rule.
type Rule struct {
	ID          string
	Kind        Kind
	Source      string // the file it came from, for `rules list` and errors
	Description string
	// Category groups rules for reports and for packs that switch a whole
	// concern between rewrite, remove and flag (e.g. "school", "health").
	Category string
	Action   Action
	// Allow holds words and phrases this rule never touches, compared
	// case-insensitively.
	Allow []string
	// TechnicalContext holds expressions that mark a technical sense: a
	// finding of a removing rule whose clause matches one stays as written
	// ("localised the checkout into Hebrew", not a heritage language).
	TechnicalContext []*lazyregexp.Regexp
	Tests            []Test

	Swap     *Swap
	Sequence *Sequence
	Pattern  *Pattern
	Entity   *Entity
	Sentence *Sentence
	// Terms is the allow list of an allow rule.
	Terms []string
	// Lexicon is the data of a lexicon rule.
	Lexicon *Lexicon
	// Replace, for an allow rule of a user pack, replaces the earlier rule
	// of the same id instead of adding its terms to it.
	Replace bool `json:",omitempty"`
}

// Test is one inline example of a rule file: In must become Out, or Match
// must be found and NoMatch must not. Line locates it for failure reports.
type Test struct {
	In, Out        string
	Match, NoMatch string
	// Candidate and Interviewers give an in/out test its known identities.
	Candidate    string
	Interviewers []string
	Line, Col    int
}

// Swap is a word or phrase table.
type Swap struct {
	KeepCase bool
	Pairs    []Pair
}

// Pair is one entry of a swap table.
type Pair struct {
	From, To string
}

// Sequence is an ordered list of cases tried top-down at each token; the
// first case that matches wins. Tokens inside a match are tried too, and a
// token keeps the first replacement it gets.
type Sequence struct {
	KeepCase bool
	Cases    []Case
	// Forms are named word tables used by output transforms
	// ("${verb:plural}"); the plural transform falls back to regular English
	// verb morphology for words not in its table.
	Forms map[string]map[string]string
}

// Case is one when/then pair of a sequence rule.
type Case struct {
	When []TokenMatch
	// Then holds one output per When element: the replacement of that token.
	Then []Output
	Line int
}

// TokenMatch matches one token by word (case-insensitive, whole token)
// and/or tag (whole tag), unless the word matches Except. Optional elements
// may be absent. A Repeat element matches as few tokens as the rest of the
// case allows, zero or more, each matching its word, tag and except; it is
// always kept unchanged; with Parentheses it also passes over whatever a
// pair of parentheses holds, as an aside ("(a couple of patches, she
// said)"). A Rewritten element matches only a token that an earlier match
// of the same rule already replaced.
type TokenMatch struct {
	Word        *lazyregexp.Regexp
	Tag         *lazyregexp.Regexp
	Except      *lazyregexp.Regexp
	Optional    bool
	Repeat      bool
	Parentheses bool
	Rewritten   bool
	As          string
	// Source text of the patterns, for listings.
	WordSource, TagSource, ExceptSource string
}

// Output is the replacement of one matched token: a literal, or a
// reference to a matched token (by 1-based position or capture name),
// optionally passed through a transform.
type Output struct {
	Literal   string
	Ref       int    // 1-based position in When; 0 if none
	Name      string // capture name; "" if none
	Transform string
}

// IsRef reports whether the output copies a matched token.
func (o Output) IsRef() bool { return o.Ref > 0 || o.Name != "" }

// Pattern is a list of named regular expressions with replacements.
type Pattern struct {
	Patterns []NamedRegex
}

// NamedRegex is one pattern; Replace may use ${1} style group references.
type NamedRegex struct {
	Name    string
	Regex   *lazyregexp.Regexp
	Replace string
	// Gate says a match that survives rewriting fails the leak gate, and
	// that the pattern applies inside code too. Off for patterns such as
	// @handles that also match ordinary code (@Override).
	Gate bool
	// KeepAllowed leaves a match alone when it is exactly a term of an
	// allow rule: a cue such as "good at" or "ex-" before a technical name
	// ("good at Go", "ex-Rails developer") does not make it an employer.
	// Such a pattern guesses from a cue, so its matches also yield to
	// other patterns (a school's name after "years at").
	KeepAllowed bool
	// StrictCue says the pattern's cue never stands before a technology
	// ("the Atlassian job", "at Cray and NVIDIA"): with KeepAllowed, only
	// an allow list's terms stay, not the technology lexicon's words,
	// which include companies' names (Stack Overflow tags such as nvidia).
	StrictCue bool
	// Guess makes a pattern a guess from its cue that other patterns win
	// over, whatever it matches: "their years at IBM" names an employer,
	// technology or not, but "two years at [a college]" is the school
	// rule's. (KeepAllowed patterns are guesses too.)
	Guess bool
	// Background confines a pattern to sentences about someone's
	// background: those where another rule removed an employer, a school,
	// a place, a tenure or a trait, or that hold such a placeholder. A
	// year or a duration says nothing alone ("retried in 2019", "kept for
	// 7 years"), but beside an employer it dates a career ("then Wix in
	// Limassol since 2022").
	Background bool
	// KeepProducts leaves a match alone when the allow lists or the
	// technology lexicon know it whole as a product's name written as a
	// web domain ("Fly.io", "socket.io", "incident.io"): a product, not
	// anyone's site. The leak gate reads such a match the same way, from
	// the default pack's knowledge.
	KeepProducts bool
	// Head names a lexicon class of nouns (organization-kinds): the span
	// group then only marks where a noun phrase begins, and the pattern
	// replaces that phrase up to a noun of the class that heads it, with
	// the clause after it that says which one it is ("at a Midwest
	// insurer", "the bank with the black horse"). A phrase nothing
	// narrows ("at a startup") stays.
	Head string `json:",omitempty"`
}

// Entity configures how people become roles and pseudonyms.
type Entity struct {
	// Seed says which known identities from the API record to match:
	// "candidate", "interviewers".
	Seed []string
	// Labels are the NER labels treated as other people (PERSON).
	Labels []string
	// Label templates; "{A}" becomes A, B, C... in order of appearance.
	Candidate, Interviewer, Other string
	// Nicknames maps a lower-case given name to its common short forms.
	Nicknames map[string][]string
	// CommonWords are name parts that are also ordinary English words
	// ("grace", "will"); they are replaced only where they name the person.
	CommonWords []string
	// Titles are honorifics dropped before a name ("Dr", "Mr").
	Titles []string
	// WordTitles are titles that also abbreviate ordinary words ("Sr" is
	// Senior): they announce a name only before a word that is no
	// ordinary word ("Sr. Gutierrez", not "Sr. Engineer").
	WordTitles []string
	// Cues are phrases that announce a person's name ("referred by").
	Cues []string
	// OwnerCues are nouns that make a possessive name a person ("X's team").
	OwnerCues []string
	// AliasCues introduce another name for a known person ("goes by",
	// "prefers"): the name that follows is that person everywhere in the
	// packet.
	AliasCues []string
	// Places and Organizations replace other named entities the tagger
	// finds (cities, employers); empty leaves them. Schools replaces the
	// schools of the schools lexicon; empty leaves them.
	Places, Organizations, Schools string
	// PlaceCues are words before a name that make it a place ("in", "from").
	PlaceCues []string
	// OrganizationCues announce an employer ("at", "joined");
	// OrganizationSuffixes end company names ("Games", "Systems"), matched
	// as written.
	OrganizationCues, OrganizationSuffixes []string
	// Employers are companies whose names are also products that an allow
	// list keeps ("Datadog", "GitHub"): after an organization cue ("three
	// years at Datadog", "joined GitHub") they are employers and removed.
	// Phrases are matched word by word ("New Relic").
	Employers []string
}

// Sentence removes or flags sentences that mention a sensitive topic.
type Sentence struct {
	Triggers []*lazyregexp.Regexp
	// TriggerSources are the triggers as written, for listings.
	TriggerSources []string
	Marker         string
}

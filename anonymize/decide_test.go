package anonymize

import (
	"strings"
	"testing"
	"unicode"
)

// TestDecide has one row for each kind of evidence decide weighs, and the
// rows where two kinds meet and one must win.
func TestDecide(t *testing.T) {
	replaces := evidence{orgsReplaced: true, placesReplaced: true}
	with := func(f func(*evidence)) evidence {
		ev := replaces
		f(&ev)
		return ev
	}
	tests := []struct {
		name string
		ev   evidence
		want reading
	}{
		{"nothing known", replaces, readOrg},
		{"a bare in among technical words, an unknown word", with(func(ev *evidence) {
			ev.placeCue, ev.placeCueFirst, ev.bareIn, ev.single, ev.nameless, ev.techNear, ev.placeLabel = true, true, true, true, true, true, true
		}), readTech},
		{"a bare in, an unknown word, no technical words", with(func(ev *evidence) {
			ev.placeCue, ev.placeCueFirst, ev.bareIn, ev.single, ev.nameless, ev.placeLabel = true, true, true, true, true, true
		}), readTech},
		{"a bare in, an English word", with(func(ev *evidence) {
			ev.placeCue, ev.placeCueFirst, ev.bareIn, ev.single, ev.ordinary, ev.placeLabel = true, true, true, true, true, true
		}), readTech},
		{"a bare in, a given name", with(func(ev *evidence) {
			ev.placeCue, ev.placeCueFirst, ev.bareIn, ev.single, ev.lexName, ev.placeLabel = true, true, true, true, true, true
		}), readPlace},
		{"a job title's field", with(func(ev *evidence) {
			ev.titleField, ev.personLabel, ev.personCue, ev.companyWord = true, true, true, true
		}), readWord},
		{"a job title's field after an organisation cue", with(func(ev *evidence) { ev.titleField, ev.orgCue = true, true }), readOrg},
		{"a version after a lexicon name", with(func(ev *evidence) { ev.versioned, ev.lexName, ev.single = true, true, true }), readTech},
		{"a version after a cued person", with(func(ev *evidence) { ev.versioned, ev.personCue = true, true }), readPerson},
		{"a bare in, a known town", with(func(ev *evidence) {
			ev.placeCue, ev.placeCueFirst, ev.bareIn, ev.single, ev.nameless, ev.techNear, ev.placeLabel, ev.lexPlace = true, true, true, true, true, true, true, true
		}), readPlace},
		{"lives in, among technical words", with(func(ev *evidence) {
			ev.placeCue, ev.placeCueFirst, ev.single, ev.nameless, ev.techNear, ev.placeLabel = true, true, true, true, true, true
		}), readPlace},
		{"person label on an unknown word in a technical sentence", with(func(ev *evidence) {
			ev.personLabel, ev.single, ev.nameless, ev.techSentence = true, true, true, true
		}), readTech},
		{"person label on a lexicon name in a technical sentence", with(func(ev *evidence) {
			ev.personLabel, ev.single, ev.lexName, ev.techSentence = true, true, true, true
		}), readPerson},
		{"a name's adjective the tagger calls a place", with(func(ev *evidence) {
			ev.placeLabel, ev.single, ev.nameless, ev.hyphenAdjective = true, true, true, true
		}), readWord},
		{"a name's adjective the tagger calls a person", with(func(ev *evidence) {
			ev.personLabel, ev.single, ev.hyphenAdjective = true, true, true
		}), readWord},
		{"a name's adjective after a place cue stays a place", with(func(ev *evidence) {
			ev.placeLabel, ev.single, ev.hyphenAdjective, ev.placeCue = true, true, true, true
		}), readPlace},
		{"nothing known, organisations kept", evidence{placesReplaced: true}, readWord},
		{"person label", with(func(ev *evidence) { ev.personLabel = true }), readPerson},
		{"place label", with(func(ev *evidence) { ev.placeLabel = true }), readPlace},
		{"place label, places kept", evidence{placeLabel: true, orgsReplaced: true}, readWord},
		{"person and place labels", with(func(ev *evidence) { ev.personLabel, ev.placeLabel = true, true }), readPerson},
		{"lexicon name over a place label", with(func(ev *evidence) { ev.lexName, ev.placeLabel = true, true }), readPerson},
		{"place cue over a lexicon name", with(func(ev *evidence) { ev.lexName, ev.placeCue = true, true }), readPlace},
		{"place cue over a person label", with(func(ev *evidence) { ev.personLabel, ev.placeCue = true, true }), readPlace},
		{"title or person cue", with(func(ev *evidence) { ev.personCue = true }), readPerson},
		{"person cue over a place cue", with(func(ev *evidence) { ev.personCue, ev.placeCue = true, true }), readPerson},
		{"person cue among technical names", with(func(ev *evidence) { ev.personCue, ev.tech = true, true }), readPerson},
		{"person cue over an organisation cue", with(func(ev *evidence) { ev.personCue, ev.orgCue = true, true }), readPerson},
		{"technical neighbours over a person label", with(func(ev *evidence) { ev.tech, ev.personLabel = true, true }), readTech},
		{"technical neighbours over a lexicon name", with(func(ev *evidence) { ev.tech, ev.lexName = true, true }), readTech},
		{"organisation cue", with(func(ev *evidence) { ev.orgCue, ev.personLabel = true, true }), readOrg},
		{"organisation cue among technical names", with(func(ev *evidence) { ev.orgCue, ev.techFirst, ev.tech = true, true, true }), readTech},
		{"employer among technical names", with(func(ev *evidence) { ev.orgCue, ev.employer, ev.techFirst = true, true, true }), readOrg},
		{"company word", with(func(ev *evidence) { ev.companyWord, ev.single = true, true }), readOrg},
		{"company word among technical names", with(func(ev *evidence) { ev.companyWord, ev.techFirst, ev.tech = true, true, true }), readTech},
		{"company word after a cue among technical names", with(func(ev *evidence) { ev.companyWord, ev.companyCued, ev.techFirst = true, true, true }), readOrg},
		{"organisation cue after a place cue", with(func(ev *evidence) { ev.orgCue, ev.placeCueFirst, ev.placeCue = true, true, true }), readPlace},
		{"lone word opening a sentence", with(func(ev *evidence) { ev.single, ev.opensSentence, ev.personLabel = true, true, true }), readWord},
		{"unknown name opening a sentence as a verb's subject", with(func(ev *evidence) { ev.single, ev.opensSentence, ev.personLabel, ev.subject = true, true, true, true }), readPerson},
		{"ordinary word opening a sentence as a verb's subject", with(func(ev *evidence) {
			ev.single, ev.opensSentence, ev.personLabel, ev.subject, ev.ordinary = true, true, true, true, true
		}), readWord},
		{"tool opening a sentence as a verb's subject", with(func(ev *evidence) {
			ev.single, ev.opensSentence, ev.personLabel, ev.subject, ev.tech = true, true, true, true, true
		}), readTech},
		{"a letter's term the tagger calls an organisation, after a person cue", with(func(ev *evidence) { ev.single, ev.letterTerm, ev.personCue = true, true, true }), readWord},
		{"lone CamelCase word", with(func(ev *evidence) { ev.single, ev.camelCase, ev.placeLabel = true, true, true }), readWord},
		{"head of a product name", with(func(ev *evidence) { ev.single, ev.productHead, ev.personLabel = true, true, true }), readWord},
		{"lexicon name opening a sentence", with(func(ev *evidence) { ev.single, ev.opensSentence, ev.lexName = true, true, true }), readPerson},
		{"titled name opening a sentence", with(func(ev *evidence) { ev.single, ev.opensSentence, ev.personCue = true, true, true }), readPerson},
		{"ordinary word with a person label", with(func(ev *evidence) { ev.ordinary, ev.personLabel = true, true }), readWord},
		{"ordinary word with a place label", with(func(ev *evidence) { ev.ordinary, ev.placeLabel = true, true }), readWord},
		{"ordinary word after a place cue", with(func(ev *evidence) { ev.ordinary, ev.placeCue = true, true }), readPlace},
		{"ordinary word after a title", with(func(ev *evidence) { ev.ordinary, ev.personCue = true, true }), readPerson},
		{"eponym over a person label", with(func(ev *evidence) { ev.eponym, ev.personLabel = true, true }), readTech},
		{"eponym over a place label", with(func(ev *evidence) { ev.eponym, ev.placeLabel = true, true }), readTech},
		{"title before an eponym", with(func(ev *evidence) { ev.eponym, ev.personCue = true, true }), readPerson},
		{"tool name in a technical sentence over a lexicon name", with(func(ev *evidence) { ev.toolName, ev.lexName, ev.personLabel = true, true, true }), readTech},
		{"place label in a technical sentence", with(func(ev *evidence) { ev.placeLabel, ev.techSentence = true, true }), readTech},
		{"place label and cue in a technical sentence", with(func(ev *evidence) { ev.placeLabel, ev.placeCue, ev.techSentence = true, true, true }), readPlace},
		{"lexicon name with a place label in a technical sentence", with(func(ev *evidence) { ev.placeLabel, ev.lexName, ev.techSentence = true, true, true }), readPerson},
		{"person cue before a tool name", with(func(ev *evidence) { ev.toolName, ev.personCue = true, true }), readPerson},
		{"city of the lexicon with a place label in a technical sentence", with(func(ev *evidence) { ev.placeLabel, ev.lexPlace, ev.techSentence = true, true, true }), readPlace},
		{"place cue before a tool name", with(func(ev *evidence) { ev.toolName, ev.placeCue, ev.placeLabel = true, true, true }), readPlace},
		{"word of the text's code over a lexicon name", with(func(ev *evidence) { ev.inCode, ev.lexName = true, true }), readTech},
		{"person label on a nameless word among technical words", with(func(ev *evidence) { ev.personLabel, ev.single, ev.nameless, ev.techNear = true, true, true, true }), readTech},
		{"person label on a word of the name lexicons among technical words", with(func(ev *evidence) { ev.personLabel, ev.single, ev.techNear = true, true, true }), readPerson},
		{"person label on two nameless words among technical words", with(func(ev *evidence) { ev.personLabel, ev.nameless, ev.techNear = true, true, true }), readPerson},
		{"person cue before a nameless word among technical words", with(func(ev *evidence) {
			ev.personLabel, ev.single, ev.nameless, ev.techNear, ev.personCue = true, true, true, true, true
		}), readPerson},
		{"two words opening a sentence", with(func(ev *evidence) { ev.opensSentence, ev.personLabel = true, true }), readPerson},
	}
	for _, tt := range tests {
		if got := decide(tt.ev); got != tt.want {
			t.Errorf("%s: decide = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestNameShaped(t *testing.T) {
	tests := []struct {
		w             string
		shaped, camel bool
	}{
		{"O'Neill", true, false}, {"D'Angelo", true, false}, {"N'Diaye", true, false},
		{"McDonald", true, false}, {"MacArthur", true, false}, {"DeShawn", true, false},
		{"ByteForge", false, true}, {"DevTools", false, true}, {"LaTeX", false, true}, {"DeepMind", false, true},
		{"McX", false, true}, {"iOS", false, true}, {"Mc", false, false}, {"Neill", false, false},
	}
	for _, tt := range tests {
		if got := nameShaped(tt.w); got != tt.shaped {
			t.Errorf("nameShaped(%q) = %v, want %v", tt.w, got, tt.shaped)
		}
		if got := camelCase(tt.w); got != tt.camel {
			t.Errorf("camelCase(%q) = %v, want %v", tt.w, got, tt.camel)
		}
	}
}

func TestLetterTerm(t *testing.T) {
	for w, want := range map[string]bool{
		"T-learner": true, "X-learner": true, "K-means": true, "B-tree": true, "É-mail": true,
		"T-Mobile": false, "Jean-Luc": false, "J-P": false, "A-b": false, "t-test": false, "TT-learner": false, "X-": false,
	} {
		if got := letterTerm(w); got != want {
			t.Errorf("letterTerm(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestAcronymInContext(t *testing.T) {
	for text, want := range map[string]bool{
		"the DAG scheduler": true, "a DOM node": true, "(the ANA api)": true,
		"look at NAT gateway limits": true, "NOTES ON DAG SCHEDULER": false, "with ROS 2 nodes": true,
		"has written SAM templates": true, "tracks DORA metrics": true, "committee: SAM = AWS": true,
		"Notes. ANA mentioned it": false, "asked Dag NILSSON": false,
		"ANA mentioned it": false, "ANA says hi": false, "with DAG, today": true,
		"the Dag family": false, "the NILSSON notes": false,
	} {
		i := strings.IndexFunc(text, func(r rune) bool { return r >= 'A' && r <= 'Z' })
		j := i + strings.IndexFunc(text[i:]+" ", func(r rune) bool { return !unicode.IsLetter(r) })
		if got := acronymInContext(text, []int{i, j}, false); got != want {
			t.Errorf("acronymInContext(%q at %q) = %v, want %v", text, text[i:j], got, want)
		}
	}
}

func TestBeforeEponymNoun(t *testing.T) {
	e := testEngine(t)
	for text, want := range map[string]bool{
		"an extended Kalman filter": true, "a Bloom filter": true, "Kalman's filter": false, "Kalman said": false,
		"Kalman filters": true, "Kalman, filter": false,
	} {
		i := strings.IndexFunc(text, unicode.IsUpper)
		j := i + strings.IndexFunc(text[i:]+" ", func(r rune) bool { return r == ' ' || r == ',' })
		if got := e.beforeEponymNoun(text, []int{i, j}, nil); got != want {
			t.Errorf("beforeEponymNoun(%q at %q) = %v, want %v", text, text[i:j], got, want)
		}
	}
}

// TestInWordOf: a name part found inside an identifier is no handle only
// where it lies within a longer English word of it.
func TestInWordOf(t *testing.T) {
	words := map[string]bool{"referrer": true, "commandeer": true}
	isWord := func(w string) bool { return words[w] }
	tests := []struct {
		f, form string
		want    bool
	}{
		{"no-referrer", "ferrer", true}, // the word "referrer"
		{"jferrer92", "ferrer", false},  // a handle
		{"ferrer.dev", "ferrer", false}, // the name is the whole piece
		{"commandeer", "mandeer", true},
		{"mandeer_x", "mandeer", false},
	}
	for _, tt := range tests {
		i := strings.Index(tt.f, tt.form)
		if got := inWordOf(tt.f, i, i+len(tt.form), isWord); got != tt.want {
			t.Errorf("inWordOf(%q, %q) = %v, want %v", tt.f, tt.form, got, tt.want)
		}
	}
}

// TestVersionedName: a capitalised name joined to digits or a sign is
// technical; a plain name, a year or a lower-case word is not.
func TestVersionedName(t *testing.T) {
	for w, want := range map[string]bool{"C++17": true, "ARM64": true, "C#": true, "Python3": true, "Ada": false,
		"2019": false, "p99": false, "": false, "Ana's": false} {
		if got := versionedName(w); got != want {
			t.Errorf("versionedName(%q) = %v, want %v", w, got, want)
		}
	}
}

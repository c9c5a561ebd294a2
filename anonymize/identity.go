package anonymize

import (
	"regexp"
	"sort"
	"strings"

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
	// fuzzy are name parts of 5+ letters, matched within one edit.
	fuzzy []fuzzyPart
	// diminutives are pet forms of given names ("Junie", "Gracie"),
	// matched only capitalised, since some are words ("rosy").
	diminutives map[string]*identity
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

// newRoster builds the index. rule may be nil (no entity rule active): the
// roster is then still used by verify.
func newRoster(r Roster, rule *rules.Entity) *roster {
	ro := &roster{words: map[string][]*identity{}, common: map[string]bool{}, diminutives: map[string]*identity{}}
	if rule != nil {
		for _, w := range rule.CommonWords {
			ro.common[w] = true
		}
	}
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
		for k, part := range nameParts(name) {
			ro.addWord(part, id)
			if k == 0 {
				for _, d := range diminutivesOf(fold(part)) {
					if ro.diminutives[d] == nil {
						ro.diminutives[d] = id
					}
				}
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
		if email := strings.TrimSpace(p.Email); email != "" {
			ro.literal = append(ro.literal, literalForm{fold(email), "email", id})
			local := email
			if at := strings.IndexByte(email, '@'); at > 0 {
				local = email[:at]
			}
			ro.addHandle(local, id, kind)
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

// lookup returns the identity a token names, if any. It applies the
// ordinary-word test: a part such as "Grace" names the person only where
// its shape and neighbours say so (see namesPerson).
func (ro *roster) lookup(toks []token, i int) *identity {
	t := toks[i]
	// prose keeps a period on short capitalised words ("Bob.") as if they
	// were abbreviations.
	w := t.nameKey()
	ids := ro.words[w]
	if len(ids) == 0 {
		if !isCapitalized(t.word) || len([]rune(w)) < 3 || isAllUpper(t.word) || camelCase(t.word) || ro.allow[w] {
			return nil
		}
		if id := ro.diminutives[w]; id != nil {
			ids = []*identity{id}
		}
		for _, f := range ro.fuzzy {
			if len(ids) > 0 || len([]rune(w)) < 4 {
				break
			}
			// One slip of the keyboard ("Wierzbiki"), or a short form made
			// of the name's beginning ("Venkat" for Venkataraman, "Thandi"
			// for Thandiwe, "Will" for Willem: an ordinary word then has to
			// pass the same test as a name that is a word).
			if len([]rune(w)) >= 5 && !ro.common[w] && withinOneEdit(w, f.form) || len(f.form) >= 6 && strings.HasPrefix(f.form, w) {
				ids = []*identity{f.id}
			}
		}
		if len(ids) == 0 {
			return nil
		}
	}
	if ro.common[w] && !ro.namesPerson(toks, i) {
		return nil
	}
	return ids[0]
}

// namesPerson decides whether a part that is also an ordinary word ("Will",
// "Hope", "Grace") is the name here: it must be capitalised, and then
// either stand mid-sentence, or be possessive, or sit beside another part
// of a known name, or open a sentence as the subject of a verb.
func (ro *roster) namesPerson(toks []token, i int) bool {
	t := toks[i]
	if !isCapitalized(t.word) || isAllUpper(t.word) && len(t.word) > 1 {
		return false
	}
	next := func(k int) *token {
		if i+k >= 0 && i+k < len(toks) && toks[i+k].sent == t.sent {
			return &toks[i+k]
		}
		return nil
	}
	if n := next(1); n != nil {
		if n.word == "'s" || ro.words[n.folded] != nil && isCapitalized(n.word) && !ro.common[n.folded] {
			return true
		}
	}
	if p := next(-1); p != nil && ro.words[p.folded] != nil && isCapitalized(p.word) && !ro.common[p.folded] {
		return true
	}
	if !t.first && !afterListMarker(toks, i) {
		return true
	}
	// Opening a sentence, the name is the subject of a finite verb ("Grace
	// rewrote"), while the word opens questions and phrases ("Will she",
	// "Hope this helps").
	if n := next(1); n != nil {
		switch n.tag {
		case "VBD", "VBZ", "VBN", "VBP", "MD", "POS", ",":
			return true
		}
		// The tagger reads "Will described" as a modal and a verb; a
		// modal is never followed by a past tense.
		if w := strings.ToLower(n.word); strings.HasSuffix(w, "ed") && len(w) > 4 && !notPast[w] {
			return true
		}
	}
	return false
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

// notPast are base verbs that end in -ed.
var notPast = map[string]bool{"need": true, "feed": true, "proceed": true, "exceed": true, "succeed": true,
	"seed": true, "speed": true, "breed": true, "bleed": true, "embed": true, "shred": true, "heed": true,
	"weed": true, "shed": true, "plead": true, "spread": true, "thread": true, "read": true, "lead": true}

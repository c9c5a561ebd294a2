package anonymize

import (
	"regexp"
	"sort"
	"strings"

	"github.com/anonymize/anonymize/rules"
)

// pseudonyms hands out labels consistent across a whole packet: the
// candidate's label, "Interviewer A".. by roster order, "Person A".. by
// first appearance of each other person in packet order.
type pseudonyms struct {
	rule   *rules.Entity
	others []otherPerson
	// taken are labels the original texts already hold ("Person A" written
	// by an interviewer): handing them out again would make two people one.
	taken map[string]bool
	next  int
	// short maps a folded given name to its short forms (the short-forms
	// lexicon): "Cora" later is the "Corazon Dimaculangan" named before.
	short map[string][]string
}

type otherPerson struct {
	parts []string
	label string
	name  string // as first written, for the key file
}

func newPseudonyms(rule *rules.Entity, texts ...string) *pseudonyms {
	if rule == nil {
		rule = rules.DefaultLabels()
	}
	p := &pseudonyms{rule: rule, taken: map[string]bool{}}
	q := regexp.QuoteMeta(rule.Other)
	if strings.Contains(q, `\{A\}`) {
		re := regexp.MustCompile(`\b` + strings.ReplaceAll(q, `\{A\}`, `[A-Z]{1,2}\b`))
		for _, t := range texts {
			for _, m := range re.FindAllString(t, -1) {
				p.taken[m] = true
			}
		}
	}
	return p
}

// label returns the label for a person reference. mention is the text as
// written, used to record who an other person is.
func (p *pseudonyms) label(ref *personRef, mention string) string {
	if ref.known != nil {
		switch ref.known.role {
		case roleCandidate:
			return p.rule.Candidate
		default:
			return strings.ReplaceAll(p.rule.Interviewer, "{A}", letter(ref.known.index))
		}
	}
	// A later mention by one part ("Eitan") is the person first named in
	// full ("Eitan Shafir"); a later full name extends an earlier part.
	for i := range p.others {
		o := &p.others[i]
		if sameOrPart(o.parts, ref.parts) {
			if len(ref.parts) > len(o.parts) {
				o.parts, o.name = ref.parts, mention
			}
			return o.label
		}
	}
	if len(ref.parts) == 1 {
		for _, o := range p.others {
			for _, part := range o.parts {
				if contains(p.short[part], ref.parts[0]) {
					return o.label
				}
			}
		}
	}
	l := strings.ReplaceAll(p.rule.Other, "{A}", letter(p.next))
	for p.next++; p.taken[l]; p.next++ {
		l = strings.ReplaceAll(p.rule.Other, "{A}", letter(p.next))
	}
	p.others = append(p.others, otherPerson{parts: ref.parts, label: l, name: mention})
	return l
}

func sameOrPart(a, b []string) bool {
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	for _, s := range short {
		if !contains(long, s) {
			return false
		}
	}
	return len(short) > 0
}

// letter numbers labels A..Z, then AA, AB...
func letter(i int) string {
	s := ""
	for {
		s = string(rune('A'+i%26)) + s
		i = i/26 - 1
		if i < 0 {
			return s
		}
	}
}

// toolVotes collects the single words that technical evidence read as
// tools anywhere in a packet (segmented.toolReadings), and drops the weak
// readings of the same words as people (personRef.weak): "components
// documented in Histoire instead of Storybook" in one note outvotes "they
// said Histoire is nicer", where the tagger's label alone made a person,
// in another. A word that a lexicon knows as a name, or that a cue
// announces, stays a person whatever the votes.
func toolVotes(as []*analysis) map[string]bool {
	votes := map[string]bool{}
	for _, a := range as {
		for w := range a.seg.toolReadings {
			votes[w] = true
		}
	}
	for _, a := range as {
		a.spans = withoutVotedTools(a.spans, votes)
	}
	return votes
}

// withoutVotedTools returns spans without the weak person readings of
// words voted tools.
func withoutVotedTools(spans []span, votes map[string]bool) []span {
	if len(votes) == 0 {
		return spans
	}
	out := spans[:0]
	for _, sp := range spans {
		if p := sp.person; p != nil && p.weak && len(p.parts) == 1 && votes[p.parts[0]] {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// otherParts collects the names found anywhere in a packet that later
// mentions may repeat alone: parts of other people ("Eitan" of "Eitan
// Shafir") and aliases of known people ("Fosa" for Efosa). A bare mention in
// another note is then known to be the same person.
//
// Short forms of other people's parts (the short-forms lexicon) that are
// not ordinary words count too: "Cora" after "Corazon Dimaculangan".
func (e *Engine) otherParts(as []*analysis) map[string]*personRef {
	parts := map[string]*personRef{}
	var shorts [][2]string
	for _, a := range as {
		// Every alias is in a.aliases, also those a removal swallowed.
		for _, p := range a.aliases {
			if prev := parts[p.alias]; prev == nil || prev.capitalOnly {
				parts[p.alias] = &personRef{known: p.known, capitalOnly: p.capitalOnly, named: p.named}
			}
		}
		for _, s := range a.spans {
			if s.person == nil || s.person.alias != "" {
				continue
			}
			if s.person.known == nil {
				for _, p := range s.person.parts {
					if _, taken := parts[p]; !taken {
						parts[p] = &personRef{other: p, parts: []string{p}}
					}
					for _, sh := range e.lex.shortForms[p] {
						shorts = append(shorts, [2]string{sh, p})
					}
				}
			}
		}
	}
	for _, sp := range shorts {
		if _, taken := parts[sp[0]]; !taken && !e.lex.isWord(sp[0]) && !e.common[sp[0]] && !e.lex.stopNames[sp[0]] {
			parts[sp[0]] = &personRef{other: sp[1], parts: []string{sp[1]}}
		}
	}
	return parts
}

// laterMentions adds spans for capitalised tokens that are names found
// elsewhere in the packet and not yet covered by a span.
func (e *Engine) laterMentions(a *analysis, parts map[string]*personRef) []span {
	if len(parts) == 0 || e.people == nil {
		return a.spans
	}
	out := a.spans
	added := false
	for k, t := range a.toks {
		f := t.nameKey()
		ref := parts[f]
		// Known people's aliases count in any case ("thandi wrote it" in
		// an all-lower-case note), an alias that is also a word where a
		// chat-style line uses it as a name ("jimmy's loop done"); other
		// people's names only capitalised.
		if ref == nil || !isCapitalized(t.word) && (ref.known == nil || ref.capitalOnly && !(lowerCaseSentence(a.toks, k) && actsAsName(a.toks, k))) || e.allowWords[f] && !ref.named {
			continue
		}
		if ref.capitalOnly && t.first && !namedAtSentenceStart(a.toks, t) {
			continue // "May I ask" is no mention of May
		}
		if overlapsAny(out, span{start: t.start, end: t.end}) {
			// An alias of a known person outranks the tagger's guess that
			// the same word is somebody else, and a person's name found
			// elsewhere outranks its guess that the word is a place
			// ("Whitcombe's Bazel rules").
			replaceOtherGuess(out, t, ref, e.people.ID)
			continue
		}
		prio := prioOther
		if ref.known != nil {
			prio = prioKnown
		}
		end := t.start + len(strings.TrimSuffix(t.word, "."))
		if end < len(a.seg.text) && a.seg.text[end] == '.' && continuesSentence(a.seg.text, end+1) {
			end++ // "Later Zs. tuned it": the short form's full stop goes with it
		}
		if n := k + 1; ref.known != nil && n < len(a.toks) && a.toks[n].sent == t.sent && onlySpaceBetween(a.seg.text, t, a.toks[n]) &&
			parts[a.toks[n].nameKey()] == nil && !overlapsAny(out, span{start: a.toks[n].start, end: a.toks[n].end}) {
			if surnameEnd, ok := e.unknownSurname(a.seg.text, a.toks[n]); ok {
				end = surnameEnd // "Paddy O'Sullivan" once Paddy is known
			}
		}
		out = append(out, span{start: t.start, end: end, rule: e.people.ID, kind: e.people.Kind,
			category: e.people.Category, prio: prio, person: ref, capital: t.first})
		added = true
	}
	if added {
		sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	}
	return out
}

// replaceOtherGuess turns a span of the people rule that took word t for
// another person, a place or an organization (exactly that word, not
// announced by a cue) into a mention of ref: a known person's alias, or
// another person's name. It reports whether it did.
func replaceOtherGuess(spans []span, t token, ref *personRef, peopleRule string) bool {
	for i := range spans {
		sp := &spans[i]
		if sp.start != t.start || sp.rule != peopleRule || sp.end-sp.start > len(t.word) || sp.prio > prioOther {
			continue
		}
		switch {
		case sp.person != nil && sp.person.known == nil && ref.known != nil:
			sp.person, sp.prio = ref, prioKnown
			return true
		case sp.person == nil:
			sp.person, sp.repl = ref, ""
			if ref.known != nil {
				sp.prio = prioKnown
			}
			return true
		}
	}
	return false
}

// namedAtSentenceStart reports whether the word t, opening a sentence, is
// followed as a name is: by a verb or a possessive ("Duke's fix", "May
// wrote"), or by a colon and a quotation, as a speaker's label.
func namedAtSentenceStart(toks []token, t token) bool {
	for k := range toks {
		if toks[k].start != t.start {
			continue
		}
		if n := k + 1; n < len(toks) && toks[n].sent == t.sent {
			switch toks[n].tag {
			case "POS", "VBD", "VBZ":
				return true
			}
			// A speaker's label before the words quoted: 'Ploy: "I took
			// it down."' A heading's label ("Design: solid") quotes no one.
			if toks[n].word == ":" && n+1 < len(toks) && toks[n+1].sent == t.sent && strings.HasPrefix(toks[n+1].word, `"`) {
				return true
			}
		}
		return false
	}
	return false
}

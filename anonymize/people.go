package anonymize

import (
	"strings"
	"unicode"

	"github.com/anonymize/anonymize/rules"
)

// detectPeople finds known identities (every form the roster knows) and
// other people (NER persons and names after cues such as "referred by").
func (e *Engine) detectPeople(r *rules.Rule, seg *segmented, toks []token, ro *roster) []span {
	ent := r.Entity
	var out []span
	seedCandidate, seedInterviewers := contains(ent.Seed, "candidate"), contains(ent.Seed, "interviewers")
	known := func(id *identity) bool {
		return id != nil && (id.role == roleCandidate && seedCandidate || id.role == roleInterviewer && seedInterviewers)
	}
	mk := func(a, b int, ref *personRef, prio int) span {
		return span{start: toks[a].start, end: toks[b].end, rule: r.ID, kind: r.Kind, category: r.Category,
			prio: prio, person: ref, capital: toks[a].first}
	}
	for i := 0; i < len(toks); i++ {
		id := ro.lookup(toks, i)
		if !known(id) {
			continue
		}
		// Take the whole mention: further parts of the same person, joined
		// by spaces ("Ana Beatriz Prado"), and a title before it ("Ms.").
		a, b := i, i
		for b+1 < len(toks) && toks[b+1].sent == toks[i].sent && onlySpaceBetween(seg.text, toks[b], toks[b+1]) {
			if next := ro.lookup(toks, b+1); next == id {
				b++
				continue
			}
			break
		}
		if a > 0 && toks[a-1].sent == toks[a].sent && isTitle(ent, toks[a-1].word) {
			a--
		}
		sp := mk(a, b, &personRef{known: id}, prioKnown)
		if strings.HasSuffix(toks[b].word, ".") && !isTitle(ent, toks[b].word) {
			sp.end-- // "Bob." keeps its full stop
		}
		sp.upper = isAllUpper(seg.text[toks[i].start:toks[b].end]) && toks[b].end-toks[i].start > 2
		out = append(out, sp)
		i = b
	}
	out = append(out, e.otherPeople(r, seg, toks, ro, mk)...)
	out = append(out, knownOutsideProse(r, seg, toks, ro, known)...)
	return out
}

// otherPeople finds names of people outside the roster: runs of tokens the
// NER labels PERSON, and capitalised names right after a cue or a title.
func (e *Engine) otherPeople(r *rules.Rule, seg *segmented, toks []token, ro *roster, mk func(a, b int, ref *personRef, prio int) span) []span {
	ent := r.Entity
	var out []span
	isPersonTok := func(t token) bool {
		return strings.HasSuffix(t.ner, "-PERSON") && contains(ent.Labels, "PERSON")
	}
	nameLike := func(t token) bool {
		return isCapitalized(t.word) && isLetters(t.word) && !isAllUpper(t.word) && ro.words[fold(t.word)] == nil &&
			!e.allowWords[fold(t.word)] && !stopNames[fold(t.word)]
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		cued := titleBefore(ent, toks, i) >= 0 || e.cueBefore(ent, toks, i) || ownerAfter(ent, toks, i, nameLike)
		if !nameLike(t) || !(isPersonTok(t) && (t.tag == "NNP" || t.tag == "NNPS") || cued) {
			continue
		}
		// A lone capitalised word opening a sentence is usually not a name
		// unless a cue or title announces it.
		b := i
		for b+1 < len(toks) && toks[b+1].sent == t.sent && nameLike(toks[b+1]) &&
			onlySpaceBetween(seg.text, toks[b], toks[b+1]) && (isPersonTok(toks[b+1]) || cued) && b-i < 3 {
			b++
		}
		if b == i && !cued && (t.first || camelCase(t.word) || nextIsCapitalizedNonPerson(toks, i, isPersonTok)) {
			// A lone capitalised word opening a sentence, a CamelCase
			// identifier, or the first word of a product name ("Apollo
			// Federation") is not a person unless a cue says so.
			continue
		}
		// The NER often labels only the surname: take capitalised name-like
		// words right before it too ("Eitan Shafir").
		a := i
		for a-1 >= 0 && toks[a-1].sent == t.sent && nameLike(toks[a-1]) && !toks[a-1].first && i-a < 2 &&
			onlySpaceBetween(seg.text, toks[a-1], toks[a]) && (toks[a-1].tag == "NNP" || toks[a-1].tag == "NNPS") {
			a--
		}
		first := a
		if k := titleBefore(ent, toks, a); k >= 0 {
			a = k
		}
		var parts []string
		for k := first; k <= b; k++ {
			parts = append(parts, fold(toks[k].word))
		}
		out = append(out, mk(a, b, &personRef{other: strings.Join(parts, " "), parts: parts}, prioOther))
		i = b
	}
	return out
}

// titleBefore returns the index of a title right before toks[i] ("Dr",
// "Prof." split by the tokenizer into "Prof" and "."), or -1.
func titleBefore(ent *rules.Entity, toks []token, i int) int {
	k := i - 1
	if k >= 0 && toks[k].word == "." && k > 0 {
		k--
	}
	if k >= 0 && toks[k].sent == toks[i].sent && isTitle(ent, toks[k].word) {
		return k
	}
	return -1
}

// ownerAfter reports whether toks[i] starts a name of one or two words
// followed by a possessive cue ("Farouk Haddad's team").
func ownerAfter(ent *rules.Entity, toks []token, i int, nameLike func(token) bool) bool {
	for n := 1; n <= 2; n++ {
		j := i + n
		if j+1 >= len(toks) || toks[j+1].sent != toks[i].sent || !nameLike(toks[j-1]) {
			return false
		}
		if toks[j].word == "'s" && contains(ent.OwnerCues, fold(toks[j+1].word)) {
			return true
		}
	}
	return false
}

// cueBefore reports whether a cue phrase ("referred by") ends right before
// toks[i].
func (e *Engine) cueBefore(ent *rules.Entity, toks []token, i int) bool {
	for _, cue := range ent.Cues {
		words := strings.Fields(cue)
		if i < len(words) {
			continue
		}
		ok := true
		for k, w := range words {
			t := toks[i-len(words)+k]
			if t.sent != toks[i].sent || fold(t.word) != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// knownOutsideProse removes known identities where the tagger does not
// look: code spans and blocks, markup (attribute values such as
// data-candidate="jane-doe"), and inside tokens that join several words
// ("rosalind-scheduler", "*Caoimhe*"). Consecutive words of one person
// joined by - . or _ become one mention.
func knownOutsideProse(r *rules.Rule, seg *segmented, toks []token, ro *roster, known func(*identity) bool) []span {
	var out []span
	scan := func(a, b int) {
		var last *span
		for _, m := range codeWord.FindAllStringIndex(seg.text[a:b], -1) {
			start, end := a+m[0], a+m[1]
			w := seg.text[start:end]
			if trimmed := strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"); trimmed != w {
				w, end = trimmed, start+len(trimmed)
			}
			f := fold(w)
			ids := ro.words[f]
			if len(ids) == 0 || !known(ids[0]) || ro.common[f] && !isCapitalized(w) {
				last = nil
				continue
			}
			if last != nil && last.person.known == ids[0] && start-last.end == 1 && strings.ContainsAny(seg.text[last.end:start], "-._") {
				last.end = end
				continue
			}
			out = append(out, span{start: start, end: end, rule: r.ID, kind: r.Kind,
				category: r.Category, prio: prioKnown - 1, person: &personRef{known: ids[0]}})
			last = &out[len(out)-1]
		}
	}
	for i := 0; i < len(seg.text); {
		if !seg.code[i] && !seg.markup[i] {
			i++
			continue
		}
		j := i
		for j < len(seg.text) && (seg.code[j] || seg.markup[j]) {
			j++
		}
		scan(i, j)
		i = j
	}
	for _, t := range toks {
		if strings.IndexFunc(t.word, func(r rune) bool { return r == '-' || r == '*' || r == '_' || r == '/' || r == '.' }) >= 0 {
			scan(t.start, t.end)
		}
	}
	return out
}

func isTitle(ent *rules.Entity, w string) bool {
	w = strings.TrimSuffix(w, ".")
	for _, t := range ent.Titles {
		if strings.EqualFold(t, w) {
			return true
		}
	}
	return false
}

func onlySpaceBetween(text string, a, b token) bool {
	between := text[a.end:b.start]
	return between == " " || between == "" && strings.HasPrefix(b.word, "-")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// stopNames are capitalised words the NER often labels PERSON that are never
// names in interview notes.
var stopNames = map[string]bool{
	"i": true, "the": true, "candidate": true, "interviewer": true, "person": true, "hire": true,
	"strong": true, "lean": true, "yes": true, "no": true, "rating": true, "level": true, "verdict": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

func camelCase(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func nextIsCapitalizedNonPerson(toks []token, i int, isPerson func(token) bool) bool {
	if i+1 >= len(toks) || toks[i+1].sent != toks[i].sent {
		return false
	}
	n := toks[i+1]
	return isCapitalized(n.word) && !isPerson(n) && n.word != "'s"
}

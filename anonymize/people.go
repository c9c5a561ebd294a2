package anonymize

import (
	"strings"

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
		out = append(out, mk(a, b, &personRef{known: id}, prioKnown))
		i = b
	}
	out = append(out, e.otherPeople(r, seg, toks, ro, mk)...)
	out = append(out, knownInCode(r, seg, ro, known)...)
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
		cued := i > 0 && toks[i-1].sent == t.sent && (isTitle(ent, toks[i-1].word) || e.cueBefore(ent, toks, i))
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
		if t.first && b == i && !cued {
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
		if a > 0 && toks[a-1].sent == t.sent && isTitle(ent, toks[a-1].word) {
			a--
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

// knownInCode removes known identities from code spans and blocks, which
// are otherwise left as written (they are not prose and are not tagged).
func knownInCode(r *rules.Rule, seg *segmented, ro *roster, known func(*identity) bool) []span {
	var out []span
	for i := 0; i < len(seg.code); {
		if !seg.code[i] {
			i++
			continue
		}
		j := i
		for j < len(seg.code) && seg.code[j] {
			j++
		}
		for _, m := range codeWord.FindAllStringIndex(seg.text[i:j], -1) {
			w := seg.text[i+m[0] : i+m[1]]
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			ids := ro.words[fold(w)]
			if len(ids) == 0 || !known(ids[0]) || ro.common[fold(w)] && !isCapitalized(w) {
				continue
			}
			out = append(out, span{start: i + m[0], end: i + m[0] + len(w), rule: r.ID, kind: r.Kind,
				category: r.Category, prio: prioKnown, person: &personRef{known: ids[0]}})
		}
		i = j
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

package anonymize

import (
	"regexp"
	"strings"

	"github.com/anonymize/anonymize/rules"
)

// hit is something verify found in rewritten text: where and what kind,
// never the text itself.
type hit struct {
	offset int
	kind   string
}

var verifyWord = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{M}\p{N}'’._-]*[\p{L}\p{N}]|[\p{L}]`)

// verify searches rewritten text for every form of every known identity and
// for every contact pattern. Forms that are ordinary words are searched only
// as parts of full names, since "will" alone proves nothing.
func (e *Engine) verify(text string, ro *roster) []hit {
	var hits []hit
	for _, m := range verifyWord.FindAllStringIndex(text, -1) {
		w := text[m[0]:m[1]]
		found := false
		for _, cand := range []string{w, strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")} {
			f := fold(cand)
			if ids := ro.words[f]; len(ids) > 0 && !ro.common[f] {
				hits = append(hits, hit{m[0], roleKind(ids[0]) + "-name"})
				found = true
				break
			}
		}
		if !found {
			if id := ro.inside(w); id != nil {
				hits = append(hits, hit{m[0], roleKind(id) + "-name-in-word"})
			}
		}
	}
	eachNameAfterApostrophe(text, func(start int, w string) {
		if ids := ro.words[fold(w)]; len(ids) > 0 {
			hits = append(hits, hit{start, roleKind(ids[0]) + "-name-in-word"})
		}
	})
	folded, offs := foldWithOffsets(text)
	for _, l := range ro.literal {
		if l.text == "" {
			continue
		}
		for from := 0; ; {
			i := strings.Index(folded[from:], l.text)
			if i < 0 {
				break
			}
			a, b := from+i, from+i+len(l.text)
			if boundary(folded, a, b) && !ro.common[l.text] {
				hits = append(hits, hit{offs[a], l.kind})
			}
			from = b
		}
	}
	cand := e.patternCandidates(text, []window{{0, len(text)}})
	for _, r := range e.contact {
		for _, p := range r.Pattern.Patterns {
			if !p.Gate || !cand.may(p.Regex) {
				continue
			}
			for _, m := range e.findAll(p.Regex, text) {
				hits = append(hits, hit{m[0], p.Name})
			}
		}
	}
	return dedupeHits(hits)
}

func roleKind(id *identity) string {
	if id.role == roleCandidate {
		return "candidate"
	}
	return "interviewer"
}

func boundary(s string, a, b int) bool {
	return (a == 0 || !isWordByte(s[a-1])) && (b == len(s) || !isWordByte(s[b]))
}

func dedupeHits(hs []hit) []hit {
	seen := map[hit]bool{}
	out := hs[:0]
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// foldWithOffsets folds s and maps each byte of the result back to s.
func foldWithOffsets(s string) (string, []int) {
	var b strings.Builder
	offs := make([]int, 0, len(s)+1)
	for i, r := range s {
		n := b.Len()
		b.WriteString(fold(string(r)))
		for k := n; k < b.Len(); k++ {
			offs = append(offs, i)
		}
	}
	offs = append(offs, len(s))
	return b.String(), offs
}

// contactRules are the pattern rules whose findings must never survive.
func contactRules(p *rules.Pack) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range p.OfKind(rules.KindPattern) {
		// Whatever a pack set the action to, contact details never pass
		// the gate: flagging them reports them, and the gate then holds
		// the packet back.
		if r.Category == "contact" {
			out = append(out, r)
		}
	}
	return out
}

// inside finds a name part of five letters or more (not an ordinary word)
// run together with other characters in an identifier-like word:
// "katyadovzhenko", "tbloom_dev", "j.okafor42". Words written like prose
// ("Julian" for Julia) and allowed terms ("MariaDB") are not searched, so
// that the gate holds back handles and domains, not vocabulary.
func (ro *roster) inside(w string) *identity {
	f := fold(w)
	if ro.allow[f] || ro.words[f] != nil {
		return nil
	}
	identifierLike := strings.ContainsAny(w, "._-@/0123456789") || f == w && len(w) > 0
	if !identifierLike {
		return nil
	}
	for _, p := range ro.fuzzy {
		if ro.common[p.form] || len(p.form) >= len(f) {
			continue
		}
		if strings.Contains(f, p.form) {
			return p.id
		}
	}
	return nil
}

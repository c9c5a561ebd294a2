package anonymize

import (
	"sort"
	"strings"

	"github.com/anonymize/anonymize/rules"
)

// Sentences about someone's background. A rule that removes an employer, a
// school, a place, a tenure or a trait from a sentence shows what the
// sentence is about; what else it holds that names no skill (a year, a
// duration, a word no lexicon knows) most often dates or names the same
// career ("then Wix in Limassol since 2022", "worked on Revolut's card
// platform before that"). Patterns marked background run only there, and
// unknown words there are removed, unless technical words stand near them
// ("knew the Sarama and franz-go clients").

// notBackground are the categories whose changes say nothing of what a
// sentence is about: pronouns and gendered words are everywhere, technical
// rewrites keep a term, and a contact detail is the writer's, not a career's.
var notBackground = map[string]bool{"gender": true, "technical": true, "contact": true}

// showsBackground reports whether sp, a change of a rule that does not
// itself wait for a background, shows that its sentence is about one.
func showsBackground(sp span) bool {
	return !sp.background && !sp.protect && !sp.flag && sp.person == nil && !notBackground[sp.category]
}

// backgroundMarks returns the placeholders the pack's background rules
// write ("[organization]", "[years]", "[personal detail removed]"): a
// sentence that holds one was found to be about a background by an earlier
// pass, or by the writer of an already redacted text.
func backgroundMarks(pack *rules.Pack) []string {
	seen := map[string]bool{}
	var out []string
	add := func(m string) {
		m = strings.TrimSpace(m)
		if m != "" && !strings.Contains(m, "$") && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	for _, r := range pack.Rules {
		if notBackground[r.Category] {
			continue
		}
		switch {
		case r.Pattern != nil:
			for _, p := range r.Pattern.Patterns {
				if !p.Background && strings.HasPrefix(strings.TrimSpace(p.Replace), "[") {
					add(p.Replace)
				}
			}
		case r.Sentence != nil:
			add(r.Sentence.Marker)
		case r.Entity != nil:
			add(r.Entity.Places)
			add(r.Entity.Organizations)
		}
	}
	return out
}

// sentenceIndex returns the index of the sentence of seg that holds byte off,
// or -1.
func sentenceIndex(seg *segmented, off int) int {
	i := sort.Search(len(seg.sentences), func(i int) bool { return seg.sentences[i].end > off })
	if i < len(seg.sentences) && seg.sentences[i].start <= off {
		return i
	}
	return -1
}

// backgroundSentences returns which sentences of seg are about someone's
// background, by the spans proposed for it and the placeholders it holds.
func (e *Engine) backgroundSentences(seg *segmented, spans []span) []bool {
	about := make([]bool, len(seg.sentences))
	for _, sp := range spans {
		if showsBackground(sp) {
			for si := sentenceIndex(seg, sp.start); si >= 0 && si < len(seg.sentences) && seg.sentences[si].start < sp.end; si++ {
				about[si] = true
			}
		}
	}
	if len(e.bgMarks) > 0 && strings.IndexByte(seg.text, '[') >= 0 {
		for si, s := range seg.sentences {
			if about[si] {
				continue
			}
			text := seg.text[s.start:s.end]
			for _, m := range e.bgMarks {
				if strings.Contains(text, m) {
					about[si] = true
					break
				}
			}
		}
	}
	return about
}

// productPlace reports whether a word right before a name makes it the
// product: a determiner or a possessive ("a Slack bot", "our Stripe
// account"), a preposition that takes tools ("metrics in Looker", "built
// on Stripe") or a verb that takes them ("used Slack"). An employer in a
// career line stands after none of these ("then Adyen, now at ...").
func (e *Engine) productPlace(before string) bool {
	f := fold(before)
	switch f {
	case "a", "an", "the", "our", "their", "its", "your", "my", "his", "her", "in", "on", "with", "via", "using", "into", "onto", "through":
		return true
	}
	return e.lex.useVerbs[f]
}

// confineToBackground drops the changes of background patterns outside
// the sentences about a background.
func (e *Engine) confineToBackground(seg *segmented, spans []span) []span {
	waiting := false
	for _, sp := range spans {
		waiting = waiting || sp.background
	}
	if !waiting {
		return spans
	}
	about := e.backgroundSentences(seg, spans)
	kept := spans[:0]
	for _, sp := range spans {
		if si := sentenceIndex(seg, sp.start); sp.background && (si < 0 || !about[si]) {
			continue
		}
		if sp.background && sp.kind == rules.KindEntity && sp.person == nil && e.allowWords[fold(seg.text[sp.start:sp.end])] &&
			!e.productPlace(wordBefore(seg.text, sp.start)) {
			// A listed employer (or school) that waited for a sentence
			// about a career is the employer there, even where an allow
			// list keeps its product's name ("then Adyen, now detection
			// lead at ..."): a lost product costs less than a leaked
			// employer. Only the allow term yields: the span keeps its
			// place against longer readings.
			sp.prio = max(sp.prio, prioCareer)
		}
		kept = append(kept, sp)
	}
	return kept
}

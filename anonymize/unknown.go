package anonymize

import (
	"strings"
	"unicode"

	"github.com/anonymize/anonymize/rules"
)

// Unknown is a capitalised word the pipeline kept without knowing what it
// is: in no lexicon, not a known technology, touched by no rule, and not
// opening its sentence. It may be a name nobody taught the rules, so it is
// listed for the coordinator (never in a packet), or removed where the
// pack says unknown_words: remove.
type Unknown struct {
	Field   string `json:"field,omitempty"` // where in the packet; empty for a single text
	Offset  int    `json:"offset"`          // byte offset in the original text
	Word    string `json:"word"`
	Context string `json:"context"` // the words around it, as written
	Removed bool   `json:"removed,omitempty"`
}

// unknowns finds the unknown words of an analysed text whose spans are
// final (laterMentions applied).
func (e *Engine) unknowns(a *analysis, ro *roster) []Unknown {
	var out []Unknown
	// Only where an entity rule decides other names is a sentence's
	// unknown word known to have been left by it (a rule's own examples
	// run without one).
	var about []bool
	var near *runScanner
	if e.people != nil && e.people.Entity.Organizations != "" {
		about = e.backgroundSentences(a.seg, a.spans)
		near = &runScanner{e: e, ent: e.people.Entity, seg: a.seg, toks: a.toks, ro: ro}
	}
	si := 0
	for i, t := range a.toks {
		for si < len(a.spans) && a.spans[si].end <= t.start {
			si++
		}
		if si < len(a.spans) && a.spans[si].start < t.end {
			continue // a rule decided: replaced, protected or flagged
		}
		if !e.unknownWord(a.toks, i, ro) || a.seg.code[t.start] || a.seg.markup[t.start] || within(a.protected, t.start) {
			continue
		}
		out = append(out, Unknown{Offset: t.start, Word: t.word, Context: contextOf(a.seg.text, t.start, t.end),
			Removed: e.pack.UnknownWords == rules.UnknownRemove || t.sent < len(about) && about[t.sent] && !near.technicalNear(i, i)})
	}
	return out
}

// unknownWord reports whether toks[i] is a capitalised word no lexicon,
// allow list or roster explains, not opening its sentence (or a list
// item), and not a label or placeholder the pipeline writes.
func (e *Engine) unknownWord(toks []token, i int, ro *roster) bool {
	t := toks[i]
	w := strings.TrimSuffix(t.word, ".")
	if t.first || afterListMarker(toks, i) || !isCapitalized(w) || strings.IndexFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '-'
	}) >= 0 {
		return false
	}
	// After a colon or an opening quote or bracket, a capital opens a
	// phrase as at a sentence's start ("Verdict: Hire", "(Strong yes)").
	if i > 0 && toks[i-1].sent == t.sent && strings.ContainsAny(toks[i-1].word, ":(\"“'‘[") {
		return false
	}
	// An acronym ("SSRF", "VMs") or a CamelCase identifier ("GenServer",
	// "PhD") is technical by its shape; a short all-caps employer is the
	// employer rules' to find.
	if n := len(strings.TrimSuffix(w, "s")); isAllUpper(strings.TrimSuffix(w, "s")) && n <= 4 || innerCapital(w) {
		return false
	}
	f := fold(w)
	if e.knownWord(w, f, ro) {
		return false
	}
	for _, p := range strings.Split(f, "-") {
		// A letter before a hyphen names a variant ("B-trees", "K-means").
		if len([]rune(p)) > 1 && !e.lex.isWord(p) && !e.allowWords[p] && !e.lex.isTech(p) {
			return !contains(e.labelWords, w)
		}
	}
	return false
}

// knownWord reports whether a capitalised word w (folded f) is one the
// rules know: an allowed term, a stop name, a name of the roster or of
// the lexicons, a technology, a tool, a vendor or a city.
func (e *Engine) knownWord(w, f string, ro *roster) bool {
	return e.allowWords[f] || e.lex.stopNames[f] || ro.words[f] != nil || ro.common[f] || e.lex.isTech(w) || e.lex.isName(f) ||
		e.lex.toolNames[f] || e.lex.vendors[f] || e.lex.places[f]
}

// contextOf returns the words around text[a:b] on its line, about forty
// characters each side.
func contextOf(text string, a, b int) string {
	from, to := a-40, b+40
	if from < 0 {
		from = 0
	}
	if to > len(text) {
		to = len(text)
	}
	for from > 0 && from < a && !isSpaceByte(text[from-1]) {
		from++
	}
	for to < len(text) && to > b && !isSpaceByte(text[to]) {
		to--
	}
	if nl := strings.LastIndexByte(text[from:a], '\n'); nl >= 0 {
		from += nl + 1
	}
	if nl := strings.IndexByte(text[b:to], '\n'); nl >= 0 {
		to = b + nl
	}
	return strings.Join(strings.Fields(text[from:to]), " ")
}

// unknownSpans turns unknown words into spans that remove them.
func unknownSpans(us []Unknown) []span {
	var out []span
	for _, u := range us {
		if !u.Removed {
			continue
		}
		out = append(out, span{start: u.Offset, end: u.Offset + len(strings.TrimSuffix(u.Word, ".")), repl: rules.UnknownMarker,
			rule: "unknown-words", kind: rules.KindEntity, category: "identity", prio: prioOther - 1})
	}
	return out
}

// within reports whether the byte at off lies in one of spans.
func within(spans []span, off int) bool {
	for _, s := range spans {
		if off >= s.start && off < s.end {
			return true
		}
	}
	return false
}

package anonymize

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anonymize/anonymize/rules"
)

// detect runs every active rule over a segmented, tagged text.
func (e *Engine) detect(seg *segmented, toks []token, ro *roster) []span {
	spans := e.detectPlaceholders(seg)
	cand := e.patternCandidates(seg.text, seg.regions())
	var tcand []candidates // per sentence, computed at the first sentence rule

	for _, r := range e.pack.Rules {
		var found []span
		switch r.Kind {
		case rules.KindAllow:
			found = e.detectAllow(r, toks)
		case rules.KindPattern:
			found = e.detectPattern(r, seg, cand)
		case rules.KindEntity:
			found = e.detectPeople(r, seg, toks, ro)
		case rules.KindSequence:
			found = e.detectSequence(r, seg, toks)
		case rules.KindSwap:
			found = e.detectSwap(r, seg, toks)
		case rules.KindSentence:
			if tcand == nil {
				tcand = e.triggerCandidates(seg)
			}
			found = detectSentence(r, seg, tcand, e.ruleAllow[r.ID], e.findAll)
		}
		spans = append(spans, withoutAllowed(seg, found, e.ruleAllow[r.ID])...)
	}
	return spans
}

// withoutAllowed drops a rule's spans that touch one of its own allow
// terms, and turns spans that would change nothing (a rule mapping an idiom
// to itself to keep it whole) into protection, not changes.
func withoutAllowed(seg *segmented, spans []span, allow *regexp.Regexp) []span {
	var allowed [][]int
	if allow != nil && len(spans) > 0 {
		allowed = allow.FindAllStringIndex(seg.text, -1)
	}
	out := spans[:0]
	for _, sp := range spans {
		if !sp.protect && !sp.flag && sp.person == nil && sp.repl == seg.text[sp.start:sp.end] {
			// Still takes its place, so that an idiom kept whole ("reverse
			// Polish notation") shields its words from other rules.
			sp.protect = true
		}
		if sp.kind != rules.KindSentence && touches(allowed, sp.start, sp.end) {
			continue
		}
		out = append(out, sp)
	}
	return out
}

func touches(ranges [][]int, a, b int) bool {
	for _, r := range ranges {
		if a < r[1] && r[0] < b {
			return true
		}
	}
	return false
}

// phraseIndex finds multi-token phrases (allow terms, swap entries) in a
// token stream with one map lookup per token.
type phraseIndex struct {
	byFirst map[string][]phrase // folded first word -> phrases, longest first
}

type phrase struct {
	words []string // folded
	value string
}

func newPhraseIndex(pairs []rules.Pair) *phraseIndex {
	ix := &phraseIndex{byFirst: map[string][]phrase{}}
	for _, p := range pairs {
		words := phraseWords(p.From)
		if len(words) == 0 {
			continue
		}
		ix.byFirst[words[0]] = append(ix.byFirst[words[0]], phrase{words, p.To})
	}
	for k := range ix.byFirst {
		ps := ix.byFirst[k]
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	}
	return ix
}

// phraseWords splits a phrase the way the tokenizer splits text.
func phraseWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = fold(w)
		// the tokenizer splits trailing punctuation and possessives
		for len(w) > 1 && strings.ContainsAny(w[len(w)-1:], ".,;:!?)") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

// match returns the longest phrase starting at toks[i] (within one
// sentence) and how many tokens it covers.
func (ix *phraseIndex) match(toks []token, i int) (phrase, int) {
	for _, p := range ix.byFirst[toks[i].folded] {
		if i+len(p.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range p.words {
			t := toks[i+k]
			if t.sent != toks[i].sent || t.folded != w {
				ok = false
				break
			}
		}
		if ok {
			return p, len(p.words)
		}
	}
	return phrase{}, 0
}

func (e *Engine) detectAllow(r *rules.Rule, toks []token) []span {
	ix := e.allowIndex[r.ID]
	var out []span
	for i := 0; i < len(toks); i++ {
		p, n := ix.match(toks, i)
		if n == 0 {
			continue
		}
		// An allow term protects its technical sense, which is written
		// capitalised or as the tool spells it; "go" the verb is not Go.
		if n == 1 && !isCapitalized(toks[i].word) && toks[i].word != p.value {
			continue
		}
		if e.employedAt(toks, i) == n {
			continue // "three years at Datadog": an employer, not the product
		}
		prio := prioAllowWord
		if n > 1 {
			prio = prioAllowPhrase
		}
		out = append(out, span{start: toks[i].start, end: toks[i+n-1].end, rule: r.ID, kind: r.Kind, prio: prio, protect: true})
		i += n - 1
	}
	return out
}

func (e *Engine) detectPattern(r *rules.Rule, seg *segmented, cand candidates) []span {
	var out []span
	for _, p := range r.Pattern.Patterns {
		if !cand.may(p.Regex) {
			continue // a literal every match needs is absent
		}
		group := p.Regex.SubexpIndex("span")
		for _, m := range e.findAllIn(p.Regex, seg) {
			start, end := m[0], m[1]
			if group > 0 {
				// Only the group named span is replaced; the rest of the
				// match is context ("grew up in (?P<span>...)").
				if m[2*group] < 0 {
					continue
				}
				start, end = m[2*group], m[2*group+1]
			}
			if end <= start {
				continue // an empty match replaces nothing
			}
			employer := false
			if p.KeepAllowed {
				key := strings.Join(phraseWords(seg.text[start:end]), " ")
				if (e.allowTerms[key] || e.lex.isTech(seg.text[start:end])) && !e.employerTerms[key] {
					continue // "good at Go", "at SQL": a technical name, not an employer
				}
				employer = e.employerTerms[key]
			}
			if !p.Gate && (seg.code[start] || seg.code[end-1]) {
				continue // code keeps its annotations and decorators
			}
			repl := string(p.Regex.ExpandString(nil, p.Replace, seg.text, m))
			// Context a pattern matches and writes back unchanged ("graduated
			// in 2019 from " before a school, the space before an @handle)
			// is not part of the change, so that other rules can still
			// change it (the year).
			if repl != seg.text[start:end] { // an identity replacement guards an idiom whole
				start, end, repl = trimUnchanged(seg.text, start, end, repl)
			}
			prio := prioPattern
			if p.KeepAllowed && !employer {
				// A guess from a cue, like the entity rule's: it yields to
				// the patterns that know what they match (a school). A
				// listed employer after a cue is no guess, and wins over
				// its product sense ("a peer from Datadog").
				prio = prioCued
			}
			out = append(out, withAction(r, seg, span{start: start, end: end, repl: repl, rule: r.ID, kind: r.Kind,
				category: r.Category, prio: prio}))
		}
	}
	return out
}

// RemovedMarker stands where a rule with action remove took out the clause
// or sentence that stated a personal detail.
const RemovedMarker = rules.DefaultRemovedMarker

// withAction applies a swap or pattern rule's action to a span it found:
// rewrite keeps the span, flag only reports it, remove takes out the whole
// sentence around it and leaves a marker (a school's name alone removed
// would leave "studied at ." behind).
func withAction(r *rules.Rule, seg *segmented, sp span) span {
	switch r.Action {
	case rules.ActionFlag:
		sp.flag = true
	case rules.ActionRemove:
		// The finding competes for its place at the priority of removals;
		// the clause around it is taken after resolution (expandRemovals).
		sp.prio = prioSentence
		if sp.repl == seg.text[sp.start:sp.end] {
			return sp // an idiom kept whole ("Swedish strings"), not a finding
		}
		sp.repl, sp.kind, sp.clause = RemovedMarker, rules.KindSentence, true
	}
	return sp
}

func (e *Engine) detectSwap(r *rules.Rule, seg *segmented, toks []token) []span {
	ix := e.swapIndex[r]
	if ix == nil {
		ix = newPhraseIndex(r.Swap.Pairs)
	}
	var out []span
	for i := 0; i < len(toks); i++ {
		p, n := ix.match(toks, i)
		if n == 0 {
			continue
		}
		orig := seg.text[toks[i].start:toks[i+n-1].end]
		repl := p.value
		if strings.HasPrefix(repl, "[") && e.eponym(toks, i, i+n-1) {
			i += n - 1 // "the Las Vegas algorithm" names no place
			continue
		}
		if r.Swap.KeepCase {
			repl = matchCaseWord(orig, repl)
		}
		if strings.EqualFold(orig, repl) {
			repl = orig // an entry that keeps a phrase keeps it as written ("java" stays lower-case)
		}
		out = append(out, withAction(r, seg, span{start: toks[i].start, end: toks[i+n-1].end, repl: repl, rule: r.ID,
			kind: r.Kind, category: r.Category, prio: prioWord}))
		i += n - 1
	}
	return out
}

// detectSentence finds the triggers of a sentence rule in each sentence
// whose literals tcand admits, with findAll (Engine.findAll: confined where
// that is exact).
func detectSentence(r *rules.Rule, seg *segmented, tcand []candidates, allow *regexp.Regexp,
	findAll func(*regexp.Regexp, string) [][]int) []span {
	var out []span
	for si, s := range seg.sentences {
		if !seg.inRegions(s.start) {
			continue
		}
		cand := tcand[si]
		text := seg.masked[s.start:s.end]
		// The rule's allow terms are looked for only in a sentence where a
		// trigger matched: most sentences have none.
		var allowed [][]int
		allowedDone := allow == nil
		seen := map[[2]int]bool{}
		for _, t := range r.Sentence.Triggers {
			if !cand.may(t) {
				continue
			}
			// A trigger inside one of the rule's allow terms ("health
			// check") does not count.
			for _, m := range findAll(t, text) {
				if !allowedDone {
					allowed, allowedDone = allow.FindAllStringIndex(text, -1), true
				}
				if touches(allowed, m[0], m[1]) {
					continue
				}
				start, end := s.start+m[0], s.start+m[1]
				if seen[[2]int{start, end}] {
					continue
				}
				seen[[2]int{start, end}] = true
				out = append(out, span{start: start, end: end, repl: r.Sentence.Marker, rule: r.ID, kind: r.Kind,
					category: r.Category, prio: prioSentence, flag: r.Action == rules.ActionFlag, clause: true})
			}
		}
	}
	return out
}

// matchCaseWord gives repl the case pattern of orig: "Chairman" -> "Chair",
// "CHAIRMAN" -> "CHAIR".
func matchCaseWord(orig, repl string) string {
	if repl == "" {
		return repl
	}
	if isAllUpper(orig) && len([]rune(orig)) > 1 {
		return strings.ToUpper(repl)
	}
	if isCapitalized(orig) {
		return capitalize(repl)
	}
	return repl
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

var codeWord = regexp.MustCompile(`[\p{L}][\p{L}\p{M}]*`)

// placeholderRegexp matches what the pipeline itself writes, so that
// redacting a redacted text changes nothing: people's labels, the
// placeholders of pattern rules and the markers of sentence rules.
func (e *Engine) placeholderRegexp() *regexp.Regexp {
	var alts []string
	if r := e.entityRule(); r != nil {
		for _, tmpl := range []string{r.Candidate, r.Interviewer, r.Other} {
			q := regexp.QuoteMeta(tmpl)
			q = strings.ReplaceAll(q, `\{A\}`, `[A-Z]{1,2}\b`)
			if q != "" {
				alts = append(alts, `\b(?i:`+q[:1]+`)`+q[1:])
			}
		}
	}
	for _, r := range e.pack.Rules {
		switch {
		case r.Pattern != nil:
			for _, p := range r.Pattern.Patterns {
				if t := strings.TrimSpace(p.Replace); t != "" && !strings.Contains(t, "$") {
					alts = append(alts, regexp.QuoteMeta(t))
				}
			}
		case r.Sentence != nil && r.Sentence.Marker != "":
			alts = append(alts, regexp.QuoteMeta(r.Sentence.Marker))
		}
	}
	alts = append(alts, regexp.QuoteMeta(RemovedMarker))
	return regexp.MustCompile(strings.Join(alts, "|"))
}

func (e *Engine) detectPlaceholders(seg *segmented) []span {
	var out []span
	if e.placeholders == nil || !e.placeholderHint(seg.text) {
		return nil
	}
	for _, w := range seg.regions() {
		for _, m := range e.placeholders.FindAllStringIndex(seg.text[w.start:w.end], -1) {
			out = append(out, span{start: w.start + m[0], end: w.start + m[1], prio: prioAllowPhrase, protect: true})
		}
	}
	return out
}

// gendered are words a verb's plural must never turn into.
var gendered = map[string]bool{"he": true, "she": true, "her": true, "him": true, "his": true, "hers": true}

// placeholderHint is a cheap test that text may hold a placeholder: every
// one either is bracketed or contains a label's words.
func (e *Engine) placeholderHint(text string) bool {
	if strings.ContainsAny(text, "[") {
		return true
	}
	for _, w := range e.labelWords {
		if strings.Contains(text, w) || strings.Contains(text, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// trimUnchanged narrows a replacement of text[start:end] by repl to the
// part that differs, on rune boundaries: the common prefix and suffix stay
// as written.
func trimUnchanged(text string, start, end int, repl string) (int, int, string) {
	orig := text[start:end]
	p := 0
	for p < len(orig) && p < len(repl) && orig[p] == repl[p] {
		p++
	}
	for p > 0 && (p < len(orig) && !utf8.RuneStart(orig[p]) || p < len(repl) && !utf8.RuneStart(repl[p])) {
		p--
	}
	orig, repl = orig[p:], repl[p:]
	start += p
	q := 0
	for q < len(orig) && q < len(repl) && orig[len(orig)-1-q] == repl[len(repl)-1-q] {
		q++
	}
	for q > 0 && (!utf8.RuneStart(orig[len(orig)-q]) || !utf8.RuneStart(repl[len(repl)-q])) {
		q--
	}
	return start, end - q, repl[:len(repl)-q]
}

package anonymize

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/sourcegraph/conc/iter"

	"github.com/anonymize/anonymize/anonymize/internal/visible"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// Engine redacts texts with one rule pack. It is safe for concurrent use;
// build one per process (it shares the tagger's model).
type Engine struct {
	pack   *rules.Pack
	tagger *tagger
	people *rules.Rule // the active entity rule, or nil
	// detectors are the rules ready to run, in pack order (detector.go).
	detectors []activeRule
	// fast are the shortcuts that only save time (shortcuts.go), and ner
	// decides where the name recogniser runs (nergate.go); both chosen
	// once, by New or newReference.
	fast *shortcuts
	ner  *nerGate
	// The fields below serve the people rule (people.go, identity.go) and
	// the stages after detection.
	allowWords map[string]bool     // folded one-word allow terms
	employers  *phraseIndex        // Entity.Employers
	cueWords   map[string][]string // cue -> strings.Fields(cue)
	contact    []*rules.Rule
	// labelWords are words every people label holds ("candidate",
	// "Interviewer", "Person"), for quick tests of placeholders.
	labelWords []string
	// allowPhrasesByWord are the allow terms of several words, by word.
	allowPhrasesByWord map[string][][]string
	// bgMarks are the placeholders of the rules that show a sentence is
	// about someone's background (backgroundMarks).
	bgMarks []string
	// lex is the pack's public knowledge (lexicon rules).
	lex *lexicon
	// common are words a known name part may also be, replaced only where
	// they name the person: the entity rule's common words, the name-words
	// lexicon, technologies and one-word allow terms ("Gray", "Rust").
	common map[string]bool
	// gateCommon is common as the leak gate reads it: the words both the
	// default pack and this pack hold as ones a name part may also be, so
	// that no pack spares a name part from the gate by calling it a word.
	gateCommon map[string]bool
	// placeholderReaders are the pattern expressions that read a
	// placeholder ("at \[organization\] for ..."), so that a later pass of
	// finish looks again where a rewrite put one.
	placeholderReaders []*lazyregexp.Regexp
	// technical holds each rule's technical contexts, by rule id.
	technical map[string][]*lazyregexp.Regexp
}

// New compiles a pack into an engine.
func New(pack *rules.Pack) (*Engine, error) {
	if pack == nil {
		return nil, fmt.Errorf("anonymize: no rule pack")
	}
	return build(pack, newShortcuts(pack), true)
}

// newReference compiles a pack into an engine without the shortcuts: it
// does all the work, for the tests that check that the shortcuts change
// nothing.
func newReference(pack *rules.Pack) (*Engine, error) {
	return build(pack, newExhaustive(), false)
}

// build compiles a pack with the given shortcuts; confirmNER says whether
// the name recogniser's gate also asks the tokenizer (nerGate.confirm).
func build(pack *rules.Pack, fast *shortcuts, confirmNER bool) (*Engine, error) {
	defer fast.ready()
	e := &Engine{pack: pack, tagger: newTagger(), fast: fast}
	if err := e.findPeopleRule(); err != nil {
		return nil, err
	}
	terms := &keepTerms{allow: map[string]bool{}, employers: e.indexEmployers()}
	e.allowWords = allowWords(pack, terms.allow)
	e.allowPhrasesByWord = allowPhrasesByWord(terms.allow)
	e.technical = map[string][]*lazyregexp.Regexp{}
	for _, r := range pack.Rules {
		if len(r.TechnicalContext) > 0 {
			e.technical[r.ID] = r.TechnicalContext
		}
	}
	e.placeholderReaders = placeholderReaders(pack)
	e.lex = newLexicon(pack)
	e.common = commonWords(e.lex, e.allowWords, e.entityRule())
	e.gateCommon = map[string]bool{}
	for w := range builtinGate().common {
		if e.common[w] {
			e.gateCommon[w] = true
		}
	}
	e.contact = contactRules(pack)
	e.cueWords = e.indexCues()
	e.labelWords = e.peopleLabelWords()
	e.bgMarks = backgroundMarks(pack)
	e.ner = &nerGate{on: e.people != nil && contains(e.people.Entity.Labels, "PERSON"), confirm: confirmNER,
		allowWords: e.allowWords, stopNames: e.lex.stopNames, nameLike: e.nameLike}
	env := &detectorEnv{engine: e, fast: fast, lex: e.lex, terms: terms}
	env.pronounTags, env.gendered = pronounLexicons(pack)
	if err := e.buildDetectors(env); err != nil {
		return nil, err
	}
	return e, nil
}

// findPeopleRule finds the active entity rule: at most one.
func (e *Engine) findPeopleRule() error {
	for _, r := range e.pack.Rules {
		if r.Kind != rules.KindEntity {
			continue
		}
		if e.people != nil {
			return fmt.Errorf("%s: rule %s: only one entity rule may be active (%s is too)", r.Source, r.ID, e.people.ID)
		}
		e.people = r
	}
	return nil
}

// allowWords returns the folded one-word terms of the pack's allow rules,
// and adds every term to terms, its folded words joined by spaces.
func allowWords(pack *rules.Pack, terms map[string]bool) map[string]bool {
	words := map[string]bool{}
	for _, r := range pack.OfKind(rules.KindAllow) {
		for _, t := range r.Terms {
			ws := phraseWords(t)
			if len(ws) == 1 {
				words[ws[0]] = true
			}
			terms[strings.Join(ws, " ")] = true
		}
	}
	return words
}

// allowPhrasesByWord indexes the allow terms of two words or more by each
// of their words, for the leak gate ("John the Ripper" under "john").
func allowPhrasesByWord(terms map[string]bool) map[string][][]string {
	out := map[string][][]string{}
	for t := range terms {
		ws := strings.Fields(t)
		if len(ws) < 2 {
			continue
		}
		for _, w := range ws {
			out[w] = append(out[w], ws)
		}
	}
	return out
}

// indexEmployers indexes the entity rule's employers as phrases
// (e.employers) and returns them keyed like keepTerms; nil without an
// entity rule.
func (e *Engine) indexEmployers() map[string]bool {
	var employers []rules.Pair
	var keys map[string]bool
	if ent := e.entityRule(); ent != nil {
		keys = map[string]bool{}
		for _, w := range ent.Employers {
			employers = append(employers, rules.Pair{From: w, To: w})
			keys[strings.Join(phraseWords(w), " ")] = true
		}
	}
	e.employers = newPhraseIndex(employers)
	return keys
}

// indexCues splits the entity rule's cues into words once.
func (e *Engine) indexCues() map[string][]string {
	out := map[string][]string{}
	for _, r := range e.pack.Rules {
		if r.Entity == nil {
			continue
		}
		for _, list := range [][]string{r.Entity.Cues, r.Entity.PlaceCues, r.Entity.AliasCues, r.Entity.OrganizationCues} {
			for _, c := range list {
				out[c] = strings.Fields(c)
			}
		}
	}
	return out
}

// peopleLabelWords returns the last word of each people label.
func (e *Engine) peopleLabelWords() []string {
	var out []string
	if r := e.entityRule(); r != nil {
		for _, tmpl := range []string{r.Candidate, r.Interviewer, r.Other} {
			if f := strings.Fields(strings.ReplaceAll(tmpl, "{A}", "")); len(f) > 0 {
				out = append(out, capitalize(f[len(f)-1]))
			}
		}
	}
	return out
}

// Pack returns the engine's rules.
func (e *Engine) Pack() *rules.Pack { return e.pack }

func (e *Engine) entityRule() *rules.Entity {
	if e.people == nil {
		return nil
	}
	return e.people.Entity
}

// analysis is a text after the stages that need no packet-wide state.
type analysis struct {
	seg   *segmented
	toks  []token
	spans []span
	// protected are the allow lists' spans that won their place: no
	// rule changed them, and their words are known, not unknown.
	protected []span
	// aliases are the other names of known people found in the text,
	// kept apart from the spans: a removal may swallow the parenthesis
	// that gave one ("Thanawat Srisuk ("Beam", his Thai nickname)"), and
	// the name still stands for the person elsewhere in the packet.
	aliases []*personRef
}

// analyze runs segment -> tag -> detect -> resolve on one text.
func (e *Engine) analyze(text string, ro *roster) (*analysis, error) {
	return e.analyzeSome(segment(text, e.lex), ro, nil)
}

// analyzeSome is analyze limited to the sentences keep accepts (nil: all);
// spans outside them are dropped.
func (e *Engine) analyzeSome(seg *segmented, ro *roster, keep func(sentence) bool) (*analysis, error) {
	if e.fast.skipIdle && keep != nil && !keepsAny(seg, keep) {
		// Every span would be dropped below: no sentence is looked at.
		changes, protected := resolve(nil)
		return &analysis{seg: seg, toks: []token{}, spans: expandRemovals(seg, changes, e.technical, e.techObject, e.lex), protected: protected}, nil
	}
	e.fast.narrowTo(seg, keep)
	toks, err := e.tag(seg, ro, keep)
	if err != nil {
		return nil, err
	}
	spans := e.detect(seg, toks, ro)
	if keep != nil {
		kept := spans[:0]
		for _, sp := range spans {
			if inKeptSentence(seg, keep, sp) {
				kept = append(kept, sp)
			}
		}
		spans = kept
	}
	spans = e.confineToBackground(seg, spans)
	var aliases []*personRef
	for _, sp := range spans {
		if sp.person != nil && sp.person.known != nil && sp.person.alias != "" {
			aliases = append(aliases, sp.person)
		}
	}
	changes, protected := resolve(spans)
	return &analysis{seg: seg, toks: toks, spans: expandRemovals(seg, changes, e.technical, e.techObject, e.lex), protected: protected, aliases: aliases}, nil
}

// keepsAny reports whether keep accepts one of seg's sentences.
func keepsAny(seg *segmented, keep func(sentence) bool) bool {
	for _, s := range seg.sentences {
		if keep(s) {
			return true
		}
	}
	return false
}

func inKeptSentence(seg *segmented, keep func(sentence) bool, sp span) bool {
	for _, s := range seg.sentences {
		if sp.start >= s.start && sp.start < s.end {
			return keep(s)
		}
	}
	return false
}

// finish runs pseudonymize -> rewrite -> verify on an analysed text. It
// must be called in packet order, since labels of other people are handed
// out by first appearance.
//
// A rewrite changes the context the tagger sees ("Aaaa @00" and "Aaaa
// [handle]" may tag differently), so the sentences that changed are
// analysed again until nothing more changes (at most twice more). That
// keeps the output idempotent: redacting it again changes nothing.
func (e *Engine) finish(a *analysis, ro *roster, ps *pseudonyms, others map[string]*personRef, tools map[string]bool) (string, []Change, []hit, []Unknown) {
	// Words kept without being understood are found once, on the
	// original text, with the spans of every rule and of later mentions.
	a.spans = e.laterMentions(a, others)
	unknown := e.unknowns(a, ro)
	if rm := unknownSpans(unknown); len(rm) > 0 {
		a.spans = append(a.spans, rm...)
		sort.Slice(a.spans, func(i, j int) bool { return a.spans[i].start < a.spans[j].start })
	}
	out, changes := e.apply(a, ps, others)
	last := changes
	for round := 0; round < 2; round++ {
		touched := touchedBy(out, last)
		if len(touched) == 0 {
			break
		}
		seg := segment(out, e.lex)
		a2, err := e.analyzeSome(seg, ro, e.changedAgain(seg, touched, ro))
		if err != nil {
			break // the first pass stands; verify still checks it
		}
		a2.spans = withoutVotedTools(a2.spans, tools)
		out2, ch2 := e.apply(a2, ps, others)
		if out2 == out {
			break
		}
		// A fresh slice: the second pass's changes are added to the
		// first's, never written over them.
		last = unflagged(nil, ch2)
		changes = append(changes, last...)
		out = out2
	}
	return out, changes, e.verify(out, ro), unknown
}

// touch is where a rewrite changed the text, and how.
type touch struct {
	start, end int
	how        touchKind
}

type touchKind int

const (
	// touchedInPlace changed words between spaces or punctuation.
	touchedInPlace touchKind = iota
	// touchedGlued removed text or touched something other than a space,
	// a quote, an apostrophe or a clause's punctuation, so the words
	// around it may be split or joined differently now ("Mx+00000" ->
	// "Mx[phone]").
	touchedGlued
	// touchedPlaceholder wrote a placeholder, context that some patterns
	// read ("at [organization] for three years").
	touchedPlaceholder
)

// touchedBy returns where the changes that are not flags touched out.
func touchedBy(out string, changes []Change) []touch {
	var touched []touch
	for _, c := range changes {
		if c.Flag {
			continue
		}
		how := touchedInPlace
		if c.After == "" || c.OutStart > 0 && !strings.ContainsRune(" \t\n(\"'", rune(out[c.OutStart-1])) ||
			c.OutEnd < len(out) && !strings.ContainsRune(" \t\n.,;:!?)\"'", rune(out[c.OutEnd])) && !strings.HasPrefix(out[c.OutEnd:], "’") {
			how = touchedGlued
		} else if strings.HasPrefix(c.After, "[") && strings.HasSuffix(c.After, "]") {
			how = touchedPlaceholder
		}
		touched = append(touched, touch{c.OutStart, c.OutEnd, how})
	}
	return touched
}

// unflagged appends to dst the changes that are not flags.
func unflagged(dst, changes []Change) []Change {
	for _, c := range changes {
		if !c.Flag {
			dst = append(dst, c)
		}
	}
	return dst
}

// changedAgain returns which sentences of a rewritten text a later pass
// looks at: those a change touched where the change can alter a decision.
func (e *Engine) changedAgain(seg *segmented, touched []touch, ro *roster) func(sentence) bool {
	decided := map[int]bool{}
	return func(s sentence) bool {
		if v, ok := decided[s.start]; ok {
			return v
		}
		v := false
		for _, t := range touched {
			if t.start <= s.end && s.start <= t.end {
				if v = e.mayChange(seg, s, t, ro); v {
					break
				}
			}
		}
		if !v {
			v = e.wrappedAfterPlaceholder(seg, s, touched)
		}
		decided[s.start] = v
		return v
	}
}

// lineEnd returns the offset of the end of the line holding text[i].
func lineEnd(text string, i int) int {
	if k := strings.IndexByte(text[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(text)
}

// wrappedAfterPlaceholder reports whether sentence s continues, on a new
// line, a line that ends without a sentence's punctuation and where a
// change wrote a placeholder that a pattern reads across the line break
// ("at [organization]\nfor 4 years"): the pattern's match starts in s.
func (e *Engine) wrappedAfterPlaceholder(seg *segmented, s sentence, touched []touch) bool {
	lineStart := strings.LastIndexByte(seg.text[:s.start], '\n')
	if lineStart <= 0 || strings.TrimSpace(seg.text[lineStart:s.start]) != "" {
		return false
	}
	prevStart := strings.LastIndexByte(seg.text[:lineStart], '\n') + 1
	prev := strings.TrimRight(seg.text[prevStart:lineStart], " \t")
	if prev == "" || strings.ContainsAny(prev[len(prev)-1:], ".!?:;") {
		return false
	}
	for _, t := range touched {
		if t.how == touchedPlaceholder && t.start >= prevStart && t.end <= lineStart {
			return e.fast.readerMatches(e.placeholderReaders, seg.text[prevStart:s.end])
		}
	}
	return false
}

// mayChange reports whether a change t inside sentence s can change what
// the pipeline decides there. Besides glued changes and placeholders that
// a pattern reads, only tag-dependent decisions about names can change:
// the name tagger's, and whether a known name part that is also a word
// ("Bloom") names the person. A sentence with neither cannot change again.
func (e *Engine) mayChange(seg *segmented, s sentence, t touch, ro *roster) bool {
	return t.how == touchedGlued || t.how == touchedPlaceholder && e.readsPlaceholder(seg, s) ||
		rosterWordLeft(seg.masked[s.start:s.end], ro) || e.ner.placeForName(seg, s, ro)
}

// readsPlaceholder reports whether a pattern that reads the pipeline's own
// placeholders matches from sentence s to the end of its line (of the next
// line, where the line breaks without a sentence's punctuation): only then
// can a placeholder a rewrite put there change the result again.
func (e *Engine) readsPlaceholder(seg *segmented, s sentence) bool {
	end := lineEnd(seg.text, s.end)
	if line := strings.TrimRight(seg.text[:end], " \t"); line != "" && !strings.ContainsAny(line[len(line)-1:], ".!?:;") && end < len(seg.text) {
		end = lineEnd(seg.text, end+1) // a wrapped line: the pattern may read on
	}
	text := seg.text[s.start:end]
	if !strings.Contains(text, "[") {
		return false
	}
	return e.fast.readerMatches(e.placeholderReaders, text)
}

// apply pseudonymizes and rewrites one analysed text.
func (e *Engine) apply(a *analysis, ps *pseudonyms, others map[string]*personRef) (string, []Change) {
	a.spans = e.laterMentions(a, others)
	for i := range a.spans {
		s := &a.spans[i]
		if s.person != nil {
			s.repl = ps.label(s.person, a.seg.text[s.start:s.end])
		}
	}
	a.spans = e.dropRestatedNames(a.seg.text, a.spans)
	return rewrite(a.seg, a.spans)
}

// dropRestatedNames removes a parenthesis that gives a known person's other
// name right after a mention of the same person ("Aigerim Sarsenbayeva
// ("Aika")", "Kobby (Kwabena)", "Kanokwan Srisuk (prefers Ploy)"): both
// become the same placeholder, and "the candidate (the candidate)" would
// say nothing twice. The mention's span takes the parenthesis with it.
func (e *Engine) dropRestatedNames(text string, spans []span) []span {
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if i+1 < len(spans) && sameKnownPerson(s, spans[i+1]) {
			n := spans[i+1]
			after := strings.TrimLeft(text[n.end:], `"'”’`)
			if e.onlyAliasCue(text[s.end:n.start]) && strings.HasPrefix(after, ")") {
				s.end = len(text) - len(after) + 1
				i++
			}
		}
		out = append(out, s)
	}
	return out
}

// onlyAliasCue reports whether the text between a mention and another
// name of the same person opens a parenthesis and holds at most quotes
// and an alias cue: ' ("', " (prefers ", " (goes by '".
func (e *Engine) onlyAliasCue(between string) bool {
	rest, ok := strings.CutPrefix(between, " (")
	if !ok {
		return false
	}
	rest = strings.TrimSpace(strings.Trim(rest, `"'“‘ `))
	if rest == "" {
		return true
	}
	if ent := e.entityRule(); ent != nil {
		for _, c := range ent.AliasCues {
			if strings.EqualFold(rest, c) {
				return true
			}
		}
	}
	return false
}

// sameKnownPerson reports whether two spans name the same known person
// with the same placeholder.
func sameKnownPerson(a, b span) bool {
	return a.person != nil && b.person != nil && a.person.known != nil && a.person.known == b.person.known &&
		strings.EqualFold(a.repl, b.repl) && !a.flag && !b.flag
}

// tag tags every sentence, running the costly NER only where an other
// person's name can be: a capitalised word that is neither the first of
// its sentence, nor a known identity, nor an allowed technical term.
func (e *Engine) tag(seg *segmented, ro *roster, keep func(sentence) bool) ([]token, error) {
	// The tokens are counted first (the tokenizer's cut is kept for the
	// tagger), so that they are written once into a slice of their size.
	var kept []int
	n := 0
	for i, s := range seg.sentences {
		if keep != nil && !keep(s) {
			continue
		}
		kept = append(kept, i)
		n += len(seg.tokens(i).toks)
	}
	toks := make([]token, 0, n)
	for _, i := range kept {
		var err error
		if toks, err = e.tagger.appendSentence(toks, seg, i, e.ner.runs(seg, seg.sentences[i], ro)); err != nil {
			return nil, err
		}
	}
	e.abbreviationPeriods(toks)
	return toks, nil
}

// abbreviationPeriods retags the period the tokenizer cut from an
// abbreviation inside a sentence ("requeue with backoff vs. watching") as a
// symbol: segmentation found no sentence's end there, and the rules that
// read a sentence's words up to its punctuation ("they talked about X vs.
// Y, and were the first") read on past it.
func (e *Engine) abbreviationPeriods(toks []token) {
	for k := 1; k+1 < len(toks); k++ {
		t, p := &toks[k], toks[k-1]
		if t.word == "." && p.end == t.start && p.sent == t.sent && toks[k+1].sent == t.sent && e.lex.abbreviations[p.folded] {
			t.tag = "SYM"
		}
	}
}

// Text is the result of redacting one free text.
type Text struct {
	Out     string
	Changes []Change
	Leaks   []Leak
	// Unknown lists capitalised words kept (or removed) without being
	// understood, for whoever tunes the rules; never part of a packet.
	Unknown []Unknown
}

// Redact runs the whole pipeline on one text with the given known
// identities, as `anonymize redact` does.
func (e *Engine) Redact(text string, r Roster) (Text, error) {
	defer saveShapes()
	ro := e.roster(r)
	a, err := e.analyze(visible.Clean(text), ro)
	if err != nil {
		return Text{}, err
	}
	ps := newPseudonyms(e.entityRule(), text)
	ps.short = e.lex.shortForms
	tools := toolVotes([]*analysis{a})
	out, changes, hits, unknown := e.finish(a, ro, ps, e.otherParts([]*analysis{a}), tools)
	return Text{Out: out, Changes: changes, Leaks: leaksOf("text", hits), Unknown: unknown}, nil
}

func leaksOf(field string, hits []hit) []Leak {
	var out []Leak
	for _, h := range hits {
		out = append(out, Leak{Field: field, Offset: h.offset, Kind: h.kind})
	}
	return out
}

// field is one free text of a packet and where to put its redaction.
type field struct {
	path string
	text string
	set  func(string)
	// author is the index of the interviewer who wrote the text among
	// the roster's interviewers, or -1.
	author int
}

// Packet redacts every interview of one candidate. Interviews that are not
// held yet are counted, not included; deleted and archived ones are
// skipped. Texts are analysed in parallel; labels are handed out in packet
// order so that the result is the same on every run.
func (e *Engine) Packet(ctx context.Context, candidate Person, interviews []fetch.LiveInterview) (Packet, error) {
	defer saveShapes()
	held, pending := heldInOrder(interviews)
	p := Packet{Candidate: candidate, Changes: map[string]int{}, Pending: pending}
	roster, authorIndex := rosterOf(candidate, held)
	ro := e.roster(roster)
	ps := newPseudonyms(e.entityRule(), notesOf(held)...)
	ps.short = e.lex.shortForms

	out := make([]fetch.LiveInterview, len(held))
	for i, li := range held {
		out[i] = redactedShell(li, e.candidateLabel(), authorIndex, ps)
	}
	fields := fieldsOf(out, func(i, j int) int { return authorIndex[authorKey(held[i].InterviewersFeedback[j].Author)] })
	analyses, err := e.analyzeFields(ctx, fields, ro)
	if err != nil {
		return Packet{}, err
	}
	tools := toolVotes(analyses)
	others := e.otherParts(analyses)
	for i, a := range analyses {
		if err := ctx.Err(); err != nil {
			return Packet{}, fmt.Errorf("%s: %w", fields[i].path, err)
		}
		e.finishField(&p, fields[i], a, ro.writtenBy(fields[i].author), ps, others, tools)
	}
	p.Interviews = out
	p.Pseudonyms = e.pseudonymTable(roster, ps)
	return p, nil
}

// heldInOrder returns the interviews held, oldest first (a committee reads
// the loop in the order it happened), and how many are not held yet;
// deleted and archived ones are left out.
func heldInOrder(interviews []fetch.LiveInterview) ([]fetch.LiveInterview, int) {
	held := make([]fetch.LiveInterview, 0, len(interviews))
	pending := 0
	for _, li := range interviews {
		switch {
		case !li.Live():
		case !li.Held():
			pending++
		default:
			held = append(held, li)
		}
	}
	fetch.SortInterviews(held)
	for i, j := 0, len(held)-1; i < j; i, j = i+1, j-1 {
		held[i], held[j] = held[j], held[i]
	}
	return held, pending
}

// notesOf returns the notes of every interview, for the pseudonyms to
// avoid labels that already occur.
func notesOf(held []fetch.LiveInterview) []string {
	var texts []string
	for _, li := range held {
		for _, fb := range li.InterviewersFeedback {
			texts = append(texts, fb.Notes)
			for _, c := range fb.Categories {
				for _, a := range c.Attributes {
					texts = append(texts, a.Notes)
				}
			}
		}
	}
	return texts
}

// fieldsOf returns the free texts of redacted shells, which still hold
// the original texts, with where each redaction goes and who wrote it
// (authorOf: the index of feedback j of interview i's author).
func fieldsOf(shells []fetch.LiveInterview, authorOf func(i, j int) int) []field {
	var fields []field
	for i := range shells {
		for j := range shells[i].InterviewersFeedback {
			fb := &shells[i].InterviewersFeedback[j]
			base := fmt.Sprintf("interviews[%d].interviewersFeedback[%d]", i, j)
			author := authorOf(i, j)
			fields = append(fields, field{base + ".notes", fb.Notes, func(s string) { fb.Notes = s }, author})
			for c := range fb.Categories {
				for a := range fb.Categories[c].Attributes {
					attr := &fb.Categories[c].Attributes[a]
					if attr.Notes != "" {
						fields = append(fields, field{fmt.Sprintf("%s.categories[%d].attributes[%d].notes", base, c, a), attr.Notes, func(s string) { attr.Notes = s }, author})
					}
				}
			}
			if fb.Evaluation != nil && *fb.Evaluation != "" {
				fields = append(fields, field{base + ".evaluation", *fb.Evaluation, func(s string) { fb.Evaluation = &s }, author})
			}
		}
	}
	return fields
}

// analyzeFields analyses the fields in parallel. The analyses run apart
// from the caller, so that a cancelled caller gets its answer at once
// rather than when the texts in progress are done: they finish in the
// background (each bounded by the note size limit of the caller), and
// their results are dropped.
func (e *Engine) analyzeFields(ctx context.Context, fields []field, ro *roster) ([]*analysis, error) {
	type result struct {
		a   *analysis
		err error
	}
	done := make(chan []result, 1)
	go func() {
		done <- iter.Map(fields, func(f *field) result {
			if ctx.Err() != nil {
				return result{err: ctx.Err()}
			}
			a, err := e.analyze(visible.Clean(f.text), ro.writtenBy(f.author))
			return result{a, err}
		})
	}()
	var results []result
	select {
	case results = <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	analyses := make([]*analysis, len(results))
	for i, r := range results {
		if r.err != nil {
			return nil, fmt.Errorf("%s: %w", fields[i].path, r.err)
		}
		analyses[i] = r.a
	}
	return analyses, nil
}

// finishField finishes one analysed field (in packet order) and records
// its redaction in p.
func (e *Engine) finishField(p *Packet, f field, a *analysis, ro *roster, ps *pseudonyms, others map[string]*personRef, tools map[string]bool) {
	text, changes, hits, unknown := e.finish(a, ro, ps, others, tools)
	f.set(text)
	for _, u := range unknown {
		u.Field = f.path
		p.Unknown = append(p.Unknown, u)
	}
	p.Texts = append(p.Texts, TextChanges{Field: f.path, Original: f.text, Redacted: text, Changes: changes})
	for _, c := range changes {
		if !c.Flag {
			p.Changes[c.Rule]++
		}
	}
	p.Leaks = append(p.Leaks, leaksOf(f.path, hits)...)
}

func (e *Engine) candidateLabel() string {
	if r := e.entityRule(); r != nil {
		return r.Candidate
	}
	return rules.DefaultCandidateLabel
}

// rosterOf collects the interviewers in order of first appearance.
func rosterOf(candidate Person, held []fetch.LiveInterview) (Roster, map[string]int) {
	r := Roster{Candidate: candidate}
	index := map[string]int{}
	for _, li := range held {
		for _, fb := range li.InterviewersFeedback {
			k := authorKey(fb.Author)
			if _, ok := index[k]; ok {
				continue
			}
			index[k] = len(r.Interviewers)
			r.Interviewers = append(r.Interviewers, Person{Name: fb.Author.Profile.Name, Email: fb.Author.Profile.Email, Username: fb.Author.Username})
		}
	}
	return r, index
}

func authorKey(u fetch.User) string {
	if u.ID != "" {
		return "id:" + u.ID
	}
	return "email:" + strings.ToLower(u.Profile.Email)
}

// redactedShell copies an interview without what points to a person: ids,
// links, emails and usernames; author names become role labels. Free
// texts are filled in later.
func redactedShell(li fetch.LiveInterview, candidateLabel string, authorIndex map[string]int, ps *pseudonyms) fetch.LiveInterview {
	out := fetch.LiveInterview{
		CandidateName: candidateLabel,
		Status:        li.Status,
		StartDate:     li.StartDate,
		FinishDate:    li.FinishDate,
	}
	for _, fb := range li.InterviewersFeedback {
		label := strings.ReplaceAll(ps.rule.Interviewer, "{A}", letter(authorIndex[authorKey(fb.Author)]))
		c := fetch.InterviewerFeedback{
			Author:           fetch.User{Profile: fetch.UserProfile{Name: label}},
			Notes:            fb.Notes,
			RecommendedLevel: fb.RecommendedLevel,
			Evaluation:       fb.Evaluation,
		}
		for _, cat := range fb.Categories {
			cc := fetch.Category{Name: cat.Name, Attributes: append([]fetch.Attribute(nil), cat.Attributes...)}
			c.Categories = append(c.Categories, cc)
		}
		out.InterviewersFeedback = append(out.InterviewersFeedback, c)
	}
	return out
}

func (e *Engine) pseudonymTable(r Roster, ps *pseudonyms) []Pseudonym {
	out := []Pseudonym{{Label: e.candidateLabel(), Name: r.Candidate.Name, Email: r.Candidate.Email}}
	for i, iv := range r.Interviewers {
		out = append(out, Pseudonym{Label: strings.ReplaceAll(ps.rule.Interviewer, "{A}", letter(i)), Name: iv.Name, Email: iv.Email})
	}
	for _, o := range ps.others {
		out = append(out, Pseudonym{Label: o.label, Name: o.name})
	}
	return out
}

// Verify searches any text (a rendered packet, say) for the known
// identities of r and for contact patterns. Leaks name a kind and an
// offset, never the text found.
func (e *Engine) Verify(field, text string, r Roster) []Leak {
	return e.Verifier(r)(field, text)
}

// Verifier is Verify with r fixed, for the several files of one packet:
// the roster is indexed once for all of them.
func (e *Engine) Verifier(r Roster) func(field, text string) []Leak {
	return e.VerifierBesides(r, "")
}

// VerifierBesides is Verifier for texts that carry fixed text, the same
// whatever the packet holds (a packet's template: "no-referrer", CSS):
// its words are the renderer's vocabulary, so a known name part inside
// one of them ("Ferrer" in "referrer") is no name run into a handle. A
// name the fixed text holds as a word of its own is still a leak.
func (e *Engine) VerifierBesides(r Roster, fixed string) func(field, text string) []Leak {
	ro := e.gateRoster(r)
	if fixed != "" {
		ro.vocabulary = map[string]bool{}
		for _, m := range verifyWords(fixed) {
			ro.vocabulary[fold(fixed[m[0]:m[1]])] = true
		}
	}
	return func(field, text string) []Leak { return leaksOf(field, e.verify(text, ro)) }
}

// RosterOf returns the known identities of a candidate's packet: the
// candidate and every interviewer of the given interviews.
func RosterOf(candidate Person, interviews []fetch.LiveInterview) Roster {
	r, _ := rosterOf(candidate, interviews)
	return r
}

// roster indexes the known identities of r under this engine's rules.
func (e *Engine) roster(r Roster) *roster {
	return newRoster(r, e.entityRule(), e.lex, e.common, e.allowWords)
}

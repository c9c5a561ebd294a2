package anonymize

import (
	"fmt"
	"strings"

	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// A detector finds one rule's spans in a text. Each rule kind has its own
// type, in its own file (detect_<kind>.go), compiled once from its rule by
// the constructor detectorKinds names for the kind; a kind without one
// (lexicon) changes no text. Detection is a loop over the detectors
// (Engine.detect).
type detector interface {
	detect(t *textInput) []span
}

// detectorKinds builds each rule kind's detector. A new rule kind is one
// file of package rules that reads it and one detector file here, named in
// this table.
var detectorKinds = map[rules.Kind]func(r *rules.Rule, env *detectorEnv) (detector, error){
	rules.KindAllow:    newAllowDetector,
	rules.KindPattern:  newPatternDetector,
	rules.KindEntity:   newPeopleDetector,
	rules.KindSequence: newSequenceDetector,
	rules.KindSwap:     newSwapDetector,
	rules.KindSentence: newSentenceDetector,
}

// detectorEnv is what detectors share, built once per engine.
type detectorEnv struct {
	engine *Engine // for the people detector, whose state is the engine's
	fast   *shortcuts
	lex    *lexicon
	terms  *keepTerms
	// pronounTags and gendered are the pronoun lexicons, for sequence
	// rules.
	pronounTags map[string]string
	gendered    map[string]bool
}

// keepTerms are the terms a pattern with keep_allowed leaves alone, and
// the employers it replaces even so, keyed by their folded words joined
// by spaces.
type keepTerms struct {
	allow, employers map[string]bool
}

// textInput is one text as every detector sees it, with what detectors
// share per text.
type textInput struct {
	seg  *segmented
	toks []token
	ro   *roster
	fast *shortcuts
	// patterns admits the pattern expressions whose literals the text
	// holds.
	patterns literals.Set
	// triggers does the same for sentence triggers, sentence by
	// sentence; see triggerSet.
	triggers *literals.Set
	// words are the tokens as sequence rules read them, cut once for all
	// of them; see wordTokens.
	words *wordTokens
}

// wordTokens are a text's tokens with words run into punctuation split
// (splitJoinedTokens), and each one's word lower-cased.
type wordTokens struct {
	toks  []token
	lower []string
}

// wordTokens cuts the tokens for sequence rules at the first of them.
// Every sequence detector of an engine reads the same pronoun lexicons,
// so they share the result.
func (t *textInput) wordTokens(pronounTags map[string]string) *wordTokens {
	if t.words == nil {
		toks := splitJoinedTokens(t.seg, t.toks, pronounTags)
		lower := make([]string, len(toks))
		for i, tk := range toks {
			lower[i] = strings.ToLower(tk.word)
		}
		t.words = &wordTokens{toks, lower}
	}
	return t.words
}

// triggerSet scans the sentences for triggers' literals at the first
// sentence rule: most texts need no scan.
func (t *textInput) triggerSet() *literals.Set {
	if t.triggers == nil {
		set := t.fast.triggerSet(t.seg)
		t.triggers = &set
	}
	return t.triggers
}

// activeRule is a rule ready to run: its detector and its own allow list,
// whose terms no span of the rule may touch.
type activeRule struct {
	detector
	allow *lazyregexp.Regexp
}

// buildDetectors compiles the pack's rules into detectors, in pack order
// after the placeholders (which protect what the pipeline itself wrote).
func (e *Engine) buildDetectors(env *detectorEnv) error {
	e.detectors = []activeRule{{detector: newPlaceholderDetector(e)}}
	for _, r := range e.pack.Rules {
		build := detectorKinds[r.Kind]
		if build == nil {
			continue
		}
		d, err := build(r, env)
		if err != nil {
			return fmt.Errorf("%s: rule %s: %w", r.Source, r.ID, err)
		}
		e.detectors = append(e.detectors, activeRule{detector: d, allow: rules.AllowExpression(r.Allow)})
	}
	e.fast.indexAllows(allowRegexps(e.detectors))
	return nil
}

// allowRegexps are the allow expressions of the active rules.
func allowRegexps(rs []activeRule) []*lazyregexp.Regexp {
	var out []*lazyregexp.Regexp
	for _, r := range rs {
		if r.allow != nil {
			out = append(out, r.allow)
		}
	}
	return out
}

// detect runs every active rule over a segmented, tagged text.
func (e *Engine) detect(seg *segmented, toks []token, ro *roster) []span {
	in := &textInput{seg: seg, toks: toks, ro: ro, fast: e.fast, patterns: e.fast.patternSet(seg.text, seg.regions())}
	allows := &allowScan{fast: e.fast, text: seg.text}
	var spans []span
	for _, r := range e.detectors {
		spans = append(spans, withoutAllowed(seg, r.detect(in), r.allow, allows)...)
	}
	return spans
}

// withoutAllowed drops a rule's spans that touch one of its own allow
// terms, and turns spans that would change nothing (a rule mapping an idiom
// to itself to keep it whole) into protection, not changes.
func withoutAllowed(seg *segmented, spans []span, allow *lazyregexp.Regexp, allows *allowScan) []span {
	var allowed [][]int
	if allow != nil && len(spans) > 0 {
		allowed = allows.findAll(allow)
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

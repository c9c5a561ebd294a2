package anonymize

import (
	"regexp"
	"strings"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// placeholderDetector protects what the pipeline itself writes (people's
// labels, the placeholders of pattern rules, the markers of sentence
// rules), so that redacting a redacted text changes nothing. It runs
// before every rule's detector.
type placeholderDetector struct {
	written *lazyregexp.Regexp
	// labelWords are words every people label holds ("candidate",
	// "Interviewer", "Person"), for a quick test before written runs.
	labelWords []string
}

func newPlaceholderDetector(e *Engine) *placeholderDetector {
	d := &placeholderDetector{written: e.placeholderRegexp(), labelWords: e.labelWords}
	e.fast.confine(d.written)
	return d
}

func (d *placeholderDetector) detect(in *textInput) []span {
	seg := in.seg
	var out []span
	if !d.hint(seg.text) {
		return nil
	}
	for _, w := range seg.regions() {
		for _, m := range in.fast.findAll(d.written, seg.text[w.start:w.end]) {
			out = append(out, span{start: w.start + m[0], end: w.start + m[1], prio: prioAllowPhrase, protect: true})
		}
	}
	return out
}

// hint is a cheap test that text may hold a placeholder: every one either
// is bracketed or contains a label's words.
func (d *placeholderDetector) hint(text string) bool {
	if strings.ContainsAny(text, "[") {
		return true
	}
	for _, w := range d.labelWords {
		if strings.Contains(text, w) || strings.Contains(text, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// placeholderRegexp matches what the pipeline itself writes: people's
// labels, the placeholders of pattern rules and the markers of sentence
// rules.
func (e *Engine) placeholderRegexp() *lazyregexp.Regexp {
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
	return lazyregexp.MustCompile(strings.Join(alts, "|"))
}

package anonymize

import (
	"fmt"

	"github.com/anonymize/anonymize/rules"
)

// TestRule runs a rule's inline tests: match/nomatch samples against its
// expressions, and in/out examples through the whole pipeline with only
// this rule and the allow lists active. It returns one message per
// failure, each with the test's place.
func TestRule(pack *rules.Pack, r *rules.Rule) ([]string, error) {
	fails := r.CheckMatchTests()
	var hasInOut bool
	for _, t := range r.Tests {
		hasInOut = hasInOut || t.In != "" || t.Out != ""
	}
	if !hasInOut {
		return fails, nil
	}
	ids := []string{r.ID}
	if r.Kind == rules.KindLexicon {
		// A lexicon changes nothing alone: its examples show what the
		// entity rule decides with it.
		for _, er := range pack.OfKind(rules.KindEntity) {
			ids = append(ids, er.ID)
		}
	}
	only, err := pack.Only(ids)
	if err != nil {
		return nil, err
	}
	if r.Kind == rules.KindAllow {
		// An allow list's examples show what it protects from: every
		// rule of the pack runs.
		only = pack
	}
	e, err := New(only)
	if err != nil {
		return nil, err
	}
	for _, t := range r.Tests {
		if t.In == "" && t.Out == "" {
			continue
		}
		ro := Roster{Candidate: Person{Name: t.Candidate}}
		for _, iv := range t.Interviewers {
			ro.Interviewers = append(ro.Interviewers, Person{Name: iv})
		}
		got, err := e.Redact(t.In, ro)
		if err != nil {
			return nil, err
		}
		if got.Out != t.Out {
			fails = append(fails, fmt.Sprintf("%s:%d:%d: %s:\n\tin:   %q\n\twant: %q\n\tgot:  %q", r.Source, t.Line, t.Col, r.ID, t.In, t.Out, got.Out))
		}
	}
	return fails, nil
}

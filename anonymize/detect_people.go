package anonymize

import (
	"regexp"

	"github.com/anonymize/anonymize/rules"
)

// peopleDetector runs the entity rule: known identities, other people,
// places and organisations (people.go). Its state (the roster's indexes,
// cues, employers) is the engine's for now.
type peopleDetector struct {
	e    *Engine
	rule *rules.Rule
}

func newPeopleDetector(r *rules.Rule, env *detectorEnv) (detector, error) {
	return &peopleDetector{e: env.engine, rule: r}, nil
}

func (d *peopleDetector) detect(in *textInput) []span {
	return d.e.detectPeople(d.rule, in.seg, in.toks, in.ro)
}

// codeWord is a word inside code, where people.go looks for known names.
var codeWord = regexp.MustCompile(`[\p{L}][\p{L}\p{M}]*`)

package literals

import (
	"regexp"
	"testing"
)

// TestAdmitsEveryMatch checks the filter's promise on edge cases of case
// folding, classes and invalid UTF-8: an expression that matches a text is
// never ruled out (the engine's tests check it on the corpus too).
func TestAdmitsEveryMatch(t *testing.T) {
	res := []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bstraße\b`),
		regexp.MustCompile(`(?i)kelvin`),
		regexp.MustCompile(`(?i)\bclass of (?:19|20)\d\d\b`),
		regexp.MustCompile(`\b(?:IIT(?:s|[ -](?:Bombay|Delhi))?|II(?:M(?:s|[ -][A-Z]\w+)))\b`),
		regexp.MustCompile(`[\s(]@[A-Za-z0-9_]+`),
		regexp.MustCompile(`\d{3}[\s.-]\d{4}`),
		regexp.MustCompile(`(?i)Ruß|ﬀ`),
	}
	texts := []string{"STRASSE straße STRAßE", "the KELVIN scale", "class of 2009", "IIM Ahmedabad",
		"IITs and IIT-Delhi", "ping @jdoe", "555-0142", "ruß", "RUSS", "ſtraße", "\xffIIM Kolkata"}
	pf := New(res)
	for _, text := range texts {
		c := pf.Scan(text)
		for _, re := range res {
			if re.MatchString(text) && !c.May(re) {
				t.Errorf("%q matches %q but was filtered out", re, text)
			}
		}
	}
}

// TestRulesOut checks that the filter does rule out what cannot match.
func TestRulesOut(t *testing.T) {
	school := regexp.MustCompile(`\b(?:MIT|Caltech|ETH Zurich)\b`)
	handle := regexp.MustCompile(`[\s(]@[A-Za-z0-9_]+`)
	pf := New([]*regexp.Regexp{school, handle})
	c := pf.Scan("studied at Caltech, no handle")
	if !c.May(school) || c.May(handle) {
		t.Errorf("May(school) = %v, May(handle) = %v; want true, false", c.May(school), c.May(handle))
	}
	var none *Filter
	if !none.Scan("x").May(handle) {
		t.Error("a nil filter must admit every expression")
	}
}

package confine

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFindsWhatTheExpressionFinds checks confinement against running each
// expression over the whole text, on edge cases of word boundaries, case
// folding and invalid UTF-8 (the engine's tests check the default pack's
// expressions on the corpus).
func TestFindsWhatTheExpressionFinds(t *testing.T) {
	res := []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bkelvin\b`),
		regexp.MustCompile(`\b(?:MIT|ETH Zurich|IIT(?:s|[- ]Delhi)?)\b`),
		regexp.MustCompile(`(?i)\bstra(?:ss|ß)e\s\d+`),
		regexp.MustCompile(`[\s(]@[A-Za-z0-9_]+`),
		regexp.MustCompile(`x*`),
	}
	texts := []string{"", "MIT", "COMMIT MIT,MIT.", "at MIT-ish (ETH Zurich) IITs IIT-Delhi", "_MIT 9MIT MIT_",
		"KELVIN \u212aelvin kelvin2", "Straße 5, STRASSE 12", "ping(@jdoe) and @x", "\xffMIT\xff", "éMITé"}
	for _, re := range res {
		c := New(re)
		if c == nil {
			continue
		}
		for _, text := range texts {
			if diff := cmp.Diff(re.FindAllStringSubmatchIndex(text, -1), c.FindAll(text)); diff != "" {
				t.Errorf("%.50q on %.40q: (-whole text +confined)\n%s", re, text, diff)
			}
			if want, got := re.MatchString(text), c.MatchString(text); got != want {
				t.Errorf("%.50q on %.40q: MatchString %v, want %v", re, text, got, want)
			}
		}
	}
}

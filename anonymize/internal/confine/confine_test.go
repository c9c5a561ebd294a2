package confine

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// TestFindsWhatTheExpressionFinds checks confinement against running each
// expression over the whole text, on edge cases of word boundaries, case
// folding and invalid UTF-8 (the engine's tests check the default pack's
// expressions on the corpus).
func TestFindsWhatTheExpressionFinds(t *testing.T) {
	res := []*lazyregexp.Regexp{
		lazyregexp.MustCompile(`(?i)\bkelvin\b`),
		lazyregexp.MustCompile(`\b(?:MIT|ETH Zurich|IIT(?:s|[- ]Delhi)?)\b`),
		lazyregexp.MustCompile(`(?i)\bstra(?:ss|ß)e\s\d+`),
		lazyregexp.MustCompile(`[\s(]@[A-Za-z0-9_]+`),
		lazyregexp.MustCompile(`x*`),
		lazyregexp.MustCompile(`(?i)\b(?P<span>(?:over\s+)?(?:1\d|ten|twenty)\s*years?)(?:\s+of\b|\s*[.,;]|\s*$)`),
		lazyregexp.MustCompile(`((?:(?:At|From|The)\s+(?:the\s+)?))?[\p{Lu}][\p{L}]*\s+(?:University|College)`),
		lazyregexp.MustCompile(`(?m)^\s*K\w+|\bKelvin`),
		lazyregexp.MustCompile(`\b\d{1,5}\s+[A-Z]\w*\s+(?:Street|St\.?)`),
		lazyregexp.MustCompile(`(?i)\b(?:peers?|managers?)\s+(?:from|at)\s+[A-Z]\w+`),
		lazyregexp.MustCompile(`(?im)(?:^[ \t]*(?:[-*][ \t]+)?|[ \t]\|[ \t]*)(?:location|based in)[ \t]*:[ \t]*(?P<span>[^|\n]*[^|\s])`),
		lazyregexp.MustCompile(`(?m)\bage:\s*\d+[ \t]*$`),
		lazyregexp.MustCompile(`(?m)^notes?\b`),
		lazyregexp.MustCompile(`\b(?:[Aa]t|joined)\s+(?P<span>[A-Z]\w+(?:\s+[A-Z]\w+)?)`),
		lazyregexp.MustCompile(`\b(?:Sciences Po|ESSEC|Kelvin College)\b`),
		lazyregexp.MustCompile(`\bat [A-Z][a-z]{1,8}\b`),
		lazyregexp.MustCompile(`\b\d+\s*years\b`),
		lazyregexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}_])(?P<span>\d*\d taon|limang taon|miaka \d+)\s+(?:sa\s+)?\[(?:organization|place)\](?:$|[^\p{L}\p{N}_])`),
		// an alternation whose last branch is "$" after optional spaces: a
		// match may end at the text's end or before punctuation.
		lazyregexp.MustCompile(`(?i)\b(?:one|two|\d+|an?) (?:prior )?exits?(?: ?\((?:acquired|sold)[^()\n]{0,40}\)| (?:to|behind)\b|\s*[.;,]|$)`),
	}
	texts := []string{"", "MIT", "COMMIT MIT,MIT.", "at MIT-ish (ETH Zurich) IITs IIT-Delhi", "_MIT 9MIT MIT_",
		"KELVIN \u212aelvin kelvin2", "Straße 5, STRASSE 12", "ping(@jdoe) and @x", "\xffMIT\xff", "éMITé",
		"over 20 years of Go", "twenty years.", "Twenty YEARS", "ten years", "x10 years", "é10 years", "10 years\n of", "over\n15 years",
		"At the Ohio State University and The Open College", "From MIT\nUniversity", "studied at ÉTH College", "\xffCity College",
		"Kube\n  Kafka and Kelvin", "\u212aelvin", "12 Main Street, 3 Elm St.", "a1 Main Street",
		"a manager. from Acme", "managers at Acme, peers from Initech; at Initech, a peer", "peer\nat Acme",
		"Location: Lyon\n- based in: Oslo | age: 41\n  LOCATION :  x", "x location: Lyon\nbased in:\n\nlocation:  |",
		"age: 41\nage:\n42 \t\nage: 7 x", "over 10 years, and twenty years.\nTen years; over\n20 years, ten\xffyears",
		"é over 10 years x\xe2\x82 over ten years", "twenty twenty years of ten years of over years",
		"we met him then joined Acme and at Initech Labs", "xat Acme, _at Acme; éat Acme at\nAcme", "at é Acme joined Joined Acme", "at Abcdefgh. at Abcdefghij at Ab, xat Ab at Abé", "it took 10 years, then 2   years and x3 years; 4years\n5 years",
		"after a long and winding road that took us through many places we spent 12 years",
		"she went to Sciences Po and ESSEC", "Kelvin College, \u212aelvin College; xESSEC ESSECx é ESSEC",
		"notes\nnote: a\n notes\nNotes", "\xffLocation: é\n|based in: Łódź |x",
		"limang taon sa [organization]", "5 taon [place]. Then 12 taon sa\n[organization]x, (miaka 3 [place])",
		"xlimang taon [place] —limang taon sa [organization]—", "é5 taon [place]\xff5 taon [place]", "5 taon, sa [organization]",
		"He has two exits. Strong.", "one exit (acquired 2019), then", "an exit to Acme; 3 exits", "one exit code"}
	kinds := map[string]int{}
	for _, re := range res {
		c := New(re)
		if c == nil {
			continue
		}
		kinds[fmt.Sprintf("%T", c)]++
		for _, text := range texts {
			if diff := cmp.Diff(re.FindAllStringSubmatchIndex(text, -1), c.FindAll(text)); diff != "" {
				t.Errorf("%.50q on %.40q: (-whole text +confined)\n%s", re, text, diff)
			}
			if want, got := re.MatchString(text), c.MatchString(text); got != want {
				t.Errorf("%.50q on %.40q: MatchString %v, want %v", re, text, got, want)
			}
			// The part of a text a scan covered, told where the literals
			// are (offsets into the whole text).
			for _, from := range []int{0, len(text) / 2} {
				scan := literals.New([]*lazyregexp.Regexp{re}).WithHits()
				scan.AddAt(text[from:], from)
				if diff := cmp.Diff(re.FindAllStringSubmatchIndex(text[from:], -1), c.FindAllAt(text[from:], &scan, from)); diff != "" {
					t.Errorf("%.50q on %.40q from %d: (-whole text +confined with hits)\n%s", re, text, from, diff)
				}
				if want, got := re.MatchString(text[from:]), c.MatchStringAt(text[from:], &scan, from); got != want {
					t.Errorf("%.50q on %.40q from %d: MatchStringAt %v, want %v", re, text, from, got, want)
				}
			}
		}
	}
	if kinds["*confine.runs"] == 0 || kinds["*confine.starts"] == 0 {
		t.Errorf("expressions by strategy: %v; want both tried", kinds)
	}
}

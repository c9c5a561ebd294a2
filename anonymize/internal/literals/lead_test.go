package literals

import (
	"testing"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// TestLead checks the literals a match leads with and the bytes it holds
// up to them: every match of the expression in a text starts in a run of
// those bytes that ends where one of the lead's literals ends.
func TestLead(t *testing.T) {
	tests := []struct {
		src       string
		ok        bool
		anchor    string
		in, notIn string // bytes before must and must not mark
	}{
		{`(?i)\b(?:over\s+)?(?:1\d|ten)\s*years?\b`, true, `(?i:10)|(?i:11)|(?i:12)|(?i:13)|(?i:14)|(?i:15)|(?i:16)|(?i:17)|(?i:18)|(?i:19)|(?i:TEN)`, "ovErOVER \t\n1t", ".,;y"},
		{`\b(?:at|joined)\s+[A-Z]\w+`, true, `at|joined`, "atjoined", " AZ"},
		{`(?:Flat\s+)?\d+\s+(?:Main|High) Street\b`, true, `Main|High`, "Flat \t0123456789MainHigh", ".,S"},
		{`x+\s*(?:ab|cd)`, true, `ab|cd`, "x \nabcd", "y"},
		{`(?:Dr|Mr)\.?\s+[A-Z]\w*`, true, `Dr|Mr`, "DrM", "."},
		{`(?i)kelvin`, true, `(?i:KELVIN)`, "kKeElLvViInN\x80\xff", "x"},
		{`\d+ (?:a|b)`, false, "", "", ""},
		{`\w+@\w+`, false, "", "", ""},
	}
	for _, tc := range tests {
		anchor, before, ok := Lead(lazyregexp.MustCompile(tc.src))
		if ok != tc.ok || anchor != tc.anchor {
			t.Errorf("Lead(%q) = %q, %v; want %q, %v", tc.src, anchor, ok, tc.anchor, tc.ok)
			continue
		}
		for i := 0; i < len(tc.in); i++ {
			if !before[tc.in[i]] {
				t.Errorf("Lead(%q): byte %q not marked", tc.src, tc.in[i])
			}
		}
		for i := 0; i < len(tc.notIn); i++ {
			if before[tc.notIn[i]] {
				t.Errorf("Lead(%q): byte %q marked", tc.src, tc.notIn[i])
			}
		}
	}
}

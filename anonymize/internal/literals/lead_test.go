package literals

import (
	"regexp/syntax"
	"testing"
)

// TestLead checks the literals a match leads with, the bytes it holds up
// to them and how many: every match of the expression in a text starts in
// a run of those bytes that ends where one of the lead's literals ends, at
// most the reach before.
func TestLead(t *testing.T) {
	tests := []struct {
		src       string
		ok        bool
		anchor    string
		in, notIn string // bytes before must and must not mark
		reach     int
	}{
		{`(?i)\b(?:over\s+)?(?:1\d|ten)\s*years?\b`, true, `(?i:10)|(?i:11)|(?i:12)|(?i:13)|(?i:14)|(?i:15)|(?i:16)|(?i:17)|(?i:18)|(?i:19)|(?i:TEN)`, "ovErOVER \t\n1t", ".,;y", -1},
		{`\b(?:at|joined)\s+[A-Z]\w+`, true, `at|joined`, "atjoined", " AZ", 6},
		{`(?:Flat\s+)?\d+\s+(?:Main|High) Street\b`, true, `Main|High`, "Flat \t0123456789MainHigh", ".,S", -1},
		{`x+\s*(?:ab|cd)`, true, `ab|cd`, "x \nabcd", "y", -1},
		{`(?:Dr|Mr)\.?\s+[A-Z]\w*`, true, `Dr|Mr`, "DrM", ".", 2},
		{`(?i)kelvin`, true, `(?i:KELVIN)`, "kKeElLvViInN\x80\xff", "x", 8},
		{`\bT(?:U [A-Z]\w+|el Aviv)\b`, true, `TU |Tel Aviv`, "TU elAvi", "Bx", 8},
		{`\d+ (?:a|b)`, false, "", "", "", 0},
		{`\w+@\w+`, true, `@`, "azAZ09_@", " .", -1},
		{`\w+,\w+`, false, "", "", "", 0},
	}
	for _, tc := range tests {
		ast, err := syntax.Parse(tc.src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		lead, ok := LeadOf(ast)
		if ok != tc.ok || lead.Anchor != tc.anchor || ok && lead.Reach != tc.reach {
			t.Errorf("LeadOf(%q) = %q reaching %d, %v; want %q reaching %d, %v", tc.src, lead.Anchor, lead.Reach, ok, tc.anchor, tc.reach, tc.ok)
			continue
		}
		before := lead.Before
		for i := 0; i < len(tc.in); i++ {
			if !before[tc.in[i]] {
				t.Errorf("LeadOf(%q): byte %q not marked", tc.src, tc.in[i])
			}
		}
		for i := 0; i < len(tc.notIn); i++ {
			if before[tc.notIn[i]] {
				t.Errorf("LeadOf(%q): byte %q marked", tc.src, tc.notIn[i])
			}
		}
	}
}

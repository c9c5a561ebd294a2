package literals

import (
	"regexp"
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

// TestLeadHead checks a lead's head: every match of the expression in the
// texts starts at most Head bytes before the run of Before bytes that ends
// where a literal of the lead ends in it, and within the reach.
func TestLeadHead(t *testing.T) {
	tests := []struct {
		src   string
		head  int
		texts []string
	}{
		{`(?i)(?:^|[^\p{L}\p{N}_])(?P<span>\d*\d taon|limang taon)\s+(?:sa\s+)?\[(?:organization|place)\](?:$|[^\p{L}\p{N}_])`, 4,
			[]string{"Pitong. 5 taon sa [organization].", "12 taon [place]", "x.limang taon\n sa [organization]—ok", "—5 taon [place]", "5 taon, sa [organization]"}},
		{`(?:^|[^\p{L}\p{N}_])(?P<span>Tech|Eng)\b`, 4, []string{"a Tech, (Eng) and,Tech", "Eng—Tech"}},
		{`\b(?:at|with)\s+\[organization\]`, 0, []string{"at [organization], with  [organization]"}},
	}
	for _, tc := range tests {
		ast, err := syntax.Parse(tc.src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		lead, ok := LeadOf(ast)
		if !ok || lead.Head != tc.head {
			t.Errorf("LeadOf(%q): head %d, %v; want %d", tc.src, lead.Head, ok, tc.head)
			continue
		}
		if lead.Before['.'] || lead.Before[','] {
			t.Errorf("LeadOf(%q): the head's bytes marked before", tc.src)
		}
		re, whole := regexp.MustCompile(tc.src), regexp.MustCompile(`^(?:`+lead.Anchor+`)$`)
		matches := 0
		for _, text := range tc.texts {
			for _, m := range re.FindAllStringIndex(text, -1) {
				matches++
				if !leadHolds(text, m, lead, whole) {
					t.Errorf("LeadOf(%q): the match %q of %q starts before its lead's bytes and head", tc.src, text[m[0]:m[1]], text)
				}
			}
		}
		if matches == 0 {
			t.Errorf("%q matches none of its texts", tc.src)
		}
	}
}

// leadHolds reports whether the match m of text starts where lead says:
// at most its head before the run of its bytes that ends where a literal
// of the lead (whole) ends in m, and within its reach of that end.
func leadHolds(text string, m []int, lead Lead, whole *regexp.Regexp) bool {
	for e := m[0] + 1; e <= m[1]; e++ {
		for i := m[0]; i < e; i++ {
			if !whole.MatchString(text[i:e]) {
				continue
			}
			p := e
			for p > 0 && lead.Before[text[p-1]] {
				p--
			}
			if m[0] >= p-lead.Head && (lead.Reach < 0 || m[0] >= e-lead.Reach) {
				return true
			}
		}
	}
	return false
}

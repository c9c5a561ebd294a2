package batch

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseCommittee(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	good := `meeting: Backend hiring committee
date: 2025-03-14 15:00
out: packets/2025-03-14
coordinator: ../coordinator/2025-03-14
rules: [../our-rules, /etc/anonymize/rules]
concurrency: 4
prepare_before: 12h
candidates:
  - maria@example.com
  - Grace.Oyelaran@example.com
`
	c, err := ParseCommittee("cfg/committee.yaml", []byte(good), berlin)
	if err != nil {
		t.Fatal(err)
	}
	want := Committee{
		File: "cfg/committee.yaml", Meeting: "Backend hiring committee",
		Date: time.Date(2025, 3, 14, 15, 0, 0, 0, berlin), HasTime: true,
		Candidates: []string{"maria@example.com", "Grace.Oyelaran@example.com"},
		Out:        filepath.Join("cfg", "packets/2025-03-14"), Rules: []string{"our-rules", "/etc/anonymize/rules"},
		Coordinator: filepath.Join("coordinator", "2025-03-14"),
		Concurrency: 4, PrepareBefore: 12 * time.Hour,
	}
	if d := cmp.Diff(want, c); d != "" {
		t.Errorf("committee (-want +got):\n%s", d)
	}
	if c.Title() != "Backend hiring committee, 2025-03-14" {
		t.Errorf("Title = %q", c.Title())
	}

	for _, tc := range []struct{ name, in, want string }{
		{"unknown key", "meeting: M\ncandidates: [a@b.co]\nmeetng: x\n",
			"c.yaml:3:1: meetng: unknown key (known: candidates, concurrency, coordinator, date, meeting, out, prepare_before, rules)"},
		{"missing required", "out: x\n",
			"c.yaml:1:1: meeting: missing; say which meeting the packets are for\nc.yaml:1:1: candidates: missing; list the candidates' emails"},
		{"bad values, all at once", "meeting: M\ndate: 14/03/2025\nconcurrency: 0\ncandidates:\n  - maria@example.com\n  - not-an-email\n  - MARIA@example.com\n  - [x]\n",
			"c.yaml:2:7: date: \"14/03/2025\" is not a date; want YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (2025-03-14T15:00:00+01:00)\n" +
				"c.yaml:3:14: concurrency: 0 is out of range; want 1 to 64\n" +
				"c.yaml:6:5: candidates[1]: not an email (want name@domain)\n" +
				"c.yaml:7:5: candidates[2]: the same email is listed twice (first at line 5)\n" +
				"c.yaml:8:5: candidates[3]: want a string, got a list"},
		{"wrong types", "meeting: [a]\ncandidates: x@y.io\nconcurrency: many\nrules: r\n",
			"c.yaml:1:10: meeting: want a string, got a list\nc.yaml:2:13: candidates: want a list of emails, got the string \"x@y.io\"\nc.yaml:3:14: concurrency: want a whole number from 1 to 64, got the string \"many\"\nc.yaml:4:8: rules: want a list of strings, got the string \"r\""},
		{"prepare_before needs a date", "meeting: M\nprepare_before: 1d\ncandidates: [a@b.co]\n",
			"c.yaml:2:17: prepare_before: needs the meeting's date (date: YYYY-MM-DD HH:MM)"},
		{"bad duration", "meeting: M\ndate: 2025-03-14\nprepare_before: soon\ncandidates: [a@b.co]\n",
			"c.yaml:3:17: prepare_before: want a positive duration such as 12h, 1d or 90m, got \"soon\""},
		{"empty list", "meeting: M\ncandidates: []\n", "c.yaml:2:13: candidates: the list is empty"},
		{"syntax error", "meeting: M\n\tcandidates: [a@b.co]\n", "c.yaml:2:1: found a tab character that violates indentation"},
		{"not a mapping", "- a\n", "c.yaml:1:1: want a mapping with meeting, date, candidates, out, coordinator, rules, concurrency, prepare_before, got a list"},
		{"empty file", "", "c.yaml:1:1: the file is empty; want at least meeting and candidates"},
	} {
		_, err := ParseCommittee("c.yaml", []byte(tc.in), time.UTC)
		if err == nil {
			t.Errorf("%s: no error, want:\n%s", tc.name, tc.want)
			continue
		}
		if d := cmp.Diff(tc.want, err.Error()); d != "" {
			t.Errorf("%s: error (-want +got):\n%s", tc.name, d)
		}
	}
}

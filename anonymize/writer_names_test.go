package anonymize

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWriterNamedByOpinionOrPair: in their own note an interviewer whose
// name part is also an idea or a tool is still named where the note says
// so: the possessive before a noun of assessment ("Laplace's rating"), a
// title that pairs them with another person across a slash ("Khoa Tran /
// Yui 1:1"), a spoken sign-off, or the agent of what they did. The idea
// stays the idea.
func TestWriterNamedByOpinionOrPair(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		name, writer, in, want string
	}{
		{"an eponym's possessive before a rating", "Odile Laplace",
			"Sanne used the Laplace mechanism. Laplace's rating: 3.5/4, Hire.",
			"The candidate used the Laplace mechanism. Interviewer A's rating: 3.5/4, Hire."},
		{"an eponym's possessive before a verdict, in a list", "Lars Hamming",
			"- Hamming distance <= 3\n- Hamming's verdict: Hire, 3/4",
			"- Hamming distance <= 3\n- Interviewer A's verdict: Hire, 3/4"},
		{"a technical noun after the possessive stays the idea", "Lars Hamming",
			"Sanne knew Hamming's bound and the Hamming distance.",
			"The candidate knew Hamming's bound and the Hamming distance."},
		{"a spoken note's sign-off", "Nova Sharp",
			"Sanne moved the label to exemplars. Score: 4 out of 4, Strong hire. Nova out.",
			"The candidate moved the label to exemplars. Score: 4 out of 4, Strong hire. Interviewer A out."},
		{"the agent of what the writer did, with no technology beside", "Phoenix Gold",
			"Whiteboard photo (taken by Phoenix after the session)\n[box] Phoenix endpoint",
			"Whiteboard photo (taken by Interviewer A after the session)\n[box] Phoenix endpoint"},
		{"the agent beside another technology is the tool", "Phoenix Gold",
			"The page is rendered by Phoenix and Postgres.",
			"The page is rendered by Phoenix and Postgres."},
		{"a tool's name across a slash from a known person", "Yui Hashimoto",
			`The invite was titled "Sanne Meer / Yui 1:1 - firmware EM". Sanne used YUI once.`,
			`The invite was titled "the candidate / Interviewer A 1:1 - firmware EM". The candidate used YUI once.`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Roster{Candidate: Person{Name: "Sanne Meer"}, Interviewers: []Person{{Name: c.writer}}}
			if diff := cmp.Diff(c.want, redactWrittenBy(t, e, r, c.in)); diff != "" {
				t.Errorf("%q: (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

func TestNamesFromParenthesesAndPlaces(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a quoted word alone in parentheses after the name is an alias, word or not", candidate: "Chanya Srisawat",
			in:   "Candidate loop: Chanya Srisawat (\"Ploy\")\nPloy walked through the SLAM pipeline.",
			want: "Candidate loop: the candidate\nThe candidate walked through the SLAM pipeline."},
		{name: "a noun of assessment heads the parenthesis that holds the name; another word is an alias", candidate: "Chanya Srisawat",
			in:   "Debrief (Chanya Srisawat)\nReview (Chanya) done.\nTake-home review — Ploy (Chanya Srisawat), repo linked. Ploy's tests pass.",
			want: "Debrief (the candidate)\nReview (the candidate) done.\nTake-home review — the candidate, repo linked. The candidate's tests pass."},
		{name: "unquoted, an ordinary word in parentheses names nobody", candidate: "Chanya Srisawat",
			in:   "We met Chanya Srisawat (Remote) today. The ploy failed.",
			want: "We met the candidate (Remote) today. The ploy failed."},
		{name: "a naming word before the known name makes the word before the parenthesis an alias", candidate: "Chanya Srisawat",
			in:   "Ploy (legal name Chanya) is in Bangkok.",
			want: "The candidate (legal name the candidate) is in [place]."},
		{name: "an account shaped like one goes whole, a known name inside it too", candidate: "Aleksandr Volkov",
			in:   "Still active on Codeforces as sasha_v (rating 2650).",
			want: "Still active on Codeforces as [handle] (rating [rating])."},
		{name: "a compound given name's blended short form", candidate: "María José Fernández Ruiz",
			in:   "Majo es muy sólida en SQL.",
			want: "The candidate es muy sólida en SQL."},
		{name: "a name part inside a place of several words is the place's", candidate: "Trần Minh Khoa", interviewers: []string{"Sam York"},
			in:   "Khoa worked in Ho Chi Minh City; York lived in New York City. Minh agreed.",
			want: "The candidate worked in [place]; Interviewer A lived in [place]. The candidate agreed."},
		{name: "a known part with the modifier before it makes a known technology", candidate: "Aleksandr Volkov", interviewers: []string{"Nadia Bayes"},
			in:   "He went with naive Bayes first. I asked Bayes later.",
			want: "They went with naive Bayes first. I asked Interviewer A later."},
		{name: "a compound of English words opening a sentence is no name", candidate: "Aleksandr Volkov",
			in:   "Baseline-first is exactly what we want. Test-first too. Jean-Baptiste agreed.",
			want: "Baseline-first is exactly what we want. Test-first too. Person A agreed."},
		{name: "initials closing a reply's parenthesis after from", candidate: "Aleksandr Volkov", interviewers: []string{"Nadia Bayes", "Gwen Marsh"},
			in:   "Comment [NB5] (reply from GM): agree.",
			want: "Comment [5] (reply from Interviewer B): agree."},
	})
}

func TestCompoundShortForms(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		first, second string
		want          []string
	}{
		{"maria", "jose", []string{"majo"}},
		{"maria", "luisa", []string{"malu"}},
		{"maria", "fernanda", []string{"mafe"}},
		{"juan", "manuel", []string{"juma", "juanma"}},
		{"jose", "luis", []string{"jolu", "joselu"}},
		{"maria", "eugenia", nil}, // no consonant opens the second name's syllable
		{"sanne", "meer", nil},    // a surname second is no compound given name
	}
	for _, c := range cases {
		got := compoundShortForms(c.first, c.second, e.lex)
		if !slices.Equal(got, c.want) {
			t.Errorf("compoundShortForms(%q, %q) = %q, want %q", c.first, c.second, got, c.want)
		}
	}
}

package anonymize

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize/internal/visible"
)

// redactWrittenBy redacts text as the note of the first interviewer of r,
// as a packet's notes are read: the writer's own sign-off is theirs.
func redactWrittenBy(t *testing.T, e *Engine, r Roster, text string) string {
	t.Helper()
	ro := e.roster(r).writtenBy(0)
	a, err := e.analyze(visible.Clean(text), ro)
	if err != nil {
		t.Fatal(err)
	}
	ps := newPseudonyms(e.entityRule(), text)
	ps.short = e.lex.shortForms
	tools := toolVotes([]*analysis{a})
	out, _, _, _ := e.finish(a, ro, ps, e.otherParts([]*analysis{a}), tools)
	return out
}

func TestSelfNamedAliases(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "signs as, hyphenated initials", candidate: "Marie-Claude Jean-Baptiste",
			in:   "Marie-Claude (she signs as M-C) was born in Lyon. M-C led the team.",
			want: "The candidate (they sign as the candidate) was born in [place]. The candidate led the team."},
		{name: "signs emails, quoted short form with its period", candidate: "Zsófia Kertész-Nagy",
			in:   "Zsófia (she signs emails 'Zs.') wrote the query. Later Zs. tuned it.",
			want: "The candidate (they sign emails 'the candidate') wrote the query. Later the candidate tuned it."},
		{name: "signs an object as, initials in capitals", candidate: "Venkata Sai Krishna",
			in:   "Sai (he signs Slack as VSK) structured it well. VSK agreed to the design.",
			want: "The candidate (they sign Slack as the candidate) structured it well. The candidate agreed to the design."},
		{name: "introduced himself as, and the mention before", candidate: "João Pedro Figueiredo",
			in:   "JP (he introduced himself as JP; the record has João Pedro) was very comfortable.",
			want: "The candidate (they introduced themselves as the candidate; the record has the candidate) was very comfortable."},
		{name: "quoted after signs emails as", candidate: "Wojciech Kowalczyk",
			in:   "Wojciech signs emails as \"Voytek\" for the English speakers. Voytek agreed.",
			want: "The candidate signs emails as \"the candidate\" for the English speakers. The candidate agreed."},
		{name: "no name after the cue", candidate: "Maria Lopez",
			in:   "She introduced Kafka as the bus and signed off as Contractors. They signed the NDA as required.",
			want: "They introduced Kafka as the bus and signed off as Contractors. They signed the NDA as required."},
		{name: "a sign-off without a known writer is no guess", candidate: "Maria Lopez", interviewers: []string{"Jordan Parks"},
			in:   "Strong hire. Sign-off: KB",
			want: "Strong hire. Sign-off: KB"},
	})
}

func TestNamesGivenByStatements(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a pronoun's preference in the parenthesis names the word before it", candidate: "Adaeze Okafor",
			in:   "I gave Ada (she prefers it to Adaeze) our onboarding checklist. Ada drew the flow.",
			want: "I gave the candidate (they prefer it to the candidate) our onboarding checklist. The candidate drew the flow."},
		{name: "a preference naming nobody known names nothing", candidate: "Adaeze Okafor",
			in:   "I gave Kafka (she prefers it to RabbitMQ) a try.",
			want: "I gave Kafka (they prefer it to RabbitMQ) a try."},
		{name: "a statement telling of the person names no one", candidate: "Maria Lopez",
			in:   "I paired with Tomasz (he prefers Maria's approach) on the review.",
			want: "I paired with Person A (they prefer the candidate's approach) on the review."},
		{name: "the short form offered", candidate: "Krzysztof Zieliński",
			in:   "Krzysiek (he offered the short form; his team says Krzysiu) manages 3 teams.",
			want: "The candidate (they offered the short form; their team says the candidate) manages 3 teams."},
		{name: "a clause after the name says it is signed so", candidate: "Dilrukshi Wickramasinghe",
			in:   "Platform round. Dilu, as she signs her emails, has run Backstage.",
			want: "Platform round. The candidate, as they sign their emails, has run Backstage."},
		{name: "a clause calling a thing so names no one", candidate: "Maria Lopez",
			in:   "Atlas, as we call it, is the bus.",
			want: "Atlas, as we call it, is the bus."},
		{name: "a name signed in two words, one known", candidate: "Sujan Bishwakarma",
			in:   "Sujan (signs as Sujan BK) owns the gateway; he prefers Sujan BK at work.",
			want: "The candidate (signs as the candidate) owns the gateway; they prefer the candidate at work."},
		{name: "prefers a known name and a tool", candidate: "Sujan Bishwakarma",
			in:   "He prefers Sujan Terraform modules.",
			want: "They prefer the candidate Terraform modules."},
	})
}

func TestNamePartsAroundAMention(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a generational suffix goes with the name", candidate: "Rogelio Dimaculangan",
			in:   "ATS has him as DIMACULANGAN, ROGELIO JR. and Rogelio Dimaculangan III on the badge.",
			want: "ATS has them as THE CANDIDATE, THE CANDIDATE and the candidate on the badge."},
		{name: "a suffix before a capitalised word is a level", candidate: "Rogelio Dimaculangan",
			in:   "Rogelio Dimaculangan II Engineer is the level.",
			want: "The candidate II Engineer is the level."},
		{name: "a misheard given name before the surname", candidate: "Siobhan Kavanagh",
			in:   "Recording: \"TPM loop - Shivon Kavanaugh - program execution\"\nShivon Kavanaugh 10:03 AM",
			want: "Recording: \"TPM loop - the candidate - program execution\"\nThe candidate 10:03 AM"},
		{name: "an English word before the surname stays", candidate: "Siobhan Kavanagh",
			in:   "Thanks Kavanagh for the notes.",
			want: "Thanks the candidate for the notes."},
		{name: "a name with a parenthesised part in the middle", candidate: "Maria Lopez",
			in:   "His old manager knows Ting (Cristina) Abad on the SE team. Abad agreed.",
			want: "Their old manager knows Person A on the SE team. Person A agreed."},
		{name: "a technology before the parenthesis", candidate: "Maria Lopez",
			in:   "We used Terraform (Cristina) Modules.",
			want: "We used Terraform (Person A) Modules."},
		{name: "a name run into a hashtag", candidate: "Shandiin Begay",
			in:   "The internal #AskShandiin channel filled up; #include stays.",
			want: "The internal the candidate channel filled up; #include stays."},
	})
}

// The capitals of an email's local part are the person's after an alias
// cue, though alone they may read as an acronym.
func TestCuedInitialsFromEmail(t *testing.T) {
	e := testEngine(t)
	r := Roster{Candidate: Person{Name: "Venkata Ramana Murthy Kolluri", Email: "vrm.kolluri@example.com"}}
	got, err := e.Redact("Ramana garu (he goes by VRM; Ramana to old friends) has read more COBOL than anyone.", r)
	if err != nil {
		t.Fatal(err)
	}
	want := "The candidate (they go by the candidate; the candidate to old friends) has read more COBOL than anyone."
	if diff := cmp.Diff(want, got.Out); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A name or initials in capitals in prose get a label that reads as
	// prose; in a heading in capitals the label is in capitals too.
	got, err = e.Redact("VRM spotted the bug. KOLLURI wrote it.\nSUMMARY FOR VRM: HIRE", r)
	if err != nil {
		t.Fatal(err)
	}
	want = "The candidate spotted the bug. The candidate wrote it.\nSUMMARY FOR THE CANDIDATE: HIRE"
	if diff := cmp.Diff(want, got.Out); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSignOffIsTheWriters(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		name, in, want string
	}{
		{"a sign-off heading its clause names the writer", "Maria is a strong hire. Sign-off: KB\nKB also wrote the summary.",
			"The candidate is a strong hire. Sign-off: Interviewer A\nInterviewer A also wrote the summary."},
		{"the writer's surname that names an idea signs the note", "Maria proposed a Hilbert curve ordering.\n— J. Hilbert",
			"The candidate proposed a Hilbert curve ordering.\n— Interviewer A"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Roster{Candidate: Person{Name: "Maria Lopez"}, Interviewers: []Person{{Name: "Jonas Hilbert"}}}
			if diff := cmp.Diff(c.want, redactWrittenBy(t, e, r, c.in)); diff != "" {
				t.Errorf("%q: (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

func TestNicknamesOfOthers(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a nickname after a naming cue is the other person's before it", candidate: "Rhys Evans",
			in:   "His old lead Kuba Nowak — everyone called him \"Kube\", apparently. Kube left later.",
			want: "Their old lead Person A — everyone called them \"Person A\", apparently. Person A left later."},
		{name: "with nobody else before, the candidate's", candidate: "Rhys Evans",
			in:   "He said the old crew called him \"Sparks\". The sparks flew.",
			want: "They said the old crew called them \"the candidate\". The sparks flew."},
		{name: "a known person before keeps the alias", candidate: "Maria Lopez",
			in:   "Maria met Tomasz Nowak; everyone calls her Mimi.",
			want: "The candidate met Person A; everyone calls them the candidate."},
		{name: "a quoted name after a role and a comma", candidate: "Kanokwan Srisuk",
			in:   "A designer, \"Nok\", kept handing over Figma files.",
			want: "A designer, \"Person A\", kept handing over Figma files."},
		{name: "a parenthesis naming the word before", candidate: "Rhys Evans",
			in:   "He mentored two grads; one of them, \"Sticks\" (his nickname for her), is now a senior.",
			want: "They mentored two grads; one of them, \"Person A\" (their nickname for them), is now a senior."},
		{name: "a name for a thing is no person", candidate: "Rhys Evans",
			in:   "We use Hermes (their name for the JS engine) daily.",
			want: "We use Hermes (their name for the JS engine) daily."},
		{name: "a person's own nickname in a parenthesis, inside a sentence", candidate: "Kanokwan Srisuk",
			in:   "I interviewed Ploy (her nickname; Kanokwan on the record) for an hour. Ploy was good; no ploy.",
			want: "I interviewed the candidate (their nickname; the candidate on the record) for an hour. The candidate was good; no ploy."},
		{name: "a name no lexicon knows after a role, with or without a comma", candidate: "Rūta Vaitkutė",
			in:   "She paired with a designer, Aistė, on the forms, and with product owner Aistė on VAT.",
			want: "They paired with a designer, Person A, on the forms, and with product owner Person A on VAT."},
		{name: "a word a lexicon knows after a role is left to other evidence", candidate: "Rūta Vaitkutė",
			in:   "Our lead Python engineer hires.",
			want: "Our lead Python engineer hires."},
		{name: "a quoted word after a comma without a role stays", candidate: "Rhys Evans",
			in:   "They shipped it, \"Fast\", as promised.",
			want: "They shipped it, \"Fast\", as promised."},
	})
}

func TestInitialsStandingAlone(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "dotted initials after a person's noun", candidate: "Maria Lopez",
			in:   "Co-authors: an industry collaborator, J.M., whose name she asked us not to circulate.",
			want: "Co-authors: an industry collaborator, Person A, whose name they asked us not to circulate."},
		{name: "dotted initials signing a line", candidate: "Maria Lopez",
			in:   "Strong hire.\n— J.M.",
			want: "Strong hire.\n— Person A"},
		{name: "known abbreviations stay", candidate: "Maria Lopez",
			in:   "A collaborator, e.g. a reviewer, helped.",
			want: "A collaborator, e.g. a reviewer, helped."},
		{name: "a given name with a surname's initial, even one the technology lexicon holds", candidate: "Rhiannon Pryce",
			in:   "References: a cofounder from the startup (Tom B.)",
			want: "References: a cofounder from the startup (Person A)"},
		{name: "no given name before the letter", candidate: "Rhiannon Pryce",
			in:   "We kept Plan B. as the fallback.",
			want: "We kept Plan B. as the fallback."},
		{name: "an initial's full stop inside a sentence goes with the name", candidate: "Rhiannon Pryce",
			in:   "A cofounder (Tom B.) was there. Tom B. agreed with the plan.",
			want: "A cofounder (Person A) was there. Person A agreed with the plan."},
		{name: "capitals after prefers that are no initials of the person are a thing preferred", candidate: "Maria Lopez",
			in:   "Maria now prefers PRTG or Zabbix for small shops. She prefers ML in her signature.",
			want: "The candidate now prefers PRTG or Zabbix for small shops. They prefer the candidate in their signature."},
		{name: "a short form's full stop inside a sentence goes with it", candidate: "Zsófia Kertész-Nagy",
			in:   "Zsófia (she signs emails 'Zs.') grew up here. Later Zs. tuned it. We thanked Zs.",
			want: "The candidate (they sign emails 'the candidate') grew up here. Later the candidate tuned it. We thanked the candidate."},
	})
}

// A parenthesis after a mention that calls its first word the person's
// own name makes it theirs, even a word or a technology's name, and even
// where another rule removes the parenthesis itself.
func TestNamedInParenthesis(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "an ordinary word, then a speaker's label", candidate: "Thanawat Srisuk",
			in:   "Thanawat Srisuk (Ploy, his nickname) joined.\nPloy: \"I took it down.\" A clever ploy.\nDesign: \"solid\" overall.",
			want: "The candidate (the candidate, their nickname) joined.\nThe candidate: \"I took it down.\" A clever ploy.\nDesign: \"solid\" overall."},
		{name: "a technology's name, quoted, in a parenthesis another rule removes", candidate: "Thanawat Srisuk",
			in:   "Loop: Thanawat Srisuk (\"Beam\", his Thai nickname; he answers to it).\nBeam pivoted from the conn.log.",
			want: "Loop: the candidate ([personal detail removed]; they answer to it).\nThe candidate pivoted from the conn.log."},
		{name: "a name for someone else is not theirs", candidate: "Thanawat Srisuk",
			in:   "Thanawat Srisuk (Kafka, his nickname for the queue) joined. Kafka lagged.",
			want: "The candidate (Kafka, their nickname for the queue) joined. Kafka lagged."},
	})
}

// An initial between a known given name and surname ends the given name's
// mention; it does not also join the surname, which leaves it uncovered.
func TestInitialBeforeSurnameTakenOnce(t *testing.T) {
	e := testEngine(t)
	got, err := e.Redact("Yesterday Harpreet K. Gill joined the call.", Roster{Candidate: Person{Name: "Harpreet Kaur Gill"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.Out, "Gill") || strings.Contains(got.Out, "Harpreet") {
		t.Errorf("a name part survived: %q", got.Out)
	}
}

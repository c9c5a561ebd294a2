package anonymize

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNamePartsAsThings covers known name parts that a technology, a
// product, a compound or the calendar also spells, read from what stands
// around them.
func TestNamePartsAsThings(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a technology at a sentence's end keeps its full stop apart", candidate: "Go Hyun-woo",
			in:   "Hyun-woo's coding round was in Go. I asked Go about it.",
			want: "The candidate's coding round was in Go. I asked the candidate about it."},
		{name: "a dotted module path or a product's domain", candidate: "Kwame Boateng", interviewers: []string{"Ember Page", "Phoenix Gold"},
			in:   "He shipped Ember.js before and knows Ember.js's run loop. [box] Phoenix.PubSub -> [box] LiveView. Mail Ember.Page or ember.page.",
			want: "They shipped Ember.js before and know Ember.js's run loop. [box] Phoenix.PubSub -> [box] LiveView. Mail Interviewer A or [link]."},
		{name: "a test named after its finder, an adjective between", candidate: "Nur Aisyah binti Kamarudin", interviewers: []string{"Luna Fisher"},
			in:   "She used Fisher's exact test on pass/fail counts. Fisher's new test failed. Fisher's call: L5.",
			want: "They used Fisher's exact test on pass/fail counts. Interviewer A's new test failed. Interviewer A's call: L5."},
		{name: "a handle in a row of fields", candidate: "Łukasz Kowalczyk", interviewers: []string{"Priya Raman"},
			in:   "candidate,area,score,comment\nlkowalczyk,SQL,4,\"QUALIFY + window functions\"\nlkowalczyk,overall,3.5,\"Hire\"",
			want: "candidate,area,score,comment\nthe candidate,SQL,4,\"QUALIFY + window functions\"\nthe candidate,overall,3.5,\"Hire\""},
		{name: "a letter's term the tagger reads as an organisation", candidate: "Małgorzata Zielińska", interviewers: []string{"Tom Pearson"},
			in:   "Causal part: a T-learner and an X-learner, with the propensity check above.",
			want: "Causal part: a T-learner and an X-learner, with the propensity check above."},
		{name: "a word the tagger reads as a verb before a verb is a compound's noun", candidate: "Kwame Boateng", interviewers: []string{"Ember Page", "Will Grace"},
			in:   "Page weight dropped 40% in his version. Will has shipped it. Grace rewrote the parser.",
			want: "Page weight dropped 40% in their version. Interviewer B has shipped it. Interviewer B rewrote the parser."},
		{name: "a tool the same note names as one, again among technical words", candidate: "Hugo Fontaine", interviewers: []string{"Georgia Best"},
			in:   "MkDocs Material vs Docusaurus vs Hugo; he would keep Hugo for the marketing site and Docusaurus for reference. Hugo wrote tests. I asked Hugo about it.",
			want: "MkDocs Material vs Docusaurus vs Hugo; they would keep Hugo for the marketing site and Docusaurus for reference. The candidate wrote tests. I asked the candidate about it."},
		{name: "a tool owned in one sentence, kept for jobs in the next", candidate: "Aurora Jenkins", interviewers: []string{"Dale Murphy"},
			in:   "Aurora walked through retiring our Jenkins controllers. She would keep Jenkins only for the two hardware-in-the-loop jobs, with Sigstore cosign. We paired with Jenkins for an hour.",
			want: "The candidate walked through retiring our Jenkins controllers. They would keep Jenkins only for the two hardware-in-the-loop jobs, with Sigstore cosign. We paired with the candidate for an hour."},
		{name: "from one tool to another", candidate: "Hugo Ferreira da Silva Júnior",
			in:   "Migrated the sample from Hugo to Docusaurus. Hugo explained MDX pitfalls.",
			want: "Migrated the sample from Hugo to Docusaurus. The candidate explained MDX pitfalls."},
		{name: "a product word before a technology", candidate: "Pascal Müller",
			in:   "He first learned to program in Turbo Pascal. Later Pascal said hi.",
			want: "They first learned to program in Turbo Pascal. Later the candidate said hi."},
		{name: "a noun before a word in lower case makes a compound", candidate: "Oluwaseun Jenkins", interviewers: []string{"Bill Walker"},
			in:   "Her lineage walker reminded me of our own. Walker agreed.",
			want: "Their lineage walker reminded me of our own. Interviewer A agreed."},
		{name: "a title-cased compound of words is no person", candidate: "Nurul Aisyah binti Rahman", interviewers: []string{"Ivy Cross"},
			in:   "She recognised Cross-Site Request Forgery from the referer pattern. Cross agreed.",
			want: "They recognised Cross-Site Request Forgery from the referer pattern. Interviewer A agreed."},
		{name: "a month beside a noun, a time word or a day", candidate: "Aino Järvinen", interviewers: []string{"August Lindgren"},
			in:   "Summer apprentice, August start. She starts in August, on August 4. August said hire.",
			want: "Summer apprentice, August start. They start in August, on August 4. Interviewer A said hire."},
		{name: "an allowed term after its vendor's name", candidate: "Maria Lopez", interviewers: []string{"Ines Samza"},
			in:   "Maria proposed Apache Samza for the joins; Samza agreed.",
			want: "The candidate proposed Apache Samza for the joins; Interviewer A agreed."},
		{name: "a name before a technical noun of templates", candidate: "Maria Lopez", interviewers: []string{"Ines Mustache"},
			in:   "The build used Handlebars templates and then Mustache templates; Mustache asked why.",
			want: "The build used Handlebars templates and then Mustache templates; Interviewer A asked why."},
		{name: "a technology asked about among other technologies", candidate: "Maria Lopez", interviewers: []string{"Elixir Chen"},
			in:   "Asked about Elixir: she has run one Phoenix app with Ecto on PostgreSQL. Elixir agreed.",
			want: "Asked about Elixir: they have run one Phoenix app with Ecto on PostgreSQL. Interviewer A agreed."},
		{name: "a person asked about with no technology beside", candidate: "Maria Lopez", interviewers: []string{"Ruby Chen"},
			in:   "Asked about Ruby. She said yes.",
			want: "Asked about Interviewer A. They said yes."},
		{name: "a language named by a noun for language", candidate: "Maria Lopez", interviewers: []string{"Crystal Chen"},
			in:   "Sobre la linguagem Crystal: usou para um CLI. She chose the Crystal language; Crystal agreed.",
			want: "Sobre la linguagem Crystal: usou para um CLI. They chose the Crystal language; Interviewer A agreed."},
		{name: "a name's adjective the tagger calls a place", candidate: "Pimchanok Srisuwanphong", interviewers: []string{"Eve Turing"},
			in:   "We joked that her wave-script format was accidentally Turing-complete; Turing laughed.",
			want: "We joked that their wave-script format was accidentally Turing-complete; Interviewer A laughed."},
		{name: "a given name written with a hyphen and a syllable is no adjective", candidate: "Maria Lopez",
			in:   "Priya has been carrying the compaction work alone since Ji-woo left.",
			want: "Person A has been carrying the compaction work alone since [organization] left."},
	})
}

// TestInitialsHeadingLines covers a known person's initials heading a
// line: in brackets, or before a noun of what they write.
func TestInitialsHeadingLines(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "initials in brackets", candidate: "Gurpreet Kaur Sandhu", interviewers: []string{"Grant Boyer", "Ivy Cross"},
			in:   "[GB] Coding in Rust, a dispatch service.\n[IC] Web alert: she knew SameSite cookies.",
			want: "[Interviewer A] Coding in Rust, a dispatch service.\n[Interviewer B] Web alert: they knew SameSite cookies."},
		{name: "initials before notes", candidate: "Pascal Müller", interviewers: []string{"Jean-Baptiste Leroy", "Marcus Wolf"},
			in:   "JB notes, AUTOSAR round.\nMW panel notes, red team round.\nAPI notes are below.",
			want: "Interviewer A notes, AUTOSAR round.\nInterviewer B panel notes, red team round.\nAPI notes are below."},
	})
}

// TestWriterSignsWithInitial covers a writer whose surname also names an
// idea in their own note, signed or labelled with a given name's initial.
func TestWriterSignsWithInitial(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		name, writer, in, want string
	}{
		{"a signature after the line's last sentence", "Naomi Floyd",
			"Avi went straight to Floyd's cycle detection.\nStrong hire, 4/4. -- N. Floyd",
			"The candidate went straight to Floyd's cycle detection.\nStrong hire, 4/4. -- Interviewer A"},
		{"a field's value", "Aaron Huffman",
			"interviewer: A. Huffman\nsummary: JPEG in DICOM uses Huffman coding.",
			"interviewer: Interviewer A\nsummary: JPEG in DICOM uses Huffman coding."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Roster{Candidate: Person{Name: "Avraham ben Yosef Mizrahi", Email: "avi.mizrahi@example.co.il"}, Interviewers: []Person{{Name: c.writer}}}
			if diff := cmp.Diff(c.want, redactWrittenBy(t, e, r, c.in)); diff != "" {
				t.Errorf("%q: (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

// TestEmailPiecesThatAreWords covers the pieces of an email's local part
// that a name lexicon knows and that also spell a word or a tool: the
// name the person goes by, replaced where it names them.
func TestEmailPiecesThatAreWords(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		name, cand, email, in, want string
	}{
		{"a short form that is a word", "Ramon Villanueva Jr.", "bong.villanueva@example.ph",
			"Bong traced it to cookie domains. The bong sound.",
			"The candidate traced it to cookie domains. The bong sound."},
		{"a short form that is a file format", "Avraham ben Yosef Mizrahi", "avi.mizrahi@example.co.il",
			"Avi went straight to the cycle detection. We exported an AVI file.",
			"The candidate went straight to the cycle detection. We exported an AVI file."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := e.Redact(c.in, Roster{Candidate: Person{Name: c.cand, Email: c.email}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got.Out); diff != "" {
				t.Errorf("%q: (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

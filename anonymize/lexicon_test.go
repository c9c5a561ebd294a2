package anonymize

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

var defaultEngine = sync.OnceValues(func() (*Engine, error) {
	p, err := rules.Default()
	if err != nil {
		return nil, err
	}
	return New(p)
})

func testEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := defaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// redactCase is one sentence through the whole default pack.
type redactCase struct {
	name         string
	candidate    string
	interviewers []string
	in, want     string
}

func runRedactCases(t *testing.T, cases []redactCase) {
	t.Helper()
	e := testEngine(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Roster{Candidate: Person{Name: c.candidate}}
			for _, iv := range c.interviewers {
				r.Interviewers = append(r.Interviewers, Person{Name: iv})
			}
			got, err := e.Redact(c.in, r)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got.Out); diff != "" {
				t.Errorf("%q: (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

func TestLexiconLookups(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"word", e.lex.isWord("bank"), true},
		{"word through its stem", e.lex.isWord("banks"), true},
		{"inflected word", e.lex.isWord("benchmarked"), true},
		{"not a word", e.lex.isWord("kowalczyk"), false},
		{"technology", e.lex.isTech("Vuex"), true},
		{"technology normalised", e.lex.isTech("AWS"), true},
		{"a word is not a technology", e.lex.isTech("string"), false},
		{"surname", e.lex.isName("kowalczyk"), true},
		{"given name", e.lex.isName("wojciech"), true},
		{"a word is not a name", e.lex.isName("grace"), false},
		{"name that is a word", e.lex.nameWords["gray"], true},
		{"short form", contains(e.lex.shortForms["katarzyna"], "kasia"), true},
		{"stop name from rule data", e.lex.stopNames["monday"], true},
		{"cue filler from rule data", e.lex.cueFillers["there"], true},
		{"particle", e.lex.particles["van"], true},
		{"statement noun from rule data", e.lex.statementNouns["theorem"], true},
		{"a statement noun is an eponym noun", e.lex.eponymNouns["hypothesis"], true},
		{"tenure word from rule data", e.lex.tenureWords["internship"], true},
		{"look verb from rule data", e.lex.lookVerbs["glanced"], true},
		{"naming word from rule data", e.lex.namingWords["nickname"], true},
		{"naming word folded", e.lex.namingWords["nee"], true},
		{"naming word after a name from rule data", e.lex.namingAfter["legally"], true},
		{"prefer verb from rule data", e.lex.preferVerbs["preferred"], true},
		{"spelling doubt from rule data", e.lex.spellingDoubts["sic"], true},
		{"common: hand list", e.common["grace"], true},
		{"common: name-words lexicon", e.common["banks"], true},
		{"common: technology", e.common["aws"], true},
		{"common: allow term", e.common["rust"], true},
		{"common: a plain name", e.common["wojciech"], false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestShortForms: diminutives the record cannot derive come from the
// short-forms lexicon, and name the person only written as a name.
func TestShortForms(t *testing.T) {
	runRedactCases(t, []redactCase{
		{"Kasia for Katarzyna", "Katarzyna Nowak", nil, "Kasia wrote the tests first.", "The candidate wrote the tests first."},
		{"Wojtek for Wojciech", "Wojciech Zieliński", nil, "I liked how Wojtek reasoned.", "I liked how the candidate reasoned."},
		{"Paco for Francisco", "Francisco Ruiz", nil, "Paco's design was clean.", "The candidate's design was clean."},
		{"interviewer's short form", "Maria Lopez", []string{"Wojciech Zieliński"}, "Wojtek asked about caching.", "Interviewer A asked about caching."},
		{"short form of someone else", "Maria Lopez", nil, "Kasia wrote the tests first.", "Person A wrote the tests first."},
		{"short form that is a word, as a word", "Alexander Petrov", nil, "They walked on sandy beaches.", "They walked on sandy beaches."},
		{"short form that is a word, as a name", "Alexander Petrov", nil, "I think Sandy rewrote it.", "I think the candidate rewrote it."},
	})
}

// TestNameWordsAndTechnologies: a known part that is also a word or a
// technology is replaced only where it names the person.
func TestNameWordsAndTechnologies(t *testing.T) {
	runRedactCases(t, []redactCase{
		{"gray failure", "Elena Gray", nil, "Gray explained gray failure well.", "The candidate explained gray failure well."},
		{"memory banks", "Tobi Banks", nil, "We discussed memory banks; Banks knew them.", "We discussed memory banks; the candidate knew them."},
		{"cook up", "Maria Lopez", []string{"Sam Cook"}, "We cook up a prototype; Cook agreed.", "We cook up a prototype; Interviewer A agreed."},
		{"Rust the language", "Maria Lopez", []string{"Julia Rust"}, "She wrote a Rust CLI in an hour.", "They wrote a Rust CLI in an hour."},
		{"Rust the interviewer", "Maria Lopez", []string{"Julia Rust"}, "I asked Rust and Julia about it.", "I asked Interviewer A and Interviewer A about it."},
		{"Julia the language", "Julia Chen", nil, "She prototyped it in Julia.", "They prototyped it in Julia."},
		{"Julia the candidate", "Julia Chen", nil, "Julia explained the trade-offs.", "The candidate explained the trade-offs."},
		{"Swift code", "Ana Swift", nil, "The Swift code was idiomatic and Swift said so.", "The Swift code was idiomatic and the candidate said so."},
		{"acronym AWS", "Aws Rahman", nil, "Aws set up AWS Lambda for the demo.", "The candidate set up AWS Lambda for the demo."},
		{"short acronym", "Li Wei", nil, "Wei knows the LI protocol.", "The candidate knows the LI protocol."},
		{"all-caps heading", "Elena Gray", nil, "SUMMARY: GRAY IS A STRONG HIRE", "SUMMARY: THE CANDIDATE IS A STRONG HIRE"},
		{"all-caps name in prose", "Rosalind Achterhof", nil, "ACHTERHOF's reasoning was precise.", "The candidate's reasoning was precise."},
		{"technology pair", "Maria Lopez", []string{"Ruby Chen"}, "Ruby/Rails round; Ruby/Kelly agreed.", "Ruby/Rails round; Interviewer A/Kelly agreed."},
		{"longer acronym that spells a word", "Arta Krasniqi", []string{"Paul Smart"}, "Arta built a SMART on FHIR launch; Smart agreed.", "The candidate built a SMART on FHIR launch; Interviewer A agreed."},
		{"eponym compound", "Tevita Lambert", []string{"Kelly Harris"}, "Harris corner detector first; Harris liked it.", "Harris corner detector first; Interviewer A liked it."},
		{"a word of amount before a name", "Keron Baptiste", []string{"Kelly Harris"}, "Nobody sane bets full Kelly; half Kelly gives most of it. Kelly agreed.", "Nobody sane bets full Kelly; half Kelly gives most of it. Interviewer A agreed."},
		{"a name-word in lower case after a hyphenated modifier", "Ana Souza", []string{"Mark Olsen"}, "The queue depth's high-water mark had crept up; Mark saw it.", "The queue depth's high-water mark had crept up; Interviewer A saw it."},
		{"after an article, before a verb", "Ana Souza", []string{"Mark Olsen"}, "A mark was left on the chart.", "A mark was left on the chart."},
		{"after a noun's possessive", "Ana Souza", []string{"Mark Olsen"}, "The gauge's mark had moved.", "The gauge's mark had moved."},
		{"an eponym dataset", "Shirley Wong", []string{"Iris Okafor"}, "I used the Iris dataset as a toy. Iris agreed.", "I used the Iris dataset as a toy. Interviewer A agreed."},
	})
}

// TestPeopleEvidence: each kind of evidence about other people and
// other names of known people.
func TestPeopleEvidence(t *testing.T) {
	runRedactCases(t, []redactCase{
		{"particles", "Maria Lopez", nil, "She was referred by Ana de la Cruz last spring.", "They were referred by Person A last spring."},
		{"particles van der", "Maria Lopez", nil, "Her old lead, Jan van der Berg, vouched for her.", "Their old lead, Person A, vouched for them."},
		{"surname after a labelled name", "Maria Lopez", nil, "She paired with Ewa Kowalczyk on the migration.", "They paired with Person A on the migration."},
		{"names listed at a sentence's start", "Maria Lopez", nil, "Ewa and Tomasz reviewed it.", "Person A and Person B reviewed it."},
		{"lexicon surname alone", "Maria Lopez", nil, "I phoned Kowalczyk about the reference.", "I phoned Person A about the reference."},
		{"another person sharing the surname", "Wenjie Liu", nil, "Her teammate, Mei Liu, also applied.", "Their teammate, Person A, also applied."},
		{"initials signing", "Maria Lopez", []string{"Anna J. Kowalski"}, "Strong hire.\n-- AJK", "Strong hire.\n-- Interviewer A"},
		{"initials after by", "Maria Lopez", []string{"Anna Kowalski"}, "Notes by AK.", "Notes by Interviewer A."},
		{"initials elsewhere are an acronym", "Maria Lopez", []string{"Anna Kowalski"}, "We use AK rifles in the game.", "We use AK rifles in the game."},
		{"initials opening a list item are an acronym", "Maria Lopez", []string{"Alice Perez Ivanova"}, "- API design was solid.", "- API design was solid."},
		{"portal handle", "Wenjie Liu", nil, "Her handle is wliu_92 on the portal.", "Their handle is the candidate on the portal."},
		{"alias then later mention", "Wenjie Liu", nil, "Wenjie goes by Wendy. Later, Wendy's design won.", "The candidate goes by the candidate. Later, the candidate's design won."},
		{"short form of another person", "Maria Lopez", nil, "Her mentor, Corazon Dimaculangan, helped. Cora was kind.", "Their mentor, Person A, helped. Person A was kind."},
		{"a title and initials alone", "Maria Lopez", nil, "Her postdoc was with Dr. L.M. in Boston.", "Their postdoc was with Person A in [place]."},
		{"a title before initials and a name", "Maria Lopez", nil, "Her advisor was Prof. S. K. Mahadevan.", "Their advisor was Person A."},
		{"a title after the name is no alias", "Dariush Farahani", nil, "Debrief: Dariush Farahani (Senior Embedded Engineer)\nDecision: Hire, Senior II.", "Debrief: the candidate (Senior Embedded Engineer)\nDecision: Hire, Senior II."},
		{"a role in capitals is no initials", "Rawiri Te Awa", nil, "Scorecard: Rawiri Te Awa (SRE, incident round)\nHire, L5 SRE.", "Scorecard: the candidate (SRE, incident round)\nHire, L5 SRE."},
		{"a keyword in capitals in code is no name", "Ana Souza", []string{"Grant Okoro"}, "She'd grant read access and wrote `GRANT USAGE ON WAREHOUSE`; see `author=Grant`.", "They'd grant read access and wrote `GRANT USAGE ON WAREHOUSE`; see `author=Interviewer A`."},
		{"initials that start with the name's are", "Fatima Zahra El Amrani", nil, "Fatima Zahra El Amrani (FZ to her colleagues) led. FZ agreed.", "The candidate (the candidate to their colleagues) led. The candidate agreed."},
	})
}

// TestTechnicalNeighbours: tools the tagger takes for people or places
// are kept beside technical words.
func TestTechnicalNeighbours(t *testing.T) {
	runRedactCases(t, []redactCase{
		{"for state management", "Maria Lopez", nil, "She used Pinia for state management.", "They used Pinia for state management."},
		{"benchmarked with", "Maria Lopez", nil, "We benchmarked it with Vitesse and Tessera.", "We benchmarked it with Vitesse and Tessera."},
		{"library after", "Maria Lopez", nil, "She wrapped the Tessera library in a facade.", "They wrapped the Tessera library in a facade."},
		{"a person after benchmarked stays a person", "Maria Lopez", nil, "Her mentor Tomasz Wierzbicki benchmarked it.", "Their mentor Person A benchmarked it."},
		{"a list of tools before a technical noun", "Maria Lopez", nil, "She knew the Sarama and franz-go clients well.", "They knew the Sarama and franz-go clients well."},
		{"a known name with technical neighbours stays a person", "Maria Lopez", nil, "We benchmarked it with Tomasz.", "We benchmarked it with Person A."},
		{"lexicon technology", "Maria Lopez", nil, "She JIT-compiled the loop with Numba.", "They JIT-compiled the loop with Numba."},
		{"an English word after a bare in", "Maria Lopez", nil, "She ran five sessions in Maze and tests in Chromatic.", "They ran five sessions in Maze and tests in Chromatic."},
		{"an unknown word after a bare in", "Maria Lopez", nil, "The notebook in Marimo is reactive.", "The notebook in Marimo is reactive."},
		{"a town after a time's in", "Maria Lopez", nil, "She spent two summers in Ortigas.", "They spent two summers in [place]."},
		{"a version after a name", "Maria Lopez", nil, "She compared Mistral 7B and Gemma 2 9B.", "They compared Mistral 7B and Gemma 2 9B."},
		{"a tool after a verb's object it and a bare in", "Maria Lopez", nil, "She loaded it in Ghidra and found the base address.", "They loaded it in Ghidra and found the base address."},
		{"a town after them and in stays a place", "Maria Lopez", nil, "She met them in Ortigas.", "They met them in [place]."},
		{"a given name right after a verb that takes tools", "Maria Lopez", nil, "She hadn't used Tracy; used println timing.", "They hadn't used Tracy; used println timing."},
		{"its owner after such a verb stays a person", "Maria Lopez", nil, "She used Tracy's approach to the cache.", "They used Person A's approach to the cache."},
		{"a person after via stays a person", "Maria Lopez", nil, "She was referred via Tracy Okafor.", "They were referred via Person A."},
		{"an unknown word joined by or to a tool a bare in took", "Maria Lopez", nil, "SOC 2 automation in Vanta or Zorblat is evidence collection.", "SOC 2 automation in Vanta or Zorblat is evidence collection."},
		{"and an adverb between", "Maria Lopez", nil, "She ran experiments in Zorblat and later Flagsmith.", "They ran experiments in Zorblat and later Flagsmith."},
		{"a known name so joined stays a person", "Maria Lopez", nil, "She wrote it in Zorblat and Priya Nair reviewed it.", "They wrote it in Zorblat and Person A reviewed it."},
		{"a name after a tool of the list who acts stays a person", "Maria Lopez", nil, "She wrote it in Vanta and Priya reviewed it.", "They wrote it in Vanta and Person A reviewed it."},
		{"an employer so joined stays an employer", "Maria Lopez", nil, "She worked at Stripe and later Zorblat.", "They worked at [organization] and later [organization]."},
		{"a tool after a reflexive and a bare in", "Maria Lopez", nil, "She wrote the SQL herself in Mode, then moved it to Hex.", "They wrote the SQL themselves in Mode, then moved it to Hex."},
		{"a known town after a reflexive stays a place", "Maria Lopez", nil, "She found herself in Leeds after the merger.", "They found themselves in [place] after the merger."},
		{"a word the tagger calls a place, read as a tool later in the text", "Maria Lopez", nil,
			"She explained why Zorvane doesn't handle HZB/occlusion well and moved the hero meshes to Zorvane after measuring.",
			"They explained why Zorvane doesn't handle HZB/occlusion well and moved the hero meshes to Zorvane after measuring."},
		{"a second mention the tagger calls a place, after a tool's reading in the text", "Maria Lopez", nil,
			"Quantification: Salmon in alignment mode with a decoy-aware index; knows why Callisto and Salmon disagree on paralogs.",
			"Quantification: Salmon in alignment mode with a decoy-aware index; knows why Callisto and Salmon disagree on paralogs."},
		{"a product's noun after an unknown word", "Maria Lopez", nil, "She used AWS Batch, Seqera Platform for monitoring, and Glacier.", "They used AWS Batch, Seqera Platform for monitoring, and Glacier."},
		{"a product's noun in a run the tagger calls a person", "Maria Lopez", nil, "She compared Havok Physics for Unity with Unity Physics.", "They compared Havok Physics for Unity with Unity Physics."},
		{"a known name before a product's noun stays a person", "Maria Lopez", nil, "She paired with Priya Nair on the Platform rewrite.", "They paired with Person A on the Platform rewrite."},
		{"a version after a known name part an allow list holds", "Maya Swift", nil, "Maya explained Sendable warnings under Swift 6 strict checking, then a Swift 5.9 macro.", "The candidate explained Sendable warnings under Swift 6 strict checking, then a Swift 5.9 macro."},
		{"a naming cue's verb with a subject of its own names no one", "Maria Lopez", nil, "She tuned a model in a notebook and called Replicate for the hosted baseline.", "They tuned a model in a notebook and called Replicate for the hosted baseline."},
		{"a naming participle after a thing's noun names a thing", "Maria Lopez", nil, "She used a library called Tessera for the queue.", "They used a library called Tessera for the queue."},
		{"a naming participle after a person's noun names a person", "Maria Lopez", nil, "Her lead, a guy called Zorblat, agreed.", "Their lead, a person called Person A, agreed."},
		{"a naming participle after a noun the tagger reads as a verb", "Maria Lopez", nil, "Then a Series B called TabLoop until it folded.", "Then a Series B called Person A until it folded."},
		{"a phoned person stays a person", "Maria Lopez", nil, "Then she called Ambrose for a second opinion on the Kafka design.", "Then they called Person A for a second opinion on the Kafka design."},
		{"a known name part after an article before a capitalised word", "Ruby Wanjiru", []string{"Page Holloway"}, "RSpec with a Page Object Model of 400 classes; Page asked why. The Page Holloway review agreed.", "RSpec with a Page Object Model of 400 classes; Interviewer A asked why. The Interviewer A review agreed."},
		{"an eponym's number stays a score", "Maria Lopez", []string{"Nadia Booth"}, "Votes: Booth 3, Maria solid.", "Votes: Interviewer A 3, the candidate solid."},
		{"a tool after a technology's acronym and a bare in", "Maria Lopez", nil, "Gave her a packed DLL in Zorblat; she found the config.", "Gave them a packed DLL in Zorblat; they found the config."},
		{"a town after an organisation's acronym stays a place", "Maria Lopez", nil, "She ran a BPO in Ortigas.", "They ran a BPO in [place]."},
		{"an idea named after its finder makes a sentence technical", "Maria Lopez", []string{"Ben Hoare"}, "I'll use the Hoare partition scheme, fewer swaps than Lomuto.", "I'll use the Hoare partition scheme, fewer swaps than Lomuto."},
		{"a preposition opening a sentence opens no company's name", "Maria Lopez", nil, "On Vision Pro she has shipped one visionOS prototype.", "On Vision Pro they have shipped one visionOS prototype."},
		{"a company's name after an article opening a sentence", "Maria Lopez", nil, "The Quarrystone Health team hired her.", "The [organization] team hired them."},
		{"a tool a project is generated with", "Maria Lopez", nil, "Project generated with Tuist, no merge conflicts in the xcodeproj.", "Project generated with Tuist, no merge conflicts in the xcodeproj."},
		{"a tool something is measured with", "Maria Lopez", nil, "Baseline profiles: she measured cold start with Macrobenchmark, ~28% faster.", "Baseline profiles: they measured cold start with Macrobenchmark, ~28% faster."},
		{"a person something is measured with stays a person", "Maria Lopez", nil, "She measured it with Priya Nair last week.", "They measured it with Person A last week."},
	})
}

// TestUnknownWords: a capitalised word no lexicon explains is listed with
// its context, or removed where the pack says so.
func TestUnknownWords(t *testing.T) {
	e := testEngine(t)
	got, err := e.Redact("Her tests ran in CI. She mentioned Szczepański as a reference.", Roster{Candidate: Person{Name: "Maria Lopez"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Unknown{{Offset: 35, Word: "Szczepański", Context: "Her tests ran in CI. She mentioned Szczepański as a reference."}}
	if diff := cmp.Diff(want, got.Unknown); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	p, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	p.UnknownWords = rules.UnknownRemove
	rm, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err = rm.Redact("She mentioned Szczepański as a reference.", Roster{Candidate: Person{Name: "Maria Lopez"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "They mentioned [unknown word] as a reference."; got.Out != want {
		t.Errorf("remove: got %q, want %q", got.Out, want)
	}
	if len(got.Unknown) != 1 || !got.Unknown[0].Removed {
		t.Errorf("remove: unknown %+v, want one removed", got.Unknown)
	}
}

// TestUnknownWordsAboutBackground: in a sentence a rule found an
// employer, a school, a tenure or a place in, a word no lexicon knows is
// removed even where the pack keeps unknown words; in a technical sentence
// it stays, listed.
func TestUnknownWordsAboutBackground(t *testing.T) {
	e := testEngine(t)
	ro := Roster{Candidate: Person{Name: "Maria Lopez"}}
	for _, tc := range []struct{ name, in, out string }{
		{"after a tenure", "She spent six years at Datadog; before that she worked on Quenterra's card platform.",
			"They spent [years] at [organization]; before that they worked on [unknown word]'s card platform."},
		{"technical sentence", "She tuned Quenterra's flush interval and the Kafka consumer lag.",
			"They tuned Quenterra's flush interval and the Kafka consumer lag."},
		{"technical words near it", "She knew the Sarama and franz-go clients, and said her team at Datadog moved to franz-go.",
			"They knew the Sarama and franz-go clients, and said their team at [organization] moved to franz-go."},
		{"a contact detail is no background", "Reach her at maria@example.com; she ported the Quenterra exporter to Go.",
			"Reach them at [email]; they ported the Quenterra exporter to Go."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := e.Redact(tc.in, ro)
			if err != nil {
				t.Fatal(err)
			}
			if got.Out != tc.out {
				t.Errorf("got  %q\nwant %q", got.Out, tc.out)
			}
			if len(got.Unknown) != 1 || got.Unknown[0].Removed != strings.Contains(tc.out, "[unknown word]") {
				t.Errorf("unknown %+v", got.Unknown)
			}
		})
	}
}

// TestBackgroundPatterns: a pattern marked background (a year, a
// duration) changes only sentences another rule found to be about someone's
// background, by its finding or by a placeholder already there.
func TestBackgroundPatterns(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "beside an employer", candidate: "Maria Lopez", in: "She joined ByteForge in 2019 and stayed 3 years.", want: "They joined [organization] in [year] and stayed [years]."},
		{name: "beside a placeholder", candidate: "Maria Lopez", in: "They left [organization] in 2019.", want: "They left [organization] in [year]."},
		{name: "a system's year", candidate: "Maria Lopez", in: "The batch job was retried in 2019 and kept 3 years of logs.", want: "The batch job was retried in 2019 and kept 3 years of logs."},
		{name: "only that sentence", candidate: "Maria Lopez", in: "She joined ByteForge. The cache held 3 years of data.", want: "They joined [organization]. The cache held 3 years of data."},
	})
}

// TestAcrossNotes: a name introduced in one note names the same person in
// the others: an English name the candidate goes by, another person's
// short form; and words kept without being understood are listed with the
// field they come from.
func TestAcrossNotes(t *testing.T) {
	e := testEngine(t)
	next := interviewsOf("wenjie@example.com")
	note := func(id, author, notes string) fetch.LiveInterview { return next(id, author, author+" Holm", notes) }
	p, err := e.Packet(context.Background(), Person{Name: "Wenjie Zhou", Email: "wenjie@example.com"}, []fetch.LiveInterview{
		note("i1", "Gunnar", "Wenjie goes by Wendy. Her mentor, Corazon Dimaculangan, referred her."),
		note("i2", "Marit", "Wendy's design was clean. Cora had warned us it would be. She mentioned Szczepański."),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := notesOfPacket(p)
	want := []string{
		"The candidate goes by the candidate. Their mentor, Person A, referred them.",
		"The candidate's design was clean. Person A had warned us it would be. They mentioned Szczepański.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(p.Unknown) != 1 || p.Unknown[0].Word != "Szczepański" || p.Unknown[0].Field != "interviews[1].interviewersFeedback[0].notes" {
		t.Errorf("unknown: %+v", p.Unknown)
	}
}

// TestToolVotesAcrossNotes: a word technical evidence reads as a tool in
// one note outvotes the tagger's word alone that made it a person in
// another; a name a lexicon knows stays a person.
func TestToolVotesAcrossNotes(t *testing.T) {
	e := testEngine(t)
	next := interviewsOf("aino@example.com")
	note := func(id, author, notes string) fetch.LiveInterview { return next(id, author, author+" Holm", notes) }
	p, err := e.Packet(context.Background(), Person{Name: "Aino Korhonen", Email: "aino@example.com"}, []fetch.LiveInterview{
		note("i1", "Gunnar", "Components documented in Histoire instead of Storybook."),
		note("i2", "Marit", "They said Histoire is nicer for Svelte. They said Tevita is nicer to work with."),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Components documented in Histoire instead of Storybook.",
		"They said Histoire is nicer for Svelte. They said Person A is nicer to work with.",
	}
	if diff := cmp.Diff(want, notesOfPacket(p)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestWriterIsNotTheirOwnTool: an interviewer whose surname is also a
// technology does not name themself by it in their own note ("they know
// Jenkins well"), but another interviewer's note means the person, and
// the writer's own name stays a name where it is addressed or signed.
func TestWriterIsNotTheirOwnTool(t *testing.T) {
	e := testEngine(t)
	note := interviewsOf("gurpreet@example.com")
	p, err := e.Packet(context.Background(), Person{Name: "Gurpreet Dhillon", Email: "gurpreet@example.com"}, []fetch.LiveInterview{
		note("i1", "cjenkins", "Carol Jenkins", "Gurpreet knows Jenkins well: shared libraries and agents. Question for Jenkins: fine? Carol Jenkins"),
		note("i2", "rbhatia", "Rohit Bhatia", "Jenkins asked about the pipelines; Gurpreet knows Jenkins well."),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := notesOfPacket(p)
	want := []string{
		"The candidate knows Jenkins well: shared libraries and agents. Question for Interviewer A: fine? Interviewer A",
		"Interviewer A asked about the pipelines; the candidate knows Interviewer A well.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// interviewsOf returns a maker of held interviews of a candidate, an hour
// apart, each with one feedback by the given author.
func interviewsOf(email string) func(id, author, name, notes string) fetch.LiveInterview {
	start := int64(1760000000000)
	return func(id, author, name, notes string) fetch.LiveInterview {
		s := start
		start += 3600_000
		f := s + 1800_000
		return fetch.LiveInterview{ID: id, CandidateEmail: email, Status: fetch.StatusOver, StartDate: &s, FinishDate: &f,
			InterviewersFeedback: []fetch.InterviewerFeedback{{
				Author: fetch.User{ID: author, Username: author, Profile: fetch.UserProfile{Name: name, Email: author + "@corp.example"}},
				Notes:  notes,
			}}}
	}
}

// notesOfPacket returns the redacted notes of a packet, in packet order.
func notesOfPacket(p Packet) []string {
	var got []string
	for _, li := range p.Interviews {
		for _, fb := range li.InterviewersFeedback {
			got = append(got, fb.Notes)
		}
	}
	return got
}

// TestPanelListsAndInitials: a line a panel label opens lists people,
// names the lexicons lack included, and a surname's initial goes with the
// name it follows.
func TestPanelListsAndInitials(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "panel line", candidate: "Ravi Kumar", interviewers: []string{"Dana Whit"}, in: "Panel: Dana Whit (coding), Femi (system design), Anil S. (behavioural) and Tom W.", want: "Panel: Interviewer A (coding), Person A (system design), Person B (behavioural) and Person C."},
		{name: "technical item stays", candidate: "Ravi Kumar", interviewers: []string{"Dana Whit"}, in: "Attendees: Dana, Kafka (streaming).", want: "Attendees: Interviewer A, Kafka (streaming)."},
		{name: "initial mid-sentence", candidate: "Ravi Kumar", interviewers: []string{"Dana Whit"}, in: "Their manager at the time, Jordi P., wanted to skip it.", want: "Their manager at the time, Person A, wanted to skip it."},
		{name: "a letter alone stays", candidate: "Ravi Kumar", interviewers: []string{"Dana Whit"}, in: "I asked about C. It was Plan B.", want: "I asked about C. It was Plan B."},
	})
}

// TestAliasBeforeItsName: a name right before a parenthesis that holds
// nothing but a known name is that person's other name, after a comma or
// a dash too ("incident sim, Ton (Thanawat)"), and names them later.
func TestAliasBeforeItsName(t *testing.T) {
	e := testEngine(t)
	got, err := e.Redact("incident sim, Ton (Thanawat) — timestamps are mine. Ton opens grafana first.", Roster{Candidate: Person{Name: "Thanawat Srisuk"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "incident sim, the candidate — timestamps are mine. The candidate opens grafana first."; got.Out != want {
		t.Errorf("got  %q\nwant %q", got.Out, want)
	}
}

// TestKnownEmployersAndSchools: an employer or school of the lexicons is
// replaced wherever it stands; one that may be something else (a word, a
// technology, a short form) waits for an organisation cue or a sentence
// about a background, and a product after it keeps its maker.
func TestKnownEmployersAndSchools(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "no cue", candidate: "Maria Lopez", in: "She ran the bug bounty triage at N26 and cut the backlog.", want: "They ran the bug bounty triage at [organization] and cut the backlog."},
		{name: "possessive team", candidate: "Maria Lopez", in: "Then 4 years on Home Depot's SRE team.", want: "Then [years] on [organization]'s SRE team."},
		{name: "technology after a cue", candidate: "Maria Lopez", in: "She moved to Lisbon for Riot.", want: "They moved to [place] for [organization]."},
		{name: "technology in a background", candidate: "Maria Lopez", in: "Then 4 years at Audi and Mailchimp for the last three.", want: "Then [years] at [organization] and [organization] for the last three."},
		{name: "technology kept", candidate: "Maria Lopez", in: "They used Mailchimp to send the emails.", want: "They used Mailchimp to send the emails."},
		{name: "product kept", candidate: "Maria Lopez", in: "They used Mailchimp's API to send the emails.", want: "They used Mailchimp's API to send the emails."},
		{name: "short form waits", candidate: "Maria Lopez", in: "The EA pattern held up.", want: "The EA pattern held up."},
		{name: "short form in a background", candidate: "Maria Lopez", in: "She was 6 years at EA's FIFA team in Vancouver.", want: "They were [years] at [organization]'s [product] team in [place]."},
		{name: "school", candidate: "Maria Lopez", in: "Maria is from Athens, NTUA for undergrad.", want: "The candidate is from [place], [school] for undergrad."},
		{name: "school in lower case", candidate: "Maria Lopez", in: "bg: chula grad, then 3 yrs at Agoda.", want: "bg: [school] grad, then [years] at [organization]."},
		{name: "city in lower case", candidate: "Maria Lopez", in: "drives in from tacoma, lives in pune; falls back to bank A; from scratch.", want: "drives in from [place], lives in [place]; falls back to bank A; from scratch."},
		{name: "after ex- in lower case", candidate: "Maria Lopez", in: "cand (ex-nubank, ex-msft). Pekko (ex-Akka) is fine.", want: "cand (ex-[organization], ex-[organization]). Pekko (ex-Akka) is fine."},
		{name: "an allowed product in a career line", candidate: "Maria Lopez", in: "9 years: Tencent SOC, then Adyen, now detection lead at Grab.", want: "[years]: [organization] SOC, then [organization], now detection lead at [organization]."},
		{name: "its product in a career line", candidate: "Maria Lopez", in: "Then 4 years at Nubank: certified metrics in Looker, and a Slack bot for MAU.", want: "Then [years] at [organization]: certified metrics in Looker, and a Slack bot for MAU."},
		{name: "after a cue", candidate: "Maria Lopez", in: "Second reference, ex-Allegro, now at Adyen, described them as stubborn.", want: "Second reference, ex-[organization], now at [organization], described them as stubborn."},
		{name: "the same product used", candidate: "Maria Lopez", in: "Build/buy decisions (Adyen vs. in-house tokenisation); experiments on Optimizely.", want: "Build/buy decisions (Adyen vs. in-house tokenisation); experiments on Optimizely."},
		{name: "a tool's name of the lexicons waits", candidate: "Maria Lopez", in: "Airbyte for Postgres CDC, Fivetran for Salesforce. Then 4 years at Salesforce.", want: "Airbyte for Postgres CDC, Fivetran for Salesforce. Then [years] at [organization]."},
	})
}

// TestEmployersByCareerEvidence: a name is an employer where a career
// says so (a tenure after it, a team of it, a next step), whatever else it
// names; a product named with its employer's team names the employer; the
// same names used as technologies stay.
func TestEmployersByCareerEvidence(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "tenure after a next step", candidate: "Maria Lopez", in: "PhD from CMU in 2016. Then Snowflake for 7 years on the optimizer team.", want: "[degree] from [school] in [year]. Then [organization] for [years] on the optimizer team."},
		{name: "an employer's unit", candidate: "Maria Lopez", in: "Then 7 years at Target's security team, then Cloudflare Research for 4 years.", want: "Then [years] at [organization] security team, then [organization] for [years]."},
		{name: "technology for a purpose", candidate: "Maria Lopez", in: "Design: lakehouse on Databricks; Snowflake for the finance marts. We kept Kafka for two years of event history.", want: "Design: lakehouse on Databricks; Snowflake for the finance marts. We kept Kafka for two years of event history."},
		{name: "no level code", candidate: "Maria Lopez", in: "Then 4 years at Qualcomm, and 18 months at G42 in Abu Dhabi. Hire at L5.", want: "Then [years] at [organization], and [years] at [organization] in [place]. Hire at L5."},
		{name: "web domain", candidate: "Maria Lopez", in: "She is from Almaty, 9 yrs in QA at Kaspi.kz then EPAM. Node.js on the backend.", want: "They are from [place], [years] in QA at [organization] then [organization]. Node.js on the backend."},
		{name: "tenures in parentheses", candidate: "Maria Lopez", in: "AGH Kraków, MSc 2019. Allegro ML (3 yrs), now Brainly (2 yrs).", want: "[school] [place], [degree] [year]. [organization] ([years]), now [organization] ([years])."},
		{name: "competing offer", candidate: "Maria Lopez", in: "I say hire, let us move before Citadel counter.", want: "I say hire, let us move before [organization] counter."},
		{name: "product team", candidate: "Maria Lopez", in: "Maria is from Llanelli and was 9 yrs on the Nest thermostat firmware team before a startup.", want: "The candidate is from [place] and was [years] on the [product] thermostat firmware team before a startup."},
		{name: "product app", candidate: "Maria Lopez", in: "Then six years at Atlassian on the Jira Android app.", want: "Then [years] at [organization] on the [product] app."},
		{name: "technology kept", candidate: "Maria Lopez", in: "We migrated to Jira; the Nest thermostat team shipped; we run Snowflake for analytics.", want: "We migrated to Jira; the Nest thermostat team shipped; we run Snowflake for analytics."},
		{name: "team function kept", candidate: "Maria Lopez", in: "Then 6 years at Atlassian on the Android team.", want: "Then [years] at [organization] on the Android team."},
		{name: "lower case after a cue", candidate: "Maria Lopez", in: "conflict q: disagreed w/ their TL at clova abt shipping. good at grab and go.", want: "conflict q: disagreed w/ their TL at [organization] abt shipping. good at grab and go."},
		{name: "headcount", candidate: "Maria Lopez", in: "Lead Programmer, Pinecone Forge (6 ppl, Halifax). Pinecone (3 pods) for vectors.", want: "Lead Programmer, [organization] (6 ppl, [place]). Pinecone (3 pods) for vectors."},
	})
}

// TestShortNameForms: a name part in lower case with the initial of a
// later part is the person, initial and its full stop included; a
// writer's initials in lower case sign the note at its end, with or
// without a dash, hyphenated given names included.
func TestShortNameForms(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "word name with an initial", candidate: "Crystal Ferreira", in: "cand: crystal f. (7 yoe elixir). The crystal lattice held.", want: "cand: the candidate ([years] elixir). The crystal lattice held."},
		{name: "capitalised with an initial", candidate: "Crystal Ferreira", in: "I asked Crystal F. about it.", want: "I asked the candidate about it."},
		{name: "initial of no later part", candidate: "Crystal Ferreira", in: "The crystal b. sample.", want: "The crystal b. sample."},
		{name: "initials ending the note", candidate: "Maria Lopez", interviewers: []string{"Kenji Watanabe"}, in: "Solid round.\n\nhire  kw", want: "Solid round.\n\nhire  Interviewer A"},
		{name: "initials mid-note stay", candidate: "Maria Lopez", interviewers: []string{"Kenji Watanabe"}, in: "kw is fine.\nhire", want: "kw is fine.\nhire"},
		{name: "hyphenated given name last", candidate: "Maria Lopez", interviewers: []string{"Park Ji-ho"}, in: "lean hire  -jh", want: "lean hire  -Interviewer A"},
		{name: "dash before initials that spell a word", candidate: "Maria Lopez", interviewers: []string{"Karthik Subramanian"}, in: "Good.\n\nhire  -ks", want: "Good.\n\nhire  -Interviewer A"},
		{name: "capitals ending the note", candidate: "Maria Lopez", interviewers: []string{"Thandiwe Mokoena"}, in: "Good.\n\n4/4 TM", want: "Good.\n\n4/4 Interviewer A"},
		{name: "particles' letters", candidate: "Maria Lopez", interviewers: []string{"Pieter van der Merwe"}, in: "Good.\n\nhire - PvdM", want: "Good.\n\nhire - Interviewer A"},
		{name: "family name last in initials", candidate: "Maria Lopez", interviewers: []string{"Tan Wei Ling"}, in: "Good.\n\nWLT", want: "Good.\n\nInterviewer A"},
		{name: "word name as a past tense's subject", candidate: "Brook Haile", in: "counts: brook went to HyperLogLog. The brook went dry.", want: "counts: the candidate went to HyperLogLog. The brook went dry."},
		{name: "word name's possessive", candidate: "Ada Knight", in: "They know knight's tour backtracking.", want: "They know knight's tour backtracking."},
	})
}

package anonymize

import (
	"strings"
	"testing"
)

// TestNamesPersonAndLookup reads one word of each sentence against a
// roster whose names are also words and technologies: the ordinary-word,
// technology, acronym and eponym tests of roster.lookup, one row each.
func TestNamesPersonAndLookup(t *testing.T) {
	e := testEngine(t)
	ro := e.roster(Roster{Candidate: Person{Name: "Grace Kalman"}, Interviewers: []Person{{Name: "Julia Dag"}, {Name: "Maria Concepcion Dizon"}, {Name: "Ahmad bin Said"}, {Name: "James Qiu"}, {Name: "Nadia Booth"}, {Name: "Paul Smart"}, {Name: "Grant Okoro"}}})
	tests := []struct {
		text, word string
		want       bool
	}{
		{"I asked Grace about the cache.", "Grace", true},                               // mid-sentence, capitalised
		{"Grace rewrote the parser.", "Grace", true},                                    // opening a sentence, before a verb
		{"Grace's tests were thorough.", "Grace", true},                                 // possessive
		{"They handled it with grace under pressure.", "grace", false},                  // the word
		{"Grace period of ten days.", "Grace", false},                                   // opening, before a noun
		{"We wrote it in Julia, then in Go.", "Julia", false},                           // the language after "in"
		{"Julia notebooks were tidy.", "Julia", false},                                  // the language before a noun
		{"The hot loop is in Julia when Python is too slow.", "Julia", false},           // the language, its clause ended
		{"Nadia mentioned Booth's algorithm.", "Booth", false},                          // an eponym's idea
		{"Booth asked about the recoding table.", "Booth", true},                        // the person
		{"Julia explained the plan.", "Julia", true},                                    // a person opening a sentence
		{"Wrote the Airflow DAG with sensors.", "DAG", false},                           // an acronym
		{"DAG explained the plan.", "DAG", true},                                        // a name in capitals before a verb
		{"Derived an extended Kalman filter.", "Kalman", false},                         // an eponym
		{"Grace Kalman filed the notes.", "Kalman", true},                               // beside another part
		{"chat notes (maria concepcion) in full.", "maria", true},                       // a word that is a part, in the name's order
		{"then ahmad said it was fine.", "said", false},                                 // a word beside a part, out of order
		{"kd: jimmy's loop done, thoughts?", "jimmy", true},                             // a short form that is a word, owning in chat
		{"we had to jimmy the lock open.", "jimmy", false},                              // the verb
		{"He'd grant read access through a role.", "grant", false},                      // a verb after a modal, whatever its tag
		{"Ask Grant, then grant said yes.", "grant", true},                              // lower case before a verb, as a name
		{"Used Harmony in Booth v5 for batches.", "Booth", false},                       // a version after it
		{"Nadia 3.5, Booth 3.", "Booth", true},                                          // a score is no version
		{"Languages: Julia 2012 / SPARK, C.", "Julia", false},                           // a technology's number is its version
		{"Nadia picked the Booth job queue.", "Booth", false},                           // an article and a technical noun
		{"Nadia used Booth's method on it.", "Booth", false},                            // a surname's possessive before an eponym noun
		{"Nadia used Nadia's method on it.", "Nadia", true},                             // a given name's
		{"Nadia read Booth's code on it.", "Booth", true},                               // the person's own work
		{"Nadia wrote a Booth script for it.", "Booth", false},                          // a technical noun right after it
		{"Booth used the script.", "Booth", true},                                       // a verb of the lexicon is none
		{"Started classical: Booth corner detector, then a transform.", "Booth", false}, // a compound ending in an eponym noun
		{"Estimated it with the Booth delay model by hand.", "Booth", false},            // one with an article
		{"Ran it with the Booth ff14SB force field.", "Booth", false},                   // a code among the modifiers
		{"Booth wrote model code all day.", "Booth", true},                              // a verb ends the compound
		{"Questioned running Booth MarkDuplicates before BQSR.", "Booth", false},        // a tool in CamelCase after it
		{"The ground station runs Booth Linux 9 boxes.", "Booth", false},                // a technology and its version after it
		{"They'd use the Booth Wireless EM7565 module.", "Booth", false},                // a word and a model number after it
		{"Nadia Booth MarkDuplicates", "Booth", true},                                   // beside another part of the name
		{"Arta built a small NADIA on FHIR launch.", "NADIA", true},                     // a longer name in capitals that spells nothing
		{"Arta built a small SMART on FHIR launch.", "SMART", false},                    // a longer one that spells a word: the acronym
		{"SMART asked about the launch.", "SMART", true},
		{"Grace and Nadia both liked it.", "Grace", true},                // joined to a known person
		{"Grace and courtesy both matter.", "Grace", false},              // joined to a word                                // the name in capitals before a verb
		{"Went Debezium → Julia → Iceberg tables.", "Julia", false},      // a stage of a pipeline
		{"Went Debezium -> Julia, then Nadia -> Julia.", "Julia", false}, // a stage after a technology
		{"Knows that exactly-once in Julia is scoped.", "Julia", false},  // "in" it, before the clause's verb
		{"Nadia handed it over -> Julia reviewed it.", "Julia", true},    // a handover between people
	}
	for _, tt := range tests {
		seg := segment(tt.text, e.lex)
		toks, err := e.tag(seg, ro, nil)
		if err != nil {
			t.Fatal(err)
		}
		i := -1
		for k, tok := range toks {
			if tok.word == tt.word {
				i = k
				break
			}
		}
		if i < 0 {
			t.Fatalf("%q: no token %q", tt.text, tt.word)
		}
		if got := ro.lookup(toks, i) != nil; got != tt.want {
			t.Errorf("%q: lookup(%q) names a person = %v, want %v", tt.text, tt.word, got, tt.want)
		}
	}
	if !strings.Contains(ro.ids[0].person.Name, "Grace") {
		t.Fatalf("roster's first identity is not the candidate")
	}
}

// TestNameCompound: a hyphenated word holding a known name part is a
// method when the names it joins are not all known ("Gauss-Newton"), the
// word when the part is a word written in lower case ("vega-neutral"),
// and the person's otherwise ("Goldstein-Cohen", "rosalind-scheduler",
// "Fox-IT").
func TestNameCompound(t *testing.T) {
	e := testEngine(t)
	ro := e.roster(Roster{Candidate: Person{Name: "Rosalind Goldstein-Cohen"}, Interviewers: []Person{{Name: "Tom Newton"}, {Name: "Lucia Vega"}, {Name: "Sam Fox"}}})
	for _, tc := range []struct {
		w                       string
		ideaOfNames, lowerKnown bool
	}{
		{"Gauss-Newton", true, false},
		{"Newton-Raphson's", true, false},
		{"Goldstein-Cohen", false, false},
		{"Fox-IT", false, false},
		{"vega-neutral", false, true},
		{"rosalind-scheduler", false, false},
		{"Reed-Solomon", false, false},
		{"Newton-complete", true, false},
		{"Newton-style", true, false},
		{"Newton-led", false, false},
		{"Fox-run", false, false},
	} {
		idea, lower := ro.nameCompound(tc.w)
		if idea != tc.ideaOfNames || lower != tc.lowerKnown {
			t.Errorf("nameCompound(%q) = %v, %v; want %v, %v", tc.w, idea, lower, tc.ideaOfNames, tc.lowerKnown)
		}
	}
}

// TestGateReadsAsRedactionDoes: what the redaction keeps as a word or a
// method beside a known name, the leak gate does not count as the name
// (else the packet would be quarantined for nothing), while the name
// itself still counts.
func TestGateReadsAsRedactionDoes(t *testing.T) {
	e := testEngine(t)
	ro := e.roster(Roster{Candidate: Person{Name: "Amara Newton"}, Interviewers: []Person{{Name: "Dev Patel"}, {Name: "John Okafor"}, {Name: "Lucia Vega"},
		{Name: "Tom Fletcher"}, {Name: "Jakob Lindahl"}, {Name: "Maya Heron"}}})
	for _, tc := range []struct {
		text string
		hits bool
	}{
		{"On the dev server they had a broken HMR setup.", false},
		{"They used hashcat, not John the Ripper.", false},
		{"A vega-neutral book still loses on vol-of-vol.", false},
		{"They used Gauss-Newton for the fit.", false},
		{"Explained the Broyden–Fletcher–Goldfarb–Shanno update in plain words.", false},
		{"They cited Jakob's law on familiar layouts.", false},
		{"<p>They cited Jakob&#39;s law on familiar layouts.</p>", false},
		{"<p>Jakob&#39;s notes agree.</p>", true},
		{"They ran Apache Heron before Flink.", false},
		{"Fletcher asked; Jakob's notes agree.", true},
		{"John reviewed it.", true},
		{"Amara wrote the tests.", true},
		// A JSON packet's escapes are no letters of a word: a decorator
		// after a line break is no address, a name after one still counts.
		{`{"notes": "kernel:\n@triton.jit\ndef f(): pass"}`, false},
		{`{"notes": "kernel:\nAmara wrote it"}`, true},
		{`{"notes": "mail amara@example.com"}`, true},
		// What usedAsTerm keeps: a version, an article and a technical
		// noun, a surname's eponym; a score and a given name still count.
		{"Used Harmony in Lindahl v5 for the batches.", false},
		{"They compared Okafor 2 9B with Mistral.", false},
		{"They picked the Lindahl job queue.", false},
		{"They used Lindahl's method on it.", false},
		{"They used Jakob's method on it.", true},
		{"Scores: Lindahl 3.5/4.", true},
		{"Scores: Lindahl 3.5 / 4.", true},
		{"Lindahl 3.5 overall.", true},
		{"Evaluating Lindahl2 for the content pipeline.", false},
		{"Bypassed it with Lindahl hooks.", false},
		{"Lindahl used the hooks.", true},
		{"Ping lindahl92 on the portal.", true},
		// The same readings, with the line tagged as the redaction tags it.
		{"Started classical: Lindahl corner detector, then a transform.", false},
		{"Estimated it with the Lindahl delay model by hand.", false},
		{"Questioned running Lindahl MarkDuplicates before BQSR.", false},
		{"The ground station runs Lindahl Linux 9 boxes.", false},
		{"Lindahl wrote model code all day.", true},
		// A word of amount before a name makes it the idea; its
		// possessive stays the person's. A product's domain the lexicons
		// know is no site, another domain is.
		{"Nobody sane runs full Lindahl; half Lindahl gives most of the growth.", false},
		{"They met half Lindahl's team.", true},
		{"Ran our mock Sev1 in incident.io with socket.io for the feed.", false},
		{"Portfolio at lindahl.dev and ferriswheel.io.", true},
		{"Jakob Lindahl MarkDuplicates", true},
	} {
		if got := len(e.verify(tc.text, ro)) > 0; got != tc.hits {
			t.Errorf("verify(%q) has hits: %v, want %v", tc.text, got, tc.hits)
		}
	}
}

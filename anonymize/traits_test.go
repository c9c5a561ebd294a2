package anonymize

import (
	"regexp"
	"strings"
	"testing"
)

// TestProtectedTraitsLeaveNoTrace runs sentences that state a protected
// trait, of the candidate or of someone else, through the default pack:
// nothing from which the trait's value follows may remain, and the
// technical judgement beside it must. Technical look-alikes stay as
// written.
func TestProtectedTraitsLeaveNoTrace(t *testing.T) {
	e := testEngine(t)
	ro := Roster{Candidate: Person{Name: "Marisol Achterberg"}, Interviewers: []Person{{Name: "Dev Okonkwo"}}}
	cases := []struct {
		trait, in string
		gone      string // what must not remain (case-insensitive expression)
		kept      []string
	}{
		{"military", "Marisol designed the outbox well; she served four years in the Marines before college.", `marines?|served|military`, []string{"designed the outbox well"}},
		{"military", "She is an Army veteran. Her sharding plan was sound.", `army|veteran|military`, []string{"sharding plan was sound"}},
		{"military", "Her manager was ex-Navy, which she mentioned twice. Clean Go.", `navy|military`, []string{"Clean Go"}},
		{"military", "He did two tours of duty in Afghanistan before switching to software.", `tours?|afghanistan|duty|military`, nil},
		{"family", "A dad of twins, very organised.", `dad|parent|twins`, nil},
		{"family", "Mum of three who codes at night. Her tests were thorough.", `mum|parent|three who`, []string{"tests were thorough"}},
		{"family", "Strong on Raft; her sister is also an engineer at a bank.", `sister|sibling`, []string{"Strong on Raft"}},
		{"family", "She is 7 months pregnant and due in May; the API review was excellent.", `pregnan|due in|may`, []string{"API review was excellent"}},
		{"family", "Their cousin, whom the candidate mentioned twice, referred them.", `cousin|relative`, nil},
		{"origin", "They are fluent in Spanish, Tamil, Polish and English.", `spanish|tamil|polish|\[origin\]|fluent`, nil},
		{"origin", "She's a native Portuguese speaker; her Kotlin was idiomatic.", `portuguese|native|\[origin\]`, []string{"Kotlin was idiomatic"}},
		{"origin", "Our colleague Dev is Nigerian-German and grew up speaking Yoruba.", `nigerian|german|yoruba|\[origin\]`, nil},
		{"language", "The candidate has a thick accent and English isn't their first language.", `accent|first language|english`, nil},
		{"language", "Explained hash joins well, but her English is still developing.", `english|developing`, []string{"Explained hash joins well"}},
		{"health", "He is hard of hearing and was on stress leave last spring.", `hearing|stress leave`, nil},
		{"health", "She uses a wheelchair, so the onsite should be on the ground floor.", `wheelchair|ground floor`, nil},
		{"health", "Good Terraform; he told us he has ADHD and takes medication for it.", `adhd|medication`, []string{"Good Terraform"}},
		{"gender identity", "She's genderqueer and transitioned last year.", `genderqueer|transition`, nil},
		{"union", "Strong on Raft; she is a member of the engineers' union and was a shop steward last year.", `union|steward`, []string{"Strong on Raft"}},
		{"union", "He organised a union at his last job. His tests were thorough.", `union|organi[sz]ed`, []string{"tests were thorough"}},
		{"gender identity", "Good reviewer; he came out as gay in college.", `gay|came out`, []string{"Good reviewer"}},
		{"religion", "She observes Ramadan, so afternoon slots are better; great SQL.", `ramadan|afternoon|observes`, nil},
		{"background", "First in their family to go to college; went to a women's college.", `first in|family|women`, nil},
		{"immigration", "He will need an H-1B transfer. His Rust was clean.", `h-1b|transfer|visa`, []string{"Rust was clean"}},
		{"leisure", "Strong on Kafka. She plays bandy in a Sunday league and sings in a male voice choir.", `bandy|sunday league|choir`, []string{"Strong on Kafka"}},
		{"leisure", "He's a cellist and runs marathons; his retry design was sound.", `cellist|marathons`, []string{"retry design was sound"}},
		{"leisure", "Built a Phoenix LiveView dashboard for his jiu-jitsu academy's class schedule.", `jiu-jitsu|academy`, []string{"Phoenix LiveView dashboard"}},
	}
	for _, c := range cases {
		t.Run(c.trait+": "+c.in, func(t *testing.T) {
			out, err := e.Redact(c.in, ro)
			if err != nil {
				t.Fatal(err)
			}
			if m := regexp.MustCompile(`(?i)\b(?:` + c.gone + `)`).FindString(out.Out); m != "" {
				t.Errorf("%q still states the trait (%q)", out.Out, m)
			}
			for _, k := range c.kept {
				if !strings.Contains(out.Out, k) {
					t.Errorf("%q lost %q", out.Out, k)
				}
			}
		})
	}

	lookalikes := []string{
		"Ten years of logs are kept in S3 with a lifecycle policy.",
		"The sister service and the parent process both spawn a child span.",
		"The state machine transitioned to FAILED after three retries.",
		"A veteran engineer on the team reviewed it; an army of microservices followed.",
		"He deployed the service to production twice a day.",
		"They localised the checkout into Japanese and Arabic (right-to-left).",
		"Each node keeps a pointer to its parent and its children.",
		"The build came out clean after the fix.",
		"The accent-color on buttons was off in React Native.",
		"Used the Marine Traffic API for the vessel tracker demo.",
		"Our grandparent node in the B-tree split twice.",
		"The pension calculation service was their project.",
		"English-language docs were missing, so they wrote them.",
		"We retired the v1 API and the old cluster.",
		"The service served 10k requests a second and deployed to three regions.",
		"A tagged union for the events, UNION ALL in the query and union-find for the clusters.",
		"The swim lanes on the diagram; he runs the league table service; a band-pass filter on the signal.",
		"The orchestra of microservices was hard to follow; they built it in Sails and spent a while bike-shedding names.",
		"They joined FIFA rankings from the FIFA API; a dedicated runner for the ARM builds.",
	}
	for _, in := range lookalikes {
		out, err := e.Redact(in, ro)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.Out, RemovedMarker) || strings.Contains(out.Out, "[years]") {
			t.Errorf("technical sentence lost: %q -> %q", in, out.Out)
		}
	}
}

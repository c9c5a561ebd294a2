package codesignaltest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/anonymize/anonymize/fetch"
)

// SyntheticOrg describes a generated organisation, for tests and benchmarks
// that need more candidates or interviews than the hand-written sample.
type SyntheticOrg struct {
	// Candidates is the number of candidates, named cand-000@example.com,
	// cand-001@example.com, ...
	Candidates int
	// Interviews gives each candidate this many interviews; 0 means 1 to
	// 4, drawn from Seed.
	Interviews int
	// Extra gives the candidate at that index extra interviews beyond the
	// above, e.g. {0: 44} for one candidate with three pages.
	Extra map[int]int
	// Hidden adds, per candidate, one deleted and one archived interview
	// that clients must skip.
	Hidden bool
	// Seed drives every random choice: the same SyntheticOrg always
	// generates the same export.
	Seed uint64
	// RealNames gives people realistic names (PersonName) instead of
	// "Candidate 003" and "Interviewer 07", which share words with the
	// packets' role labels and so trip the leak gate.
	RealNames bool
}

var (
	firstNames = []string{"Amara", "Bogdan", "Chiara", "Dmitri", "Esther", "Farouk", "Greta", "Hiroshi", "Ingrid", "Jelena", "Kwame", "Lucinda", "Mateus", "Nadia", "Orsolya", "Pavel", "Quentin", "Rosalind", "Soren", "Tamsin"}
	lastNames  = []string{"Okafor", "Lindqvist", "Moreau", "Castellanos", "Brandt", "Haddad", "Novak", "Yamamoto", "Ferreira", "Kowalczyk", "Abernathy", "Delacroix", "Szabo", "Whitfield", "Oyelowo", "Rasmussen", "Varga", "Quintero", "Petrakis", "Nakashima"}
)

// PersonName is the realistic name of person i, unique for i below 400.
// With RealNames, interviewer u is PersonName(u) and candidate c is
// PersonName(100+c).
func PersonName(i int) string {
	return firstNames[i%len(firstNames)] + " " + lastNames[(i/len(firstNames)+i*7)%len(lastNames)]
}

// candidateName and interviewer are the names Generate gives.
func (o SyntheticOrg) candidateName(c int) string {
	if o.RealNames {
		return PersonName(100 + c)
	}
	return fmt.Sprintf("Candidate %03d", c)
}

func (o SyntheticOrg) interviewer(u int) fetch.User {
	if o.RealNames {
		name := PersonName(u)
		username := strings.ToLower(strings.ReplaceAll(name, " ", "."))
		return fetch.User{ID: fmt.Sprintf("u-%02d", u), Username: username,
			Profile: fetch.UserProfile{Name: name, Email: username + "@corp.example"}}
	}
	return fetch.User{
		ID:       fmt.Sprintf("u-%02d", u),
		Username: fmt.Sprintf("interviewer%02d", u),
		Profile:  fetch.UserProfile{Name: fmt.Sprintf("Interviewer %02d", u), Email: fmt.Sprintf("interviewer%02d@corp.example", u)},
	}
}

// CandidateEmail returns the email Generate gives candidate i.
func CandidateEmail(i int) string { return fmt.Sprintf("cand-%03d@example.com", i) }

// Generate builds the organisation. Start dates are distinct within a
// candidate, in hours from 2025-01-01; some interviews are pending (no
// finish date, no feedback), the rest are over with one to three
// interviewers' feedback.
func (o SyntheticOrg) Generate() fetch.Export {
	r := rand.New(rand.NewPCG(o.Seed, 1))
	const base = int64(1735689600000) // 2025-01-01T00:00:00Z in ms
	const hour = int64(3600000)
	levels := []string{"L3", "L4", "L5"}
	evals := []string{"Strong No", "No", "Yes", "Strong Yes"}
	var ex fetch.Export
	n := 0
	add := func(c int, status fetch.Status) {
		n++
		start := base + int64(n)*hour + r.Int64N(hour/2)
		id := fmt.Sprintf("li-%05d", n)
		li := fetch.LiveInterview{
			ID:             id,
			CandidateEmail: CandidateEmail(c),
			CandidateName:  o.candidateName(c),
			Status:         status,
			StartDate:      &start,
			URL:            "https://app.codesignal.com/live-interview/" + id,
			ShortenedURL:   "https://cs.co/" + id,
		}
		if status == fetch.StatusOver || status == fetch.StatusDeleted || status == fetch.StatusArchived {
			finish := start + hour
			li.FinishDate = &finish
			for k := range 1 + r.IntN(3) {
				u := r.IntN(20)
				score, level, eval := 1+r.IntN(4), levels[r.IntN(3)], evals[r.IntN(4)]
				li.InterviewersFeedback = append(li.InterviewersFeedback, fetch.InterviewerFeedback{
					Author:           o.interviewer(u),
					Notes:            fmt.Sprintf("Feedback %d on %s: solid problem solving.", k, id),
					RecommendedLevel: &level,
					Evaluation:       &eval,
					Categories: []fetch.Category{{Name: "Coding", Attributes: []fetch.Attribute{
						{Name: "Correctness", Score: &score, Notes: "Tests were thorough."},
						{Name: "Style", Score: &score},
					}}},
				})
			}
		}
		ex.LiveInterviews = append(ex.LiveInterviews, li)
	}
	for c := range o.Candidates {
		k := o.Interviews
		if k <= 0 {
			k = 1 + r.IntN(4)
		}
		k += o.Extra[c]
		for j := range k {
			status := fetch.StatusOver
			if j == 0 && r.IntN(5) == 0 {
				status = fetch.StatusPending
			}
			add(c, status)
		}
		if o.Hidden {
			add(c, fetch.StatusDeleted)
			add(c, fetch.StatusArchived)
		}
	}
	// Interleave candidates as a real organisation would, rather than
	// listing each candidate's interviews together.
	r.Shuffle(len(ex.LiveInterviews), func(i, j int) {
		ex.LiveInterviews[i], ex.LiveInterviews[j] = ex.LiveInterviews[j], ex.LiveInterviews[i]
	})
	return ex
}

package packet

import (
	"context"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
	"github.com/anonymize/anonymize/rules"
)

// demoMeta is the header of the demo's packets in the tests.
var demoMeta = Meta{Committee: "Demo committee", Prepared: time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)}

// defaultEngine is an engine of the default pack.
func defaultEngine(t *testing.T) *anonymize.Engine {
	t.Helper()
	pack, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := anonymize.New(pack)
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// demoPacket is one candidate's redacted packet and its code.
type demoPacket struct {
	code string
	p    anonymize.Packet
}

// demoRedacted redacts every candidate of the sample organisation, in the
// order they first appear, as `anonymize demo` does; codes are made with
// secret.
func demoRedacted(t *testing.T, secret string) []demoPacket {
	t.Helper()
	eng := defaultEngine(t)
	byEmail := map[string][]fetch.LiveInterview{}
	var emails []string
	for _, li := range codesignaltest.Sample().LiveInterviews {
		if byEmail[li.CandidateEmail] == nil {
			emails = append(emails, li.CandidateEmail)
		}
		byEmail[li.CandidateEmail] = append(byEmail[li.CandidateEmail], li)
	}
	var out []demoPacket
	for _, email := range emails {
		lis := byEmail[email]
		p, err := eng.Packet(context.Background(), anonymize.Person{Name: lis[0].CandidateName, Email: email}, lis)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, demoPacket{Code([]byte(secret), email), p})
	}
	return out
}

// saveAndWriteReview saves the reviews in the coordinator folder dir and
// writes the review page of the demo committee, as a batch does.
func saveAndWriteReview(t *testing.T, dir string, rps []ReviewPacket) string {
	t.Helper()
	for _, rp := range rps {
		if err := SaveReview(dir, rp); err != nil {
			t.Fatal(err)
		}
	}
	path, err := WriteReview(dir, "Demo committee")
	if err != nil {
		t.Fatal(err)
	}
	return path
}

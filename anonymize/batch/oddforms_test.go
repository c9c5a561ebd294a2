package batch

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/internal/visible"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

// oddForms is testdata/oddforms/forms.json: known names and contact details
// written the ways an attacker or an odd editor writes them.
type oddForms struct {
	Candidate   struct{ Name, Email string }
	Interviewer struct{ Name, Email, Username string }
	Phone       string
	Note        string
	Forms       []struct{ Name, Text string }
}

func loadOddForms(t *testing.T) oddForms {
	t.Helper()
	b, err := os.ReadFile("../../testdata/oddforms/forms.json")
	if err != nil {
		t.Fatal(err)
	}
	var of oddForms
	if err := json.Unmarshal(b, &of); err != nil {
		t.Fatal(err)
	}
	return of
}

// interviews is one held interview whose only note carries the form.
func (of oddForms) interviews(form string) []fetch.LiveInterview {
	start, finish := int64(1_764_000_000_000), int64(1_764_003_600_000)
	return []fetch.LiveInterview{{
		ID: "li-odd", CandidateEmail: of.Candidate.Email, CandidateName: of.Candidate.Name,
		Status: fetch.StatusOver, StartDate: &start, FinishDate: &finish,
		InterviewersFeedback: []fetch.InterviewerFeedback{{
			Author: fetch.User{ID: "u-odd", Username: of.Interviewer.Username, Profile: fetch.UserProfile{Name: of.Interviewer.Name, Email: of.Interviewer.Email}},
			Notes:  strings.ReplaceAll(of.Note, "{form}", form),
		}},
	}}
}

// seen returns what of the known identities a reader finds in text, read
// as a person reads it (visible.Read, with spaced letters joined): a name
// part or email local part among its letters, or the phone among its
// digits. It is deliberately cruder than the gate (letters run together
// across words), so that it cannot share the gate's blind spots.
func (of oddForms) seen(text string) []string {
	var letters, digits strings.Builder
	for _, v := range []string{text, visible.Read(text), visible.Joined(visible.Read(text))} {
		for _, r := range norm.NFD.String(strings.ToLower(v)) {
			switch {
			case unicode.IsLetter(r):
				letters.WriteRune(r)
			case unicode.IsDigit(r):
				digits.WriteRune(r)
			}
		}
		letters.WriteByte('|')
		digits.WriteByte('|')
	}
	var out []string
	for _, part := range []string{"tamsin", "okonkwo", "reyes", "bartholomew", "quist"} {
		if strings.Contains(letters.String(), part) {
			out = append(out, part)
		}
	}
	phone := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, of.Phone)
	if strings.Contains(digits.String(), phone[2:]) {
		out = append(out, "phone")
	}
	return out
}

var (
	defaultEngineOnce sync.Once
	defaultEngine     *anonymize.Engine
	defaultEngineErr  error
)

func defaultEng(t testing.TB) *anonymize.Engine {
	t.Helper()
	defaultEngineOnce.Do(func() {
		pack, err := rules.Load()
		if err != nil {
			defaultEngineErr = err
			return
		}
		defaultEngine, defaultEngineErr = anonymize.New(pack)
	})
	if defaultEngineErr != nil {
		t.Fatal(defaultEngineErr)
	}
	return defaultEngine
}

// TestOddFormsNeverPublished: every odd form of a known name or contact
// detail is either removed from all three files of the packet, as a person
// reads them, or the packet fails the leak gate and is quarantined. It
// never reaches the committee.
func TestOddFormsNeverPublished(t *testing.T) {
	of := loadOddForms(t)
	if len(of.Forms) < 60 {
		t.Fatalf("%d forms, want at least 60", len(of.Forms))
	}
	eng := defaultEng(t)
	meta := packet.Meta{Committee: "Odd forms", Prepared: time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)}
	removed, quarantined := 0, 0
	for _, f := range of.Forms {
		b, err := build(context.Background(), eng, "P-ODDFORMS", of.Candidate.Email, of.interviews(f.Text), meta)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		if len(b.res.Leaks) > 0 {
			quarantined++
			continue
		}
		removed++
		for name, data := range map[string][]byte{packet.MarkdownFile: b.rendered.Markdown, packet.HTMLFile: b.rendered.HTML, packet.JSONFile: b.rendered.JSON} {
			if got := of.seen(string(data)); len(got) > 0 {
				t.Errorf("%s (%q): published, and %s shows %v", f.Name, f.Text, name, got)
			}
		}
	}
	t.Logf("%d forms: %d removed by the pipeline, %d quarantined by the gate", len(of.Forms), removed, quarantined)
}

// TestOddFormsSeenBySelf: the crude reader of the test above does see
// every form in the unredacted note, so its silence means something.
func TestOddFormsSeenBySelf(t *testing.T) {
	of := loadOddForms(t)
	for _, f := range of.Forms {
		if got := of.seen(f.Text); len(got) == 0 {
			t.Errorf("%s (%q): the test's reader does not see it", f.Name, f.Text)
		}
	}
}

// TestPackCannotSwitchOffTheGate: a pack may change what redaction does,
// but not what the leak gate lets through. A pack disabling contact.yaml,
// or replacing it with patterns that find nothing, used to publish phones
// and emails with exit 0.
func TestPackCannotSwitchOffTheGate(t *testing.T) {
	of := loadOddForms(t)
	meta := packet.Meta{Prepared: time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		name  string
		files map[string]string
		form  string
	}{
		{"contact disabled: phone", map[string]string{"contact.yaml": "disabled: true\n"}, "call +44 7700 900461"},
		{"contact disabled: email", map[string]string{"contact.yaml": "disabled: true\n"}, "mail someone.else@example.com"},
		{"contact replaced: phone", map[string]string{"contact.yaml": "kind: pattern\ncategory: misc\npatterns:\n  - {name: none, regex: 'zzzzqqq', replace: x}\n"}, "call +44 7700 900461"},
		{"contact flagged: email", map[string]string{"pack.yaml": "categories:\n  contact: flag\n"}, "mail someone.else@example.com"},
		{"name made a common word", map[string]string{"people.yaml": "kind: entity\nseed: [candidate, interviewers]\ncandidate: the candidate\ninterviewer: \"Interviewer {A}\"\nother: \"Person {A}\"\ncommon_words: [tamsin, okonkwo, reyes]\n"}, "Tamsin explained it"},
		{"name allowed", map[string]string{"allow-tech.yaml": "kind: allow\nreplace: true\nterms: [Tamsin, Okonkwo]\n"}, "tamsin.okonkwo wrote it"},
	} {
		dir := t.TempDir()
		for name, body := range tc.files {
			if err := os.WriteFile(dir+"/"+name, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		pack, err := rules.Load(dir)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		eng, err := anonymize.New(pack)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, err := build(context.Background(), eng, "P-GATE", of.Candidate.Email, of.interviews(tc.form), meta)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(b.res.Leaks) == 0 {
			md := string(b.rendered.Markdown)
			if strings.Contains(md, "7700") || strings.Contains(md, "@example.com") || strings.Contains(strings.ToLower(md), "tamsin") {
				t.Errorf("%s: published with the detail in it:\n%s", tc.name, md)
			}
		}
	}
}

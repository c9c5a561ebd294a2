package batch

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/anonymize/internal/oddforms"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

func loadOddForms(t *testing.T) oddforms.Corpus {
	t.Helper()
	c, err := oddforms.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// defaultEng is an engine of the default pack, built once.
var defaultEng = onceEngine(func() (string, error) { return "", nil })

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
		b, err := build(context.Background(), eng, "P-ODDFORMS", of.Candidate.Email, of.Interviews(f.Text), meta, 0)
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
			if got := of.Seen(string(data)); len(got) > 0 {
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
		if got := of.Seen(f.Text); len(got) == 0 {
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
		b, err := build(context.Background(), eng, "P-GATE", of.Candidate.Email, of.Interviews(tc.form), meta, 0)
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

// TestTemplateWordsAreNoHandles: a known name part inside a word of the
// packet's own template ("Ferrer" in the HTML's "no-referrer") used to
// quarantine every packet such an interviewer took part in. The template's
// words are the renderer's vocabulary; the same name run into a handle in
// the notes still never reaches the committee.
func TestTemplateWordsAreNoHandles(t *testing.T) {
	eng := defaultEng(t)
	meta := packet.Meta{Committee: "Template", Prepared: time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)}
	empty, err := packet.Render("P-TEMPLATE", anonymize.Packet{}, meta)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(empty.HTML), "referrer") {
		t.Fatal("the HTML template no longer holds \"referrer\": pick another name part inside one of its words")
	}
	of := loadOddForms(t)
	interviews := func(note string) []fetch.LiveInterview {
		lis := of.Interviews("")
		lis[0].InterviewersFeedback[0].Author.Profile.Name = "Joaquín Ferrer"
		lis[0].InterviewersFeedback[0].Author.Profile.Email = "joaquin.ferrer@example.com"
		lis[0].InterviewersFeedback[0].Notes = note
		return lis
	}
	b, err := build(context.Background(), eng, "P-TEMPLATE", of.Candidate.Email, interviews("Solid work on the cache; hire."), meta, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.res.Leaks) > 0 {
		t.Errorf("a clean note was quarantined: %v", b.res.Leaks)
	}
	b, err = build(context.Background(), eng, "P-TEMPLATE", of.Candidate.Email, interviews("Questions to jferrer92 on the chat, please."), meta, 0)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{packet.MarkdownFile: b.rendered.Markdown, packet.HTMLFile: b.rendered.HTML, packet.JSONFile: b.rendered.JSON} {
		if len(b.res.Leaks) == 0 && strings.Contains(string(data), "jferrer92") {
			t.Errorf("the handle jferrer92 was published in %s", name)
		}
	}
}

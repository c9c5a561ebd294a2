package oddforms

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/anonymize/anonymize/anonymize/internal/visible"
	"github.com/anonymize/anonymize/fetch"
)

// Corpus is testdata/oddforms/forms.json.
type Corpus struct {
	Candidate   struct{ Name, Email string }
	Interviewer struct{ Name, Email, Username string }
	Phone       string
	// Note is the note each form is put into, at {form}.
	Note  string
	Forms []Form
}

// Form is one odd way of writing a known name or contact detail.
type Form struct{ Name, Text string }

// Load reads the corpus from the repository's testdata.
func Load() (Corpus, error) {
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		return Corpus{}, fmt.Errorf("oddforms: cannot locate the repository")
	}
	path := filepath.Join(filepath.Dir(here), "..", "..", "..", "testdata", "oddforms", "forms.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return Corpus{}, fmt.Errorf("oddforms: %w", err)
	}
	var c Corpus
	if err := json.Unmarshal(b, &c); err != nil {
		return Corpus{}, fmt.Errorf("oddforms %s: %w", path, err)
	}
	return c, nil
}

// Interviews is one held interview whose only note carries the form.
func (c Corpus) Interviews(form string) []fetch.LiveInterview {
	start, finish := int64(1_764_000_000_000), int64(1_764_003_600_000)
	return []fetch.LiveInterview{{
		ID: "li-odd", CandidateEmail: c.Candidate.Email, CandidateName: c.Candidate.Name,
		Status: fetch.StatusOver, StartDate: &start, FinishDate: &finish,
		InterviewersFeedback: []fetch.InterviewerFeedback{{
			Author: fetch.User{ID: "u-odd", Username: c.Interviewer.Username, Profile: fetch.UserProfile{Name: c.Interviewer.Name, Email: c.Interviewer.Email}},
			Notes:  strings.ReplaceAll(c.Note, "{form}", form),
		}},
	}}
}

// Seen returns which known identities a reader finds in text, read as a
// person reads it (visible.Read, and with spaced letters joined): a name
// part among its letters (accents dropped), or the phone among its digits.
// It is deliberately cruder than the leak gate (letters run together across
// words), so that it does not share the gate's blind spots.
func (c Corpus) Seen(text string) []string {
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
	var parts []string
	for _, name := range []string{c.Candidate.Name, c.Interviewer.Name} {
		parts = append(parts, strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) })...)
	}
	for _, part := range parts {
		if strings.Contains(letters.String(), part) {
			out = append(out, part)
		}
	}
	phone := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, c.Phone)
	// Without the country code, which a note may leave out.
	if len(phone) > 2 && strings.Contains(digits.String(), phone[2:]) {
		out = append(out, "phone")
	}
	return out
}

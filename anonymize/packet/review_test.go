package packet

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anonymize/anonymize/anonymize"
)

func TestPlaceChanges(t *testing.T) {
	for _, tc := range []struct {
		name string
		text ReviewText
		want []mark
	}{
		{"one pass", ReviewText{
			Original: "Maria said she is done.", Redacted: "The candidate said they are done.",
			Changes: []anonymize.Change{
				{Start: 0, End: 5, OutStart: 0, OutEnd: 13, Before: "Maria", After: "The candidate"},
				{Start: 11, End: 17, OutStart: 19, OutEnd: 27, Before: "she is", After: "they are"},
			},
		}, []mark{{0, 0, 13}, {1, 19, 27}}},
		{"a flagged finding, moved by a change before it", ReviewText{
			Original: "Maria went to MIT.", Redacted: "The candidate went to MIT.",
			Changes: []anonymize.Change{
				{Start: 0, End: 5, OutStart: 0, OutEnd: 13, Before: "Maria", After: "The candidate"},
				{Start: 14, End: 17, Before: "MIT", Flag: true},
			},
		}, []mark{{0, 0, 13}, {1, 22, 25}}},
		{"a removal", ReviewText{
			Original: "Yes, madam, it works.", Redacted: "Yes, it works.",
			Changes: []anonymize.Change{{Start: 5, End: 10, OutStart: 5, OutEnd: 5, Before: "madam", After: ""}},
		}, []mark{{0, 5, 5}}},
		{"a second pass moves the first's marks", ReviewText{
			// Pass 1: "Bo" -> "Person A" at 9; pass 2 (over pass 1's
			// output "Ask @bo, Person A.") "@bo" -> "[handle]" at 4.
			Original: "Ask @bo, Bo.", Redacted: "Ask [handle], Person A.",
			Changes: []anonymize.Change{
				{Start: 9, End: 11, OutStart: 9, OutEnd: 17, Before: "Bo", After: "Person A"},
				{Start: 4, End: 7, OutStart: 4, OutEnd: 12, Before: "@bo", After: "[handle]"},
			},
		}, []mark{{1, 4, 12}, {0, 14, 22}}},
		{"a change rewritten again by a later pass is not placed", ReviewText{
			Original: "Bo ran.", Redacted: "Person A ran.",
			Changes: []anonymize.Change{
				{Start: 0, End: 2, OutStart: 0, OutEnd: 3, Before: "Bo", After: "Bob"},
				{Start: 0, End: 3, OutStart: 0, OutEnd: 8, Before: "Bob", After: "Person A"},
			},
		}, []mark{{1, 0, 8}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := placeChanges(tc.text)
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(mark{})); diff != "" {
				t.Errorf("placeChanges (-want +got):\n%s", diff)
			}
			for _, m := range got {
				c := tc.text.Changes[m.change]
				want := c.After
				if c.Flag {
					want = c.Before
				}
				if tc.text.Redacted[m.start:m.end] != want {
					t.Errorf("mark %v covers %q, want %q", m, tc.text.Redacted[m.start:m.end], want)
				}
			}
		})
	}
}

// demoReviews redacts the sample organisation as `anonymize demo` does and
// returns each packet's review.
func demoReviews(t *testing.T) []ReviewPacket {
	t.Helper()
	var out []ReviewPacket
	for _, d := range demoRedacted(t, "review-test-secret-32-bytes-long") {
		out = append(out, NewReviewPacket(d.code, d.p, demoMeta))
	}
	return out
}

// On the demo's packets nearly every change is marked where it shows, and
// every mark covers the text the change wrote.
func TestReviewMarksDemoChanges(t *testing.T) {
	total, placed := 0, 0
	for _, rp := range demoReviews(t) {
		for _, text := range rp.Texts {
			marks := placeChanges(text)
			_, ok := markText(text.Redacted, marks, text.Changes, func(int) string { return "x" })
			total += len(text.Changes)
			placed += len(ok)
			for _, m := range marks {
				c := text.Changes[m.change]
				if want := map[bool]string{true: c.Before, false: c.After}[c.Flag]; ok[m.change] && text.Redacted[m.start:m.end] != want {
					t.Errorf("%s %s: mark of %q -> %q covers %q", rp.Code, text.Field, c.Before, c.After, text.Redacted[m.start:m.end])
				}
			}
		}
	}
	t.Logf("%d of %d changes marked in the text", placed, total)
	if total == 0 || placed*100 < total*95 {
		t.Errorf("%d of %d changes marked; want at least 95%%", placed, total)
	}
}

func TestWriteReview(t *testing.T) {
	dir := t.TempDir()
	rps := demoReviews(t)
	rps[1].Status, rps[1].Reason = "quarantined", "Not published: the leak gate found 1 hit(s)."
	rps[1].Leaks = []anonymize.Leak{{Field: "packet.md", Offset: 120, Kind: "email"}}
	rps[2].Unknown = []UnknownWord{{Word: "Zorblat", Field: "interviews[0].interviewersFeedback[0].notes", Context: "worked on Zorblat with the candidate"}}
	rps[2].UnknownReported = true
	rps[0].Unknown, rps[0].UnknownReported = nil, false // a record saved by a version that did not report them
	rps[1].Unknown = nil
	path := saveAndWriteReview(t, dir, rps)
	if path != filepath.Join(dir, ReviewPage) {
		t.Errorf("page at %s", path)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("review page mode %v (%v), want 0600: it names people", fi.Mode().Perm(), err)
	}
	b, _ := os.ReadFile(path)
	page := string(b)
	for _, want := range []string{
		"For the coordinator only", `href="#` + rps[0].Code + `"`, `class="first-change" href="#` + rps[0].Code + `-c1"`,
		`id="` + rps[0].Code + `-c1"`, "Why it is quarantined", "<td>packet.md</td><td class=\"n\">120</td><td>email</td>",
		"<td><code>Zorblat</code></td><td>interviews[0].interviewersFeedback[0].notes</td><td>worked on Zorblat with the candidate</td>", "Not reported by this version of the pipeline", `<p class="none">None.</p>`, "Changes by rule",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	if regexp.MustCompile(`(?i)<script|\ssrc=|<link|<img|<iframe|href="[^#]`).MatchString(page) {
		t.Error("the review page refers to something outside itself")
	}
	// The originals are there: it is the coordinator's page.
	if !strings.Contains(page, `<span class="before">`) {
		t.Error("no original is shown beside its change")
	}
}

// FuzzPlaceChanges: whatever offsets a change carries, placing and marking
// never panics, and every mark covers what its change says.
func FuzzPlaceChanges(f *testing.F) {
	f.Add("The candidate said they are done.", 0, 5, 0, 13, "Maria", "The candidate", false, 11, 17, 19, 27)
	f.Add("", -3, 99, 7, -1, "", "", true, 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, red string, s1, e1, o1, oe1 int, before, after string, flag bool, s2, e2, o2, oe2 int) {
		text := ReviewText{Redacted: red, Changes: []anonymize.Change{
			{Start: s1, End: e1, OutStart: o1, OutEnd: oe1, Before: before, After: after, Flag: flag},
			{Start: s2, End: e2, OutStart: o2, OutEnd: oe2, Before: before, After: after},
		}}
		marks := placeChanges(text)
		_, placed := markText(red, marks, text.Changes, func(i int) string { return "c" })
		for _, m := range marks {
			if !placed[m.change] {
				continue
			}
			c := text.Changes[m.change]
			if m.start == m.end {
				continue
			}
			if want := map[bool]string{true: c.Before, false: c.After}[c.Flag]; red[m.start:m.end] != want {
				t.Errorf("mark %v covers %q, want %q", m, red[m.start:m.end], want)
			}
		}
	})
}

package anonymize

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/anonymize/anonymize/rules"
)

// placeholderRow is a row of the README's table of placeholders: | `[age]`
// | what it stands for | yes |.
var placeholderRow = regexp.MustCompile("^\\|\\s*`(\\[[^\\]`]+\\])`\\s*\\|[^|]*\\|\\s*(yes|no)\\b")

// readmePlaceholders reads the README's table of every placeholder the
// default pack can write, and whether it may appear in a packet.
func readmePlaceholders(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := placeholderRow.FindStringSubmatch(sc.Text()); m != nil {
			out[m[1]] = m[2] == "yes"
		}
	}
	if len(out) == 0 {
		t.Fatal("README.md has no table of placeholders (rows like | `[age]` | ... | yes |)")
	}
	return out
}

// replacementTexts returns every text a rule can write in place of what it
// found.
func replacementTexts(r *rules.Rule) []string {
	var out []string
	if r.Swap != nil {
		for _, p := range r.Swap.Pairs {
			out = append(out, p.To)
		}
	}
	if r.Pattern != nil {
		for _, p := range r.Pattern.Patterns {
			out = append(out, p.Replace)
		}
	}
	if r.Sentence != nil {
		out = append(out, r.Sentence.Marker)
	}
	if r.Sequence != nil {
		for _, c := range r.Sequence.Cases {
			for _, o := range c.Then {
				out = append(out, o.Literal)
			}
		}
	}
	if r.Entity != nil {
		out = append(out, r.Entity.Candidate, r.Entity.Interviewer, r.Entity.Other, r.Entity.Places, r.Entity.Organizations)
	}
	if r.Action == rules.ActionRemove {
		out = append(out, RemovedMarker)
	}
	return out
}

var bracketed = regexp.MustCompile(`\[[^\]\[$]+\]`)

// TestEveryPlaceholderMayAppearInPackets fails on a placeholder of the
// default pack that the README's table does not list as one a packet may
// show: "[military service]" or "[origin]" would tell the committee the
// value of a protected trait.
func TestEveryPlaceholderMayAppearInPackets(t *testing.T) {
	allowed := readmePlaceholders(t)
	pack, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]bool{}
	for _, r := range pack.Rules {
		for _, text := range replacementTexts(r) {
			if r.Action == rules.ActionRemove && text != RemovedMarker && r.Sentence == nil {
				continue // a removing rule writes the marker, whatever its pairs say
			}
			for _, ph := range bracketed.FindAllString(text, -1) {
				written[ph] = true
				may, listed := allowed[ph]
				switch {
				case !listed:
					t.Errorf("rule %s writes %q, which the README's table of placeholders does not list", r.ID, ph)
				case !may:
					t.Errorf("rule %s writes %q, which the README says must never appear in a packet", r.ID, ph)
				}
			}
		}
	}
	// The engine itself writes one more, where a pack removes words it does
	// not understand.
	for _, ph := range bracketed.FindAllString(rules.UnknownMarker, -1) {
		written[ph] = true
		if may, listed := allowed[ph]; !listed || !may {
			t.Errorf("the engine writes %q, which the README's table does not allow in packets", ph)
		}
	}
	for ph, may := range allowed {
		if may && !written[ph] {
			t.Errorf("the README lists %q as a placeholder, but no default rule writes it", ph)
		}
	}
	if !strings.Contains(strings.Join(keys(written), " "), RemovedMarker) {
		t.Errorf("no default rule writes %q", RemovedMarker)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

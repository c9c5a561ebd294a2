package packet

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/anonymize/anonymize/fetch"
)

// Where a note repeated a name, redaction leaves the label twice: "Maria
// (Mary, she said)" becomes "The candidate (the candidate, they said)", and
// "(she goes by Mary)" becomes "(they go by the candidate)". The
// parenthetical then says nothing: CollapseEchoes takes it out.

// echoFillers are the words that may stand beside a label in a
// parenthetical that only echoes it.
var echoFillers = map[string]bool{
	"they": true, "she": true, "he": true, "said": true, "says": true, "say": true,
	"goes": true, "go": true, "going": true, "by": true, "aka": true, "a.k.a": true, "also": true,
	"known": true, "as": true, "called": true, "call": true, "calls": true, "prefers": true,
	"prefer": true, "preferred": true, "nickname": true, "named": true, "or": true, "i.e": true,
	"spelled": true, "spelt": true, "sometimes": true, "usually": true, "formerly": true,
	"introduced": true, "introduces": true, "themselves": true, "themself": true,
}

var markupTagRE = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*>`)

var parenRE = regexp.MustCompile(`[ \t]*\(([^()\n]{1,120})\)`)

// CollapseEchoes removes from text every parenthetical that holds one of
// labels and nothing else but words such as "they said", "goes by", "aka"
// and punctuation, when it either has such words or follows the same label
// in its sentence: "The candidate (the candidate, they said) wrote tests"
// becomes "The candidate wrote tests". A parenthetical that says who
// someone is ("their manager (Person B)") or anything more stays.
func CollapseEchoes(text string, labels []string) string {
	if !strings.Contains(text, "(") || len(labels) == 0 {
		return text
	}
	labels = append([]string(nil), labels...)
	sort.Slice(labels, func(i, j int) bool { return len(labels[i]) > len(labels[j]) })
	var alts []string
	for _, l := range labels {
		if strings.TrimSpace(l) != "" {
			alts = append(alts, regexp.QuoteMeta(strings.TrimSpace(l)))
		}
	}
	if len(alts) == 0 {
		return text
	}
	labelRE := regexp.MustCompile(`(?i)(^|[^\pL\pN])(` + strings.Join(alts, "|") + `)([^\pL\pN]|$)`)
	var b strings.Builder
	last := 0
	for _, m := range parenRE.FindAllStringSubmatchIndex(text, -1) {
		content := text[m[2]:m[3]]
		found := labelRE.FindAllStringSubmatch(content, -1)
		if len(found) == 0 {
			continue
		}
		label := strings.ToLower(found[0][2])
		// Markup around the words ("<b>the candidate</b>") says nothing.
		rest := labelRE.ReplaceAllString(markupTagRE.ReplaceAllString(content, " "), "$1 $3")
		fillers, other := false, false
		for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && r != '\'' }) {
			w = strings.ToLower(strings.Trim(w, ".'"))
			switch {
			case w == "":
			case echoFillers[w]:
				fillers = true
			default:
				other = true
			}
		}
		if other {
			continue
		}
		for _, f := range found[1:] {
			if strings.ToLower(f[2]) != label {
				other = true // two different people: not an echo
			}
		}
		if other {
			continue
		}
		before := text[:m[0]]
		if i := strings.LastIndexAny(before, ".!?\n"); i >= 0 {
			before = before[i+1:]
		}
		if !fillers && !strings.Contains(strings.ToLower(before), label) {
			continue
		}
		if prev := lastLabel(labelRE, before); prev != "" && prev != label {
			continue // "Person A (or Person B, they said)": two people
		}
		b.WriteString(text[last:m[0]])
		last = m[1]
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// collapseEchoes applies CollapseEchoes to every free text of interviews
// (already copies), with the labels the packet uses: its pseudonyms and
// the interviewers' role names.
func collapseEchoes(interviews []fetch.LiveInterview, labels []string) {
	for i := range interviews {
		for j := range interviews[i].InterviewersFeedback {
			fb := &interviews[i].InterviewersFeedback[j]
			if n := fb.Author.Profile.Name; n != "" {
				labels = append(labels, n)
			}
		}
	}
	for i := range interviews {
		for j := range interviews[i].InterviewersFeedback {
			fb := &interviews[i].InterviewersFeedback[j]
			fb.Notes = CollapseEchoes(fb.Notes, labels)
			if fb.Evaluation != nil {
				s := CollapseEchoes(*fb.Evaluation, labels)
				fb.Evaluation = &s
			}
			for c := range fb.Categories {
				for a := range fb.Categories[c].Attributes {
					at := &fb.Categories[c].Attributes[a]
					at.Notes = CollapseEchoes(at.Notes, labels)
				}
			}
		}
	}
}

// lastLabel returns the label text ends with (lower-cased), or "".
func lastLabel(labelRE *regexp.Regexp, text string) string {
	text = strings.TrimRight(text, " \t,")
	all := labelRE.FindAllStringSubmatchIndex(text, -1)
	if len(all) == 0 {
		return ""
	}
	m := all[len(all)-1]
	if strings.TrimSpace(text[m[5]:]) != "" {
		return ""
	}
	return strings.ToLower(text[m[4]:m[5]])
}

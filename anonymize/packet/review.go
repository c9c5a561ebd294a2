package packet

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/anonymize/anonymize/anonymize"
)

// The review page is the coordinator's last look before packets go to the
// committee: for each packet, every redacted text with each change marked
// and its original shown on hover (or when a link leads to it), the leak
// gate's findings for a quarantined packet, counts by rule and category,
// and the words the pipeline kept without understanding them. It holds
// originals, names included, so it is written only into a coordinator's
// folder (WriteReview), never into the committee's.

// Files of the review, in the coordinator's folder.
const (
	ReviewPage = "review.html"
	ReviewDir  = "review" // one <code>.json a packet, read back to build the page
)

// ReviewPacket is one packet as the review page shows it.
type ReviewPacket struct {
	Code string `json:"code"`
	// Status is how the packet's last preparation ended ("done",
	// "quarantined"); Reason says why it is not published, if it is not.
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	// Prepared is when the packet was prepared.
	Prepared time.Time `json:"prepared"`
	// Interviews counts the held interviews in the packet.
	Interviews int `json:"interviews"`
	// Texts are the packet's free texts with their changes.
	Texts []ReviewText `json:"texts"`
	// Leaks are what the leak gate found (kind and place, never the text).
	Leaks []anonymize.Leak `json:"leaks,omitempty"`
	// Unknown lists words the pipeline kept without knowing what they are
	// (neither a dictionary word, nor a known name, nor an allowed term),
	// when UnknownReported says the pipeline reports them; the page says
	// when it does not.
	Unknown         []UnknownWord `json:"unknown,omitempty"`
	UnknownReported bool          `json:"unknownReported,omitempty"`
}

// UnknownWord is a word the pipeline kept without knowing what it is, with
// where and in what words it stands, so that the coordinator can judge it.
type UnknownWord struct {
	Word    string `json:"word"`
	Field   string `json:"field"`   // as Leak.Field
	Context string `json:"context"` // the redacted words around it
}

// ReviewText is one free text: where it is in the packet, as a reader
// would say it, and its text and changes.
type ReviewText struct {
	Field    string             `json:"field"`
	Where    string             `json:"where"` // "Interview 1 · Interviewer B · notes"
	Original string             `json:"original"`
	Redacted string             `json:"redacted"`
	Changes  []anonymize.Change `json:"changes"`
}

// NewReviewPacket makes the review of a redacted packet. Status and Reason
// are the caller's to set once it knows whether the packet was published.
func NewReviewPacket(code string, p anonymize.Packet, meta Meta) ReviewPacket {
	rp := ReviewPacket{Code: code, Status: "done", Prepared: meta.Prepared, Interviews: len(p.Interviews), Leaks: p.Leaks}
	for _, t := range p.Texts {
		rp.Texts = append(rp.Texts, ReviewText{Field: t.Field, Where: fieldWhere(t.Field, p), Original: t.Original, Redacted: t.Redacted, Changes: t.Changes})
	}
	// The pipeline reports the words it kept without knowing what they
	// are; the page lists them with where they stand.
	rp.UnknownReported = true
	for _, u := range p.Unknown {
		w := u.Word
		if u.Removed {
			w += " (removed)"
		}
		rp.Unknown = append(rp.Unknown, UnknownWord{Word: w, Field: fieldWhere(u.Field, p), Context: u.Context})
	}
	return rp
}

var fieldRE = regexp.MustCompile(`^interviews\[(\d+)\]\.interviewersFeedback\[(\d+)\]\.(?:categories\[(\d+)\]\.attributes\[(\d+)\]\.)?(notes|evaluation)$`)

// fieldWhere names a field of a packet as a reader would.
func fieldWhere(field string, p anonymize.Packet) string {
	m := fieldRE.FindStringSubmatch(field)
	if m == nil {
		return field
	}
	i, _ := strconv.Atoi(m[1])
	j, _ := strconv.Atoi(m[2])
	parts := []string{"Interview " + strconv.Itoa(i+1)}
	if i < len(p.Interviews) && j < len(p.Interviews[i].InterviewersFeedback) {
		fb := p.Interviews[i].InterviewersFeedback[j]
		parts = append(parts, orDefault(fb.Author.Profile.Name, "Interviewer"))
		if m[3] != "" {
			c, _ := strconv.Atoi(m[3])
			a, _ := strconv.Atoi(m[4])
			if c < len(fb.Categories) && a < len(fb.Categories[c].Attributes) {
				parts = append(parts, fb.Categories[c].Name+" / "+fb.Categories[c].Attributes[a].Name)
			}
		}
	}
	return strings.Join(append(parts, m[5]), " · ")
}

// SaveReview records a packet's review in dir/review/<code>.json (mode
// 0600), replacing an earlier one, so that the page can show packets a
// later run left unchanged. dir is the coordinator's folder.
func SaveReview(dir string, rp ReviewPacket) error {
	if err := checkCode(rp.Code); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	rdir := filepath.Join(dir, ReviewDir)
	if err := os.MkdirAll(rdir, 0o700); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	data, err := json.MarshalIndent(rp, "", "  ")
	if err != nil {
		return fmt.Errorf("review of %s: %w", rp.Code, err)
	}
	// One writer a code at a time (the candidate's preparation), so what
	// a killed run left for this code can go.
	if _, err := CleanTempOf(rdir, rp.Code+".json"); err != nil {
		return fmt.Errorf("review of %s: %w", rp.Code, err)
	}
	if err := WriteFileAtomic(filepath.Join(rdir, rp.Code+".json"), append(data, '\n'), privateMode); err != nil {
		return fmt.Errorf("review of %s: %w", rp.Code, err)
	}
	return nil
}

// LoadReviews reads every packet review recorded in dir, sorted by code.
func LoadReviews(dir string) ([]ReviewPacket, error) {
	files, err := filepath.Glob(filepath.Join(dir, ReviewDir, "P-*.json"))
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	sort.Strings(files)
	var out []ReviewPacket
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("review: %w", err)
		}
		var rp ReviewPacket
		if err := json.Unmarshal(data, &rp); err != nil {
			return nil, fmt.Errorf("review: %s: %w", f, err)
		}
		out = append(out, rp)
	}
	return out, nil
}

// WriteReview writes dir/review.html (mode 0600) from every review
// recorded in dir and returns its path. dir is the coordinator's folder,
// never the committee's: the page shows originals.
//
// Writers sharing dir (batch shards) take turns through dir/.review.lock, so
// that the page written last holds every review recorded before it.
func WriteReview(dir string, title string) (string, error) {
	if err := os.MkdirAll(dir, packetDirMode); err != nil {
		return "", fmt.Errorf("review page: %w", err)
	}
	unlock, err := lockFile(filepath.Join(dir, ".review.lock"))
	if err != nil {
		return "", fmt.Errorf("review page: %w", err)
	}
	defer unlock()
	if _, err := CleanTempOf(dir, ReviewPage); err != nil {
		return "", fmt.Errorf("review page: %w", err)
	}
	rps, err := LoadReviews(dir)
	if err != nil {
		return "", err
	}
	page, err := RenderReview(title, rps)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, ReviewPage)
	if err := WriteFileAtomic(path, page, privateMode); err != nil {
		return "", fmt.Errorf("review page: %w", err)
	}
	return path, nil
}

// WriteReviewEncrypted writes the review page of rps to path (mode 0600,
// atomically), encrypted with age to recipients, for an output folder whose
// key is encrypted: a page in clear would say who is who. The plaintext
// exists only in memory; read it with age -d -i IDENTITY_FILE.
func WriteReviewEncrypted(path, title string, rps []ReviewPacket, recipients []age.Recipient) error {
	if len(recipients) == 0 {
		return errors.New("review page: no recipients to encrypt to")
	}
	sort.Slice(rps, func(i, j int) bool { return rps[i].Code < rps[j].Code })
	page, err := RenderReview(title, rps)
	if err != nil {
		return err
	}
	defer clear(page)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, recipients...)
	if err != nil {
		return fmt.Errorf("review page: encrypt: %w", err)
	}
	if _, err := w.Write(page); err != nil {
		return fmt.Errorf("review page: encrypt: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("review page: encrypt: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("review page: %w", err)
	}
	if err := WriteFileAtomic(path, buf.Bytes(), privateMode); err != nil {
		return fmt.Errorf("review page: %w", err)
	}
	return nil
}

//go:embed review.html.tmpl
var reviewTemplateText string

var reviewTemplate = template.Must(template.New("review.html").Parse(reviewTemplateText))

type reviewView struct {
	Title      string
	Packets    []reviewPacketView
	Categories []string // every category with a change, for the summary's columns
}

type reviewPacketView struct {
	ReviewPacket
	Changes     int
	Flagged     int
	ByRule      []countView
	ByCategory  map[string]int
	Texts       []reviewTextView
	FirstChange string // anchor of the first marked change, "" when none
	Unplaced    int
}

type countView struct {
	Name  string
	Count int
}

type reviewTextView struct {
	Where   string
	Anchor  string
	Body    template.HTML
	Changes []changeView
}

type changeView struct {
	N                       int
	Anchor                  string // "" when the change could not be placed in the text
	Rule, Category          string
	Before, After           string
	Flag, Removed, Repeated bool
}

// RenderReview renders the review page of the given packets.
func RenderReview(title string, rps []ReviewPacket) ([]byte, error) {
	v := reviewView{Title: title}
	cats := map[string]bool{}
	for _, rp := range rps {
		pv := reviewPacketView{ReviewPacket: rp, ByCategory: map[string]int{}}
		byRule := map[string]int{}
		n := 0
		for ti, t := range rp.Texts {
			tv := reviewTextView{Where: t.Where, Anchor: fmt.Sprintf("%s-t%d", rp.Code, ti+1)}
			marks := placeChanges(t)
			body, placed := markText(t.Redacted, marks, t.Changes, func(i int) string { return fmt.Sprintf("%s-c%d", rp.Code, n+i+1) })
			tv.Body = body
			for i, c := range t.Changes {
				cv := changeView{N: n + i + 1, Rule: c.Rule, Category: c.Category, Before: c.Before, After: c.After, Flag: c.Flag, Removed: !c.Flag && c.After == ""}
				if placed[i] {
					cv.Anchor = fmt.Sprintf("%s-c%d", rp.Code, n+i+1)
					if pv.FirstChange == "" {
						pv.FirstChange = cv.Anchor
					}
				} else {
					pv.Unplaced++
				}
				if c.Flag {
					pv.Flagged++
				} else {
					pv.Changes++
					byRule[c.Rule]++
					cat := orDefault(c.Category, "other")
					pv.ByCategory[cat]++
					cats[cat] = true
				}
				tv.Changes = append(tv.Changes, cv)
			}
			n += len(t.Changes)
			pv.Texts = append(pv.Texts, tv)
		}
		for r, k := range byRule {
			pv.ByRule = append(pv.ByRule, countView{r, k})
		}
		sort.Slice(pv.ByRule, func(i, j int) bool {
			if pv.ByRule[i].Count != pv.ByRule[j].Count {
				return pv.ByRule[i].Count > pv.ByRule[j].Count
			}
			return pv.ByRule[i].Name < pv.ByRule[j].Name
		})
		v.Packets = append(v.Packets, pv)
	}
	for c := range cats {
		v.Categories = append(v.Categories, c)
	}
	sort.Strings(v.Categories)
	var buf bytes.Buffer
	if err := reviewTemplate.Execute(&buf, v); err != nil {
		return nil, fmt.Errorf("render review page: %w", err)
	}
	return buf.Bytes(), nil
}

// mark is where a change shows in the redacted text.
type mark struct {
	change     int // index in the text's changes
	start, end int // in the redacted text; start == end for a removal
}

// placeChanges finds where each change of a text shows in its redacted
// form. A change of the first pass is at OutStart..OutEnd of that pass's
// output, a flagged finding at Start..End of the original; later passes
// over changed sentences moved text, so each position is carried through
// them. A change whose text is not where it should be (a later pass
// rewrote it again) is left unplaced: it is listed, not marked.
func placeChanges(t ReviewText) []mark {
	// Split the changes into passes: within a pass, changes are in order
	// and do not overlap; a change that goes back starts the next pass.
	var passes [][]int
	var flags []int
	prevEnd, prevOut := -1, -1
	for i, c := range t.Changes {
		if c.Flag {
			flags = append(flags, i)
			continue
		}
		if len(passes) == 0 || c.Start < prevEnd || c.OutStart < prevOut {
			passes = append(passes, nil)
		}
		passes[len(passes)-1] = append(passes[len(passes)-1], i)
		prevEnd, prevOut = c.End, c.OutEnd
	}
	// carry moves a position of pass k's input through passes k.. (its
	// own and every later one).
	carry := func(pos, from int) int {
		for _, pass := range passes[from:] {
			shift := 0
			for _, i := range pass {
				c := t.Changes[i]
				if c.End <= pos {
					shift = c.OutEnd - c.End
					continue
				}
				if c.Start < pos {
					shift = c.OutEnd - pos // inside a rewritten span: its end
				}
				break
			}
			pos += shift
		}
		return pos
	}
	var marks []mark
	for k, pass := range passes {
		for _, i := range pass {
			c := t.Changes[i]
			s, e := carry(c.OutStart, k+1), carry(c.OutEnd, k+1)
			if c.After == "" {
				if s >= 0 && s <= len(t.Redacted) {
					marks = append(marks, mark{i, s, s})
				}
				continue
			}
			if s, e, ok := locate(t.Redacted, c.After, s, e); ok {
				marks = append(marks, mark{i, s, e})
			}
		}
	}
	for _, i := range flags {
		c := t.Changes[i]
		s, e := carry(c.Start, 0), carry(c.End, 0)
		if s, e, ok := locate(t.Redacted, c.Before, s, e); ok {
			marks = append(marks, mark{i, s, e})
		}
	}
	sort.SliceStable(marks, func(a, b int) bool {
		if marks[a].start != marks[b].start {
			return marks[a].start < marks[b].start
		}
		return marks[a].end > marks[b].end
	})
	return marks
}

// locate checks that want is at s..e of text, or finds it close by (a
// removed word's closed gap shifts what follows by a character or two).
func locate(text, want string, s, e int) (int, int, bool) {
	if want == "" {
		return 0, 0, false
	}
	if s >= 0 && e <= len(text) && s <= e && text[s:e] == want {
		return s, e, true
	}
	const slack = 8
	lo, hi := max(0, s-slack), min(len(text), s+len(want)+slack)
	if lo >= hi {
		return 0, 0, false
	}
	best := -1
	for off := strings.Index(text[lo:hi], want); off >= 0; {
		at := lo + off
		if best < 0 || abs(at-s) < abs(best-s) {
			best = at
		}
		next := strings.Index(text[at+1:hi], want)
		if next < 0 {
			break
		}
		off = at + 1 + next - lo
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, best + len(want), true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// markText renders a redacted text with its marks as HTML: each mark a
// <mark> with an id to link to, the new text, and the original beside it
// (shown on hover and when a link leads to it; also its title). Overlapping
// marks after the first are left out. It reports which changes were placed.
func markText(text string, marks []mark, changes []anonymize.Change, anchor func(change int) string) (template.HTML, map[int]bool) {
	var b strings.Builder
	placed := map[int]bool{}
	last := 0
	for _, m := range marks {
		if m.start < last {
			continue
		}
		c := changes[m.change]
		b.WriteString(template.HTMLEscapeString(text[last:m.start]))
		placed[m.change] = true
		class, title := "c", fmt.Sprintf("%s → %s (%s)", c.Before, c.After, c.Rule)
		switch {
		case c.Flag:
			class, title = "c flag", fmt.Sprintf("flagged, left as written (%s)", c.Rule)
		case m.start == m.end:
			class, title = "c removed", fmt.Sprintf("removed: %s (%s)", c.Before, c.Rule)
		}
		fmt.Fprintf(&b, `<mark id="%s" class="%s" title="%s">`, anchor(m.change), class, template.HTMLEscapeString(title))
		if m.start == m.end {
			b.WriteString(`<span class="after">⌫</span>`)
		} else {
			fmt.Fprintf(&b, `<span class="after">%s</span>`, template.HTMLEscapeString(text[m.start:m.end]))
		}
		if !c.Flag {
			fmt.Fprintf(&b, `<span class="before">%s</span>`, template.HTMLEscapeString(c.Before))
		}
		b.WriteString(`</mark>`)
		last = m.end
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String()), placed
}

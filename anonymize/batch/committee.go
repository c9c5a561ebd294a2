package batch

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/yamlpos"
)

// Committee is a committee file: one meeting and the candidates whose
// packets it needs.
//
//	meeting: Backend hiring committee        # shown in every packet's header
//	date: 2025-03-14 15:00                   # YYYY-MM-DD, YYYY-MM-DD HH:MM (local time) or RFC 3339
//	out: packets/2025-03-14                  # relative to this file's folder
//	rules: [../our-rules]                    # extra rule packs, relative to this file's folder
//	concurrency: 8                           # candidates prepared at once (1 to 64)
//	prepare_before: 12h                      # service mode: prepare this long before the meeting
//	candidates:
//	  - maria@example.com
//	  - grace.oyelaran@example.com
//
// Only meeting and candidates are required. Unknown keys are errors.
type Committee struct {
	// File is the committee file's path as given.
	File    string
	Meeting string
	// Date is the meeting's date (midnight local time when only a day was
	// given; see HasTime); zero when the file gives none.
	Date    time.Time
	HasTime bool
	// Candidates are the candidates' emails as written, in file order.
	Candidates []string
	// Out and Rules are resolved against the committee file's folder; Out
	// is empty when the file gives none.
	Out   string
	Rules []string
	// Coordinator is the coordinator-only folder (resolved like Out);
	// empty when the file gives none.
	Coordinator string
	// Concurrency is 0 when the file gives none.
	Concurrency int
	// PrepareBefore is how long before the meeting a service prepares the
	// packets; 0 when the file gives none.
	PrepareBefore time.Duration
}

// Title is what packets show as their committee: the meeting and its date.
func (c Committee) Title() string {
	if c.Date.IsZero() {
		return c.Meeting
	}
	return c.Meeting + ", " + c.Date.Format("2006-01-02")
}

// LoadCommittee reads and checks a committee file. Every problem is
// reported at once (yamlpos.Errors), each with file:line:col.
func LoadCommittee(path string) (Committee, error) {
	data, err := rules.ReadConfigFile(path)
	if err != nil {
		return Committee{}, fmt.Errorf("committee file: %w", err)
	}
	return ParseCommittee(path, data, time.Local)
}

// committeeKeys are the keys a committee file may have.
var committeeKeys = []string{"meeting", "date", "candidates", "out", "coordinator", "rules", "concurrency", "prepare_before"}

// MaxConcurrency bounds a committee file's concurrency: beyond it a batch is
// bound by the API's rate limit anyway, and memory grows with it.
const MaxConcurrency = 64

// ParseCommittee checks a committee file's content; path names it in
// errors and anchors its relative paths; loc is the time zone of dates
// without one.
func ParseCommittee(path string, data []byte, loc *time.Location) (Committee, error) {
	c := Committee{File: path}
	d := &committeeDecoder{Decoder: yamlpos.Decoder{File: path}, base: filepath.Dir(path)}
	root, _, perr := yamlpos.Parse(path, data)
	switch {
	case perr != nil:
		return c, yamlpos.Errors{perr}
	case root == nil:
		d.At(nil, "", "the file is empty; want at least meeting and candidates")
		return c, d.Errs
	case root.Kind != yaml.MappingNode:
		d.At(root, "", "want a mapping with %s, got %s", strings.Join(committeeKeys, ", "), yamlpos.Describe(root))
		return c, d.Errs
	}
	f := d.Fields(root, "", committeeKeys...)
	if n, ok := f["meeting"]; ok {
		c.Meeting = d.Text(n, "meeting")
	} else {
		d.At(root, "meeting", "missing; say which meeting the packets are for")
	}
	if n, ok := f["date"]; ok {
		c.Date, c.HasTime = d.date(n, loc)
	}
	if n, ok := f["candidates"]; ok {
		c.Candidates = d.emails(n)
	} else {
		d.At(root, "candidates", "missing; list the candidates' emails")
	}
	c.Out = d.path(f, "out")
	c.Coordinator = d.path(f, "coordinator")
	if n, ok := f["rules"]; ok {
		for _, s := range d.Texts(n, "rules") {
			c.Rules = append(c.Rules, ResolvePath(d.base, s))
		}
	}
	if n, ok := f["concurrency"]; ok {
		c.Concurrency, _ = d.Int(n, "concurrency", 1, MaxConcurrency)
	}
	if n, ok := f["prepare_before"]; ok {
		c.PrepareBefore = d.prepareBefore(n, f["date"] != nil)
	}
	d.Errs.Sort()
	return c, d.Errs.Err()
}

// committeeDecoder reads a committee file's values; base is the file's
// folder, against which its paths are resolved.
type committeeDecoder struct {
	yamlpos.Decoder
	base string
}

func (d *committeeDecoder) date(n *yaml.Node, loc *time.Location) (time.Time, bool) {
	s := d.Str(n, "date")
	if s == "" {
		return time.Time{}, false
	}
	t, hasTime, err := ParseMeetingDate(s, loc)
	if err != nil {
		d.At(n, "date", "%v", err)
	}
	return t, hasTime
}

// path is the folder under key, resolved; "" when the file gives none.
func (d *committeeDecoder) path(f map[string]*yaml.Node, key string) string {
	n, ok := f[key]
	if !ok {
		return ""
	}
	if s := d.Text(n, key); s != "" {
		return ResolvePath(d.base, s)
	}
	return ""
}

func (d *committeeDecoder) prepareBefore(n *yaml.Node, hasDate bool) time.Duration {
	s := d.Str(n, "prepare_before")
	if s == "" {
		return 0
	}
	dur, err := fetch.ParseSince(s)
	if err != nil {
		d.At(n, "prepare_before", "want a positive duration such as 12h, 1d or 90m, got %q", s)
		return 0
	}
	if !hasDate {
		d.At(n, "prepare_before", "needs the meeting's date (date: YYYY-MM-DD HH:MM)")
	}
	return dur
}

// ParseMeetingDate reads a meeting's date: RFC 3339, or YYYY-MM-DD HH:MM
// (or with a T) or YYYY-MM-DD in loc. hasTime is false for a day alone.
func ParseMeetingDate(s string, loc *time.Location) (t time.Time, hasTime bool, err error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, false, nil
	}
	return time.Time{}, false, fmt.Errorf("%q is not a date; want YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (2025-03-14T15:00:00+01:00)", s)
}

// ResolvePath is the path p of a file in folder base: p itself (cleaned)
// when absolute, else relative to base.
func ResolvePath(base, p string) string {
	p = strings.TrimSpace(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(base, p)
}

// emails checks the candidates list: each an email, none twice (emails
// compare case-insensitively, as CodeSignal's do).
func (d *committeeDecoder) emails(n *yaml.Node) []string {
	if n.Kind != yaml.SequenceNode {
		d.At(n, "candidates", "want a list of emails, got %s", yamlpos.Describe(n))
		return nil
	}
	if len(n.Content) == 0 {
		d.At(n, "candidates", "the list is empty")
		return nil
	}
	seen := map[string]*yaml.Node{}
	var out []string
	for i, e := range n.Content {
		where := fmt.Sprintf("candidates[%d]", i)
		if !yamlpos.IsString(e) {
			d.Str(e, where)
			continue
		}
		s := strings.TrimSpace(e.Value)
		if s == "" {
			d.At(e, where, "empty email")
			continue
		}
		if !looksLikeEmail(s) {
			// The value is not repeated: messages go to logs, and logs
			// name candidates by packet code only.
			d.At(e, where, "not an email (want name@domain)")
			continue
		}
		k := strings.ToLower(s)
		if first, dup := seen[k]; dup {
			d.At(e, where, "the same email is listed twice (first at line %d)", first.Line)
			continue
		}
		seen[k] = e
		out = append(out, s)
	}
	return out
}

func looksLikeEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t<>,;") &&
		!strings.Contains(domain, "@") && strings.Contains(domain, ".") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

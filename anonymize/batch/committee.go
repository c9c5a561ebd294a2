package batch

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
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

// PrepareAt is when a service should prepare the packets: PrepareBefore
// before the meeting. ok is false when the file says no date or no
// prepare_before.
func (c Committee) PrepareAt() (t time.Time, ok bool) {
	if c.Date.IsZero() || c.PrepareBefore == 0 {
		return time.Time{}, false
	}
	return c.Date.Add(-c.PrepareBefore), true
}

// CommitteeError is one problem of a committee file, with its place.
type CommitteeError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *CommitteeError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// CommitteeErrors are every problem of a committee file, in file order.
type CommitteeErrors []*CommitteeError

func (es CommitteeErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// LoadCommittee reads and checks a committee file. Every problem is
// reported at once (CommitteeErrors), each with file:line:col.
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
	d := &cdecoder{file: path}
	c := Committee{File: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			d.at(nil, "%s", strings.Join(te.Errors, "; "))
		} else {
			// yaml.v3's syntax errors read "yaml: line N: ..."; keep the
			// place in our own form.
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			line := 1
			if rest, ok := strings.CutPrefix(msg, "line "); ok {
				if i := strings.Index(rest, ":"); i > 0 {
					if n, err := strconv.Atoi(rest[:i]); err == nil {
						line, msg = n, strings.TrimSpace(rest[i+1:])
					}
				}
			}
			d.errs = append(d.errs, &CommitteeError{File: path, Line: line, Col: 1, Msg: msg})
		}
		return c, d.errs
	}
	if len(doc.Content) == 0 {
		d.at(nil, "the file is empty; want at least meeting and candidates")
		return c, d.errs
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.at(root, "want a mapping with %s, got %s", strings.Join(committeeKeys, ", "), rules.DescribeNode(root))
		return c, d.errs
	}
	fields := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !contains(committeeKeys, k.Value) {
			known := append([]string(nil), committeeKeys...)
			sort.Strings(known)
			d.at(k, "%s: unknown key (known: %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		if _, dup := fields[k.Value]; dup {
			d.at(k, "%s: duplicate key", k.Value)
			continue
		}
		fields[k.Value] = v
	}
	base := filepath.Dir(path)

	if n, ok := fields["meeting"]; ok {
		c.Meeting = strings.TrimSpace(d.str(n, "meeting"))
		if c.Meeting == "" && isString(n) {
			d.at(n, "meeting: must not be empty")
		}
	} else {
		d.at(root, "meeting: missing; say which meeting the packets are for")
	}
	if n, ok := fields["date"]; ok {
		s := d.str(n, "date")
		if s != "" {
			t, hasTime, err := parseMeetingDate(s, loc)
			if err != nil {
				d.at(n, "date: %v", err)
			}
			c.Date, c.HasTime = t, hasTime
		}
	}
	if n, ok := fields["candidates"]; ok {
		c.Candidates = d.emails(n)
	} else {
		d.at(root, "candidates: missing; list the candidates' emails")
	}
	if n, ok := fields["out"]; ok {
		if s := strings.TrimSpace(d.str(n, "out")); s != "" {
			c.Out = resolve(base, s)
		} else if isString(n) {
			d.at(n, "out: must not be empty")
		}
	}
	if n, ok := fields["coordinator"]; ok {
		if s := strings.TrimSpace(d.str(n, "coordinator")); s != "" {
			c.Coordinator = resolve(base, s)
		} else if isString(n) {
			d.at(n, "coordinator: must not be empty")
		}
	}
	if n, ok := fields["rules"]; ok {
		for i, s := range d.strs(n, "rules") {
			if strings.TrimSpace(s) == "" {
				d.at(n.Content[i], "rules[%d]: must not be empty", i)
				continue
			}
			c.Rules = append(c.Rules, resolve(base, s))
		}
	}
	if n, ok := fields["concurrency"]; ok {
		v, err := strconv.Atoi(n.Value)
		switch {
		case n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil:
			d.at(n, "concurrency: want a whole number from 1 to %d, got %s", MaxConcurrency, rules.DescribeNode(n))
		case v < 1 || v > MaxConcurrency:
			d.at(n, "concurrency: %d is out of range; want 1 to %d", v, MaxConcurrency)
		default:
			c.Concurrency = v
		}
	}
	if n, ok := fields["prepare_before"]; ok {
		if s := d.str(n, "prepare_before"); s != "" {
			dur, err := fetch.ParseSince(s)
			if err != nil {
				d.at(n, "prepare_before: want a positive duration such as 12h, 1d or 90m, got %q", s)
			} else {
				c.PrepareBefore = dur
				if _, ok := fields["date"]; !ok {
					d.at(n, "prepare_before: needs the meeting's date (date: YYYY-MM-DD HH:MM)")
				}
			}
		}
	}
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool {
			a, b := d.errs[i], d.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return c, d.errs
	}
	return c, nil
}

func parseMeetingDate(s string, loc *time.Location) (time.Time, bool, error) {
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

func resolve(base, p string) string {
	p = strings.TrimSpace(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(base, p)
}

// cdecoder collects a committee file's errors with their places.
type cdecoder struct {
	file string
	errs CommitteeErrors
}

func (d *cdecoder) at(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	d.errs = append(d.errs, &CommitteeError{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func isString(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!str"
}

func (d *cdecoder) str(n *yaml.Node, where string) string {
	// A date or a number written bare is still text to us: YAML tags
	// 2025-03-14 as a timestamp and 12 as an int.
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Tag == "!!bool" {
		d.at(n, "%s: want a string, got %s", where, rules.DescribeNode(n))
		return ""
	}
	return n.Value
}

func (d *cdecoder) strs(n *yaml.Node, where string) []string {
	if n.Kind != yaml.SequenceNode {
		d.at(n, "%s: want a list, got %s", where, rules.DescribeNode(n))
		return nil
	}
	out := make([]string, len(n.Content))
	for i, e := range n.Content {
		out[i] = d.str(e, fmt.Sprintf("%s[%d]", where, i))
	}
	return out
}

// emails checks the candidates list: each an email, none twice (emails
// compare case-insensitively, as CodeSignal's do).
func (d *cdecoder) emails(n *yaml.Node) []string {
	if n.Kind != yaml.SequenceNode {
		d.at(n, "candidates: want a list of emails, got %s", rules.DescribeNode(n))
		return nil
	}
	if len(n.Content) == 0 {
		d.at(n, "candidates: the list is empty")
		return nil
	}
	seen := map[string]*yaml.Node{}
	var out []string
	for i, e := range n.Content {
		where := fmt.Sprintf("candidates[%d]", i)
		s := strings.TrimSpace(d.str(e, where))
		if s == "" {
			if isString(e) {
				d.at(e, "%s: empty email", where)
			}
			continue
		}
		if e.Kind != yaml.ScalarNode {
			continue
		}
		if !looksLikeEmail(s) {
			// The value is not repeated: messages go to logs, and logs
			// name candidates by packet code only.
			d.at(e, "%s: not an email (want name@domain)", where)
			continue
		}
		k := strings.ToLower(s)
		if first, dup := seen[k]; dup {
			d.at(e, "%s: the same email is listed twice (first at line %d)", where, first.Line)
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

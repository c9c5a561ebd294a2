package service

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/anonymize/batch"
	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/webhook"
	"github.com/anonymize/anonymize/rules"
	"github.com/anonymize/anonymize/rules/yamlpos"
)

// Config is the file of `anonymize serve --config FILE`:
//
//	listen: 127.0.0.1:8080                  # HOST:PORT of the HTTP(S) server
//	out: /var/lib/anonymize/packets         # output root; each committee gets a folder in it
//	coordinator: /var/lib/anonymize/coord   # who is who, per committee (default: beside each committee's folder)
//	state: /var/lib/anonymize/state         # journal and schedule state (default: OUT/.service)
//	timezone: Europe/Berlin                 # for dates without a zone (default: the system's)
//	rules: [/etc/anonymize/rules]           # extra rule packs for every committee
//	max_note_size: 128KiB                   # a larger note fails its candidate (default 128KiB)
//	api:
//	  url: https://app.codesignal.com/graphql
//	  key_file: /run/secrets/codesignal-api-key   # default: $CODESIGNAL_API_KEY
//	webhook:
//	  url: https://hooks.example.com/webhooks/codesignal   # as registered with CodeSignal, byte for byte
//	  secret_file: /run/secrets/webhook-secret            # or secret_env (default CODESIGNAL_WEBHOOK_SECRET)
//	  max_age: 1h                           # older triggeredOn is refused
//	  acknowledge_stale: true               # answer stale events 200 without acting (see docs/service.md)
//	  max_body: 1MiB
//	committees:                             # as in committee files
//	  - meeting: Backend hiring committee
//	    date: 2025-03-14 15:00
//	    prepare_before: 12h
//	    out: backend-2025-03-14             # relative to the output root (default: from meeting and date)
//	    rules: [./backend-rules]
//	    candidates: [maria@example.com]
//
// Unknown keys and bad values are errors with file:line:col, all at once.
type Config struct {
	File   string
	Listen string
	Out    string
	// Coordinator is the root of the coordinator folders: a meeting's is
	// Coordinator/<its folder relative to Out> (see batch.Meeting.Coordinator).
	// Empty: each meeting's output folder's sibling.
	Coordinator string
	State       string
	Zone        *time.Location
	Rules       []string
	// MaxNote bounds each note in bytes (0: DefaultMaxNote).
	MaxNote int64

	APIURL     string
	APIKeyFile string

	WebhookURL       string
	SecretFile       string
	SecretEnv        string
	MaxAge           time.Duration
	AcknowledgeStale bool
	MaxBody          int64

	Meetings []batch.Meeting
}

// Defaults of Config.
const (
	DefaultListen    = "127.0.0.1:8080"
	DefaultSecretEnv = "CODESIGNAL_WEBHOOK_SECRET"
)

// Secret reads the webhook secret from SecretFile, else from the
// environment variable SecretEnv. Surrounding white space is trimmed.
func (c Config) Secret() ([]byte, error) {
	if c.SecretFile != "" {
		b, err := fetch.ReadSecretFile(c.SecretFile)
		if err != nil {
			return nil, fmt.Errorf("webhook secret: %w", err)
		}
		s := strings.TrimSpace(string(b))
		if s == "" {
			return nil, fmt.Errorf("webhook secret: %s is empty", c.SecretFile)
		}
		return []byte(s), nil
	}
	s := strings.TrimSpace(os.Getenv(c.SecretEnv))
	if s == "" {
		return nil, fmt.Errorf("webhook secret: set %s or webhook.secret_file in %s", c.SecretEnv, c.File)
	}
	return []byte(s), nil
}

// LoadConfig reads and checks a service file.
func LoadConfig(path string) (Config, error) {
	data, err := rules.ReadConfigFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("service config: %w", err)
	}
	return ParseConfig(path, data)
}

// serviceKeys, webhookKeys and meetingKeys are the keys of a service file,
// its webhook section and each of its committees.
var (
	serviceKeys = []string{"listen", "out", "coordinator", "state", "timezone", "rules", "max_note_size", "api", "webhook", "committees"}
	webhookKeys = []string{"url", "secret_file", "secret_env", "max_age", "acknowledge_stale", "max_body"}
	meetingKeys = []string{"meeting", "date", "candidates", "out", "rules", "concurrency", "prepare_before"}
)

// ParseConfig checks a service file's content; path names it in
// errors and anchors its relative paths.
func ParseConfig(path string, data []byte) (Config, error) {
	c := Config{File: path, Listen: DefaultListen, APIURL: fetch.DefaultAPIURL,
		SecretEnv: DefaultSecretEnv, AcknowledgeStale: true, MaxBody: webhook.DefaultMaxBody, Zone: time.Local}
	root, _, perr := yamlpos.Parse(path, data)
	switch {
	case perr != nil:
		return c, perr
	case root == nil:
		return c, fmt.Errorf("%s:1:1: empty: want at least out, webhook and committees", path)
	}
	d := &serviceDecoder{Decoder: yamlpos.Decoder{File: path}, base: filepath.Dir(path), c: &c}
	f := d.Fields(root, "", serviceKeys...)
	d.server(f)
	if n, ok := f["api"]; ok {
		d.api(n)
	}
	if n, ok := f["webhook"]; ok {
		d.webhook(n)
	}
	if f != nil {
		for _, req := range []string{"out", "webhook", "committees"} {
			if f[req] == nil {
				d.At(root, "", "%s is required", req)
			}
		}
	}
	if n, ok := f["committees"]; ok {
		d.committees(n)
	}
	if c.State == "" && c.Out != "" {
		c.State = filepath.Join(c.Out, ".service")
	}
	sort.SliceStable(c.Meetings, func(i, j int) bool { return c.Meetings[i].PrepareAt().Before(c.Meetings[j].PrepareAt()) })
	d.Errs.Sort()
	return c, d.Errs.Err()
}

// serviceDecoder fills c from a service file; base is the file's folder,
// against which its paths are resolved.
type serviceDecoder struct {
	yamlpos.Decoder
	base string
	c    *Config
}

// server reads the top-level keys but api, webhook and committees.
func (d *serviceDecoder) server(f map[string]*yaml.Node) {
	c := d.c
	if v, ok := f["listen"]; ok {
		c.Listen = d.Text(v, "listen")
		if _, port, err := net.SplitHostPort(c.Listen); c.Listen != "" && (err != nil || port == "") {
			d.At(v, "listen", "%q is not HOST:PORT", c.Listen)
		}
	}
	d.path(f, "out", &c.Out)
	d.path(f, "state", &c.State)
	d.path(f, "coordinator", &c.Coordinator)
	if v, ok := f["max_note_size"]; ok {
		c.MaxNote = d.size(v, "max_note_size")
	}
	if v, ok := f["timezone"]; ok {
		if s := d.Text(v, "timezone"); s != "" {
			loc, err := time.LoadLocation(s)
			if err != nil {
				d.At(v, "timezone", "unknown time zone %q", s)
			} else {
				c.Zone = loc
			}
		}
	}
	if v, ok := f["rules"]; ok {
		c.Rules = d.paths(v, "rules")
	}
}

func (d *serviceDecoder) api(n *yaml.Node) {
	f := d.Fields(n, "api", "url", "key_file")
	if v, ok := f["url"]; ok {
		d.c.APIURL = d.Text(v, "api.url")
		if d.c.APIURL != "" && !isHTTPURL(d.c.APIURL) {
			d.At(v, "api.url", "%q is not an http(s) URL", d.c.APIURL)
		}
	}
	d.path(f, "key_file", &d.c.APIKeyFile)
}

func (d *serviceDecoder) webhook(n *yaml.Node) {
	c := d.c
	f := d.Fields(n, "webhook", webhookKeys...)
	if f == nil {
		return
	}
	if v, ok := f["url"]; ok {
		c.WebhookURL = d.Text(v, "webhook.url")
		if c.WebhookURL != "" && !isHTTPURL(c.WebhookURL) {
			d.At(v, "webhook.url", "%q is not an http(s) URL (it must be the URL registered with CodeSignal, byte for byte)", c.WebhookURL)
		}
	} else {
		d.At(n, "webhook", "url is required (the endpoint URL registered with CodeSignal; the signature covers it)")
	}
	d.path(f, "secret_file", &c.SecretFile)
	if v, ok := f["secret_env"]; ok {
		c.SecretEnv = d.Text(v, "webhook.secret_env")
		if f["secret_file"] != nil {
			d.At(n, "webhook", "give secret_file or secret_env, not both")
		}
	}
	if v, ok := f["max_age"]; ok {
		c.MaxAge = d.duration(v, "webhook.max_age")
	}
	if v, ok := f["acknowledge_stale"]; ok {
		c.AcknowledgeStale = d.Bool(v, "webhook.acknowledge_stale")
	}
	if v, ok := f["max_body"]; ok {
		c.MaxBody = d.size(v, "webhook.max_body")
	}
}

// committees reads the meetings; each committee's folders are placed under
// the output and coordinator roots.
func (d *serviceDecoder) committees(n *yaml.Node) {
	c := d.c
	if n.Kind != yaml.SequenceNode {
		d.At(n, "committees", "want a list, got %s", yamlpos.Describe(n))
		return
	}
	names := map[string]*yaml.Node{}
	for i, mn := range n.Content {
		where := fmt.Sprintf("committees[%d]", i)
		m, ok := d.meeting(mn, where)
		if !ok {
			continue
		}
		if prev := names[m.Key()]; prev != nil {
			d.At(mn, where, "the same meeting as at line %d", prev.Line)
			continue
		}
		names[m.Key()] = mn
		if err := placeMeeting(&m, c.Out, c.Coordinator); err != nil {
			d.At(mn, where, "%v", err)
			continue
		}
		c.Meetings = append(c.Meetings, m)
	}
}

// placeMeeting puts the meeting's output folder under the output root
// (relative to it, or from its name and date when the file gives none) and
// its coordinator folder at the same place under the coordinator root.
func placeMeeting(m *batch.Meeting, out, coordinator string) error {
	if m.Out == "" {
		m.Out = filepath.Join(out, m.Slug())
	} else if !filepath.IsAbs(m.Out) {
		m.Out = filepath.Join(out, m.Out)
	}
	if coordinator == "" {
		return nil
	}
	rel, err := filepath.Rel(out, m.Out)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = filepath.Base(m.Out)
	}
	m.Coordinator = filepath.Join(coordinator, rel)
	return packet.CheckCoordinatorDir(m.Out, m.Coordinator)
}

// meeting reads one committee of the service file. Relative out stays
// relative (to the output root); relative rules are resolved against the
// service file's folder. ok is false when the committee has a problem.
func (d *serviceDecoder) meeting(n *yaml.Node, where string) (m batch.Meeting, ok bool) {
	before := len(d.Errs)
	f := d.Fields(n, where, meetingKeys...)
	if f == nil {
		return m, false
	}
	w := func(key string) string { return where + "." + key }
	if v, ok := f["meeting"]; ok {
		m.Name = d.Text(v, w("meeting"))
	}
	if v, ok := f["date"]; ok {
		m.At = d.meetingTime(v, w("date"))
	}
	if v, ok := f["candidates"]; ok {
		m.Candidates = d.candidates(v, w("candidates"))
	}
	if v, ok := f["out"]; ok {
		m.Out = d.Text(v, w("out"))
	}
	if v, ok := f["rules"]; ok {
		m.Rules = d.paths(v, w("rules"))
	}
	if v, ok := f["concurrency"]; ok {
		m.Concurrency, _ = d.Int(v, w("concurrency"), 1, batch.MaxConcurrency)
	}
	if v, ok := f["prepare_before"]; ok {
		m.PrepareBefore = d.duration(v, w("prepare_before"))
	}
	for _, req := range []string{"meeting", "date", "prepare_before", "candidates"} {
		if f[req] == nil {
			d.At(n, where, "%s is required in service mode", req)
		}
	}
	return m, len(d.Errs) == before
}

func (d *serviceDecoder) meetingTime(v *yaml.Node, where string) time.Time {
	s := d.Text(v, where)
	if s == "" {
		return time.Time{}
	}
	t, err := meetingTime(s, d.c.Zone)
	if err != nil {
		d.At(v, where, "%v", err)
	}
	return t
}

// candidates reads a committee's emails, each once (compared without case).
func (d *serviceDecoder) candidates(v *yaml.Node, where string) []string {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		d.At(v, where, "want a list of emails")
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for i, x := range v.Content {
		w := fmt.Sprintf("%s[%d]", where, i)
		s := d.Text(x, w)
		if s == "" {
			continue
		}
		at := strings.LastIndex(s, "@")
		if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t<>,") {
			d.At(x, w, "%q is not an email", s)
			continue
		}
		if seen[strings.ToLower(s)] {
			d.At(x, w, "%q listed twice", s)
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out
}

// path sets *dst to the path under key, resolved against the file's
// folder, when the file gives one.
func (d *serviceDecoder) path(f map[string]*yaml.Node, key string, dst *string) {
	if v, ok := f[key]; ok {
		if s := d.Text(v, key); s != "" {
			*dst = batch.ResolvePath(d.base, s)
		}
	}
}

// paths is a list of paths resolved against the file's folder.
func (d *serviceDecoder) paths(v *yaml.Node, where string) []string {
	var out []string
	for _, s := range d.Texts(v, where) {
		out = append(out, batch.ResolvePath(d.base, s))
	}
	return out
}

func (d *serviceDecoder) duration(v *yaml.Node, where string) time.Duration {
	s := d.Text(v, where)
	if s == "" {
		return 0
	}
	dur, err := parseServiceDuration(s)
	if err != nil || dur <= 0 {
		d.At(v, where, "%q is not a positive duration (like 90m, 12h or 2d)", s)
		return 0
	}
	return dur
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// parseServiceDuration is time.ParseDuration plus days ("2d", "1d12h").
func parseServiceDuration(s string) (time.Duration, error) {
	if i := strings.Index(s, "d"); i > 0 {
		var days int
		if _, err := fmt.Sscanf(s[:i], "%d", &days); err != nil || fmt.Sprint(days) != s[:i] {
			return 0, fmt.Errorf("bad days in %q", s)
		}
		rest := time.Duration(0)
		if s[i+1:] != "" {
			r, err := time.ParseDuration(s[i+1:])
			if err != nil {
				return 0, err
			}
			rest = r
		}
		return time.Duration(days)*24*time.Hour + rest, nil
	}
	return time.ParseDuration(s)
}

// size is a size in bytes from 1KiB to 64MiB (see batch.ParseSize).
func (d *serviceDecoder) size(v *yaml.Node, where string) int64 {
	s := d.Text(v, where)
	if s == "" {
		return 0
	}
	n, err := batch.ParseSize(s)
	if err != nil {
		d.At(v, where, "%v", err)
		return 0
	}
	if n < 1024 || n > 64<<20 {
		d.At(v, where, "%s is outside 1KiB..64MiB", s)
		return 0
	}
	return n
}

// meetingTime reads a meeting's date as committee files do
// (batch.ParseMeetingDate), but a meeting of the service needs a time of
// day: the preparation is timed from it.
func meetingTime(s string, zone *time.Location) (time.Time, error) {
	t, hasTime, err := batch.ParseMeetingDate(s, zone)
	switch {
	case err != nil:
		return time.Time{}, fmt.Errorf("%q is not a date and time; want YYYY-MM-DD HH:MM or RFC 3339", s)
	case !hasTime:
		return time.Time{}, fmt.Errorf("%q has no time of day; want YYYY-MM-DD HH:MM or RFC 3339", s)
	}
	return t, nil
}

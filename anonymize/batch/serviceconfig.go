package batch

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

// ServiceConfig is the file of `anonymize serve --config FILE`:
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
type ServiceConfig struct {
	File   string
	Listen string
	Out    string
	// Coordinator is the root of the coordinator folders: a meeting's is
	// Coordinator/<its folder relative to Out> (see Meeting.Coordinator).
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

	Meetings []Meeting
}

// Defaults of ServiceConfig.
const (
	DefaultListen    = "127.0.0.1:8080"
	DefaultSecretEnv = "CODESIGNAL_WEBHOOK_SECRET"
	DefaultMaxBody   = 1 << 20
)

// Secret reads the webhook secret from SecretFile, else from the
// environment variable SecretEnv. Surrounding white space is trimmed.
func (c ServiceConfig) Secret() ([]byte, error) {
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

// LoadServiceConfig reads and checks a service file.
func LoadServiceConfig(path string) (ServiceConfig, error) {
	data, err := rules.ReadConfigFile(path)
	if err != nil {
		return ServiceConfig{}, fmt.Errorf("service config: %w", err)
	}
	return ParseServiceConfig(path, data)
}

// svcErrors collects positioned errors.
type svcErrors struct {
	file string
	errs []string
}

func (e *svcErrors) at(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	e.errs = append(e.errs, fmt.Sprintf("%s:%d:%d: %s", e.file, line, col, fmt.Sprintf(format, args...)))
}

func (e *svcErrors) err() error {
	if len(e.errs) == 0 {
		return nil
	}
	return errors.New(strings.Join(e.errs, "\n"))
}

// svcFields walks a mapping node, reporting unknown and repeated keys.
func (e *svcErrors) svcFields(n *yaml.Node, where string, known []string, f func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		e.at(n, "%s: want a mapping of keys (%s)", where, strings.Join(known, ", "))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		switch {
		case !svcContains(known, name):
			e.at(k, "%sunknown key %q (known: %s)", svcPrefix(where), name, strings.Join(known, ", "))
		case seen[name]:
			e.at(k, "%s%s: given twice", svcPrefix(where), name)
		default:
			seen[name] = true
			f(name, k, v)
		}
	}
}

func svcPrefix(where string) string {
	if where == "" {
		return ""
	}
	return where + ": "
}

func svcContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (e *svcErrors) svcString(v *yaml.Node, where string) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || v.Tag == "!!map" || v.Tag == "!!seq" {
		e.at(v, "%s: want a string", where)
		return ""
	}
	if strings.TrimSpace(v.Value) == "" {
		e.at(v, "%s: empty", where)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (e *svcErrors) svcStrings(v *yaml.Node, where string) []string {
	if v.Kind != yaml.SequenceNode {
		e.at(v, "%s: want a list", where)
		return nil
	}
	var out []string
	for i, x := range v.Content {
		if s := e.svcString(x, fmt.Sprintf("%s[%d]", where, i)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (e *svcErrors) svcDuration(v *yaml.Node, where string) time.Duration {
	s := e.svcString(v, where)
	if s == "" {
		return 0
	}
	d, err := parseServiceDuration(s)
	if err != nil || d <= 0 {
		e.at(v, "%s: %q is not a positive duration (like 90m, 12h or 2d)", where, s)
		return 0
	}
	return d
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

var svcSizeRE = regexp.MustCompile(`^([0-9]+)\s*(B|KiB|MiB|KB|MB)?$`)

func (e *svcErrors) svcSize(v *yaml.Node, where string) int64 {
	s := e.svcString(v, where)
	m := svcSizeRE.FindStringSubmatch(s)
	if m == nil {
		if s != "" {
			e.at(v, "%s: %q is not a size (like 65536, 64KiB or 1MiB)", where, s)
		}
		return 0
	}
	var n int64
	fmt.Sscanf(m[1], "%d", &n)
	switch m[2] {
	case "KiB":
		n <<= 10
	case "KB":
		n *= 1000
	case "MiB":
		n <<= 20
	case "MB":
		n *= 1000 * 1000
	}
	if n < 1024 || n > 64<<20 {
		e.at(v, "%s: %s is outside 1KiB..64MiB", where, s)
		return 0
	}
	return n
}

func (e *svcErrors) svcBool(v *yaml.Node, where string) bool {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
		e.at(v, "%s: want true or false", where)
	}
	return b
}

// ParseServiceConfig checks a service file's content; path names it in
// errors and anchors its relative paths.
func ParseServiceConfig(path string, data []byte) (ServiceConfig, error) {
	e := &svcErrors{file: path}
	c := ServiceConfig{File: path, Listen: DefaultListen, APIURL: "https://app.codesignal.com/graphql",
		SecretEnv: DefaultSecretEnv, AcknowledgeStale: true, MaxBody: DefaultMaxBody, Zone: time.Local}
	base := filepath.Dir(path)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 1
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if i := strings.Index(rest, ":"); i > 0 {
				if _, err := fmt.Sscanf(rest[:i], "%d", &line); err == nil {
					msg = strings.TrimSpace(rest[i+1:])
				}
			}
		}
		return c, fmt.Errorf("%s:%d:1: %s", path, line, msg)
	}
	if len(doc.Content) == 0 {
		return c, fmt.Errorf("%s:1:1: empty: want at least out, webhook and committees", path)
	}
	root := doc.Content[0]
	var committees *yaml.Node
	seen := map[string]*yaml.Node{}
	e.svcFields(root, "", []string{"listen", "out", "coordinator", "state", "timezone", "rules", "max_note_size", "api", "webhook", "committees"}, func(key string, k, v *yaml.Node) {
		seen[key] = k
		switch key {
		case "listen":
			c.Listen = e.svcString(v, key)
			if _, port, err := net.SplitHostPort(c.Listen); c.Listen != "" && (err != nil || port == "") {
				e.at(v, "listen: %q is not HOST:PORT", c.Listen)
			}
		case "out":
			if s := e.svcString(v, key); s != "" {
				c.Out = svcResolve(base, s)
			}
		case "state":
			if s := e.svcString(v, key); s != "" {
				c.State = svcResolve(base, s)
			}
		case "coordinator":
			if s := e.svcString(v, key); s != "" {
				c.Coordinator = svcResolve(base, s)
			}
		case "max_note_size":
			c.MaxNote = e.svcSize(v, key)
		case "timezone":
			if s := e.svcString(v, key); s != "" {
				loc, err := time.LoadLocation(s)
				if err != nil {
					e.at(v, "timezone: unknown time zone %q", s)
				} else {
					c.Zone = loc
				}
			}
		case "rules":
			for _, r := range e.svcStrings(v, key) {
				c.Rules = append(c.Rules, svcResolve(base, r))
			}
		case "api":
			e.svcFields(v, "api", []string{"url", "key_file"}, func(key string, _, v *yaml.Node) {
				switch key {
				case "url":
					c.APIURL = e.svcString(v, "api.url")
					if u, err := url.Parse(c.APIURL); c.APIURL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
						e.at(v, "api.url: %q is not an http(s) URL", c.APIURL)
					}
				case "key_file":
					if s := e.svcString(v, "api.key_file"); s != "" {
						c.APIKeyFile = svcResolve(base, s)
					}
				}
			})
		case "webhook":
			seenHook := map[string]bool{}
			e.svcFields(v, "webhook", []string{"url", "secret_file", "secret_env", "max_age", "acknowledge_stale", "max_body"}, func(key string, k, v *yaml.Node) {
				seenHook[key] = true
				w := "webhook." + key
				switch key {
				case "url":
					c.WebhookURL = e.svcString(v, w)
					if u, err := url.Parse(c.WebhookURL); c.WebhookURL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
						e.at(v, "%s: %q is not an http(s) URL (it must be the URL registered with CodeSignal, byte for byte)", w, c.WebhookURL)
					}
				case "secret_file":
					if s := e.svcString(v, w); s != "" {
						c.SecretFile = svcResolve(base, s)
					}
				case "secret_env":
					c.SecretEnv = e.svcString(v, w)
				case "max_age":
					c.MaxAge = e.svcDuration(v, w)
				case "acknowledge_stale":
					c.AcknowledgeStale = e.svcBool(v, w)
				case "max_body":
					c.MaxBody = e.svcSize(v, w)
				}
			})
			if seenHook["secret_file"] && seenHook["secret_env"] {
				e.at(v, "webhook: give secret_file or secret_env, not both")
			}
			if !seenHook["url"] {
				e.at(v, "webhook: url is required (the endpoint URL registered with CodeSignal; the signature covers it)")
			}
		case "committees":
			committees = v
		}
	})
	if root.Kind == yaml.MappingNode {
		for _, req := range []string{"out", "webhook", "committees"} {
			if seen[req] == nil {
				e.at(root, "%s is required", req)
			}
		}
	}
	if committees != nil {
		if committees.Kind != yaml.SequenceNode {
			e.at(committees, "committees: want a list")
		} else {
			names := map[string]*yaml.Node{}
			for i, n := range committees.Content {
				m, ok := e.svcMeeting(n, fmt.Sprintf("committees[%d]", i), base, c.Zone)
				if !ok {
					continue
				}
				if prev := names[m.Key()]; prev != nil {
					e.at(n, "committees[%d]: the same meeting as at line %d", i, prev.Line)
					continue
				}
				names[m.Key()] = n
				if m.Out == "" {
					m.Out = filepath.Join(c.Out, m.Slug())
				} else if !filepath.IsAbs(m.Out) {
					m.Out = filepath.Join(c.Out, m.Out)
				}
				if c.Coordinator != "" {
					rel, err := filepath.Rel(c.Out, m.Out)
					if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
						rel = filepath.Base(m.Out)
					}
					m.Coordinator = filepath.Join(c.Coordinator, rel)
					if err := packet.CheckCoordinatorDir(m.Out, m.Coordinator); err != nil {
						e.at(n, "committees[%d]: %v", i, err)
						continue
					}
				}
				c.Meetings = append(c.Meetings, m)
			}
		}
	}
	if c.State == "" && c.Out != "" {
		c.State = filepath.Join(c.Out, ".service")
	}
	sort.SliceStable(c.Meetings, func(i, j int) bool { return c.Meetings[i].PrepareAt().Before(c.Meetings[j].PrepareAt()) })
	return c, e.err()
}

// svcMeeting reads one committee of the service file. Relative out stays
// relative (to the output root); relative rules are resolved against the
// service file's folder.
func (e *svcErrors) svcMeeting(n *yaml.Node, where, base string, zone *time.Location) (Meeting, bool) {
	before := len(e.errs)
	var m Meeting
	got := map[string]bool{}
	e.svcFields(n, where, []string{"meeting", "date", "candidates", "out", "rules", "concurrency", "prepare_before"}, func(key string, _, v *yaml.Node) {
		got[key] = true
		w := where + "." + key
		switch key {
		case "meeting":
			m.Name = e.svcString(v, w)
		case "date":
			s := e.svcString(v, w)
			if s == "" {
				return
			}
			t, err := svcParseMeetingTime(s, zone)
			if err != nil {
				e.at(v, "%s: %v", w, err)
			}
			m.At = t
		case "candidates":
			seen := map[string]bool{}
			if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
				e.at(v, "%s: want a list of emails", w)
				return
			}
			for i, x := range v.Content {
				s := e.svcString(x, fmt.Sprintf("%s[%d]", w, i))
				if s == "" {
					continue
				}
				at := strings.LastIndex(s, "@")
				if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t<>,") {
					e.at(x, "%s[%d]: %q is not an email", w, i, s)
					continue
				}
				if seen[strings.ToLower(s)] {
					e.at(x, "%s[%d]: %q listed twice", w, i, s)
					continue
				}
				seen[strings.ToLower(s)] = true
				m.Candidates = append(m.Candidates, s)
			}
		case "out":
			m.Out = e.svcString(v, w)
		case "rules":
			for _, r := range e.svcStrings(v, w) {
				m.Rules = append(m.Rules, svcResolve(base, r))
			}
		case "concurrency":
			var k int
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Decode(&k) != nil || k < 1 || k > 64 {
				e.at(v, "%s: want a whole number from 1 to 64", w)
			}
			m.Concurrency = k
		case "prepare_before":
			m.PrepareBefore = e.svcDuration(v, w)
		}
	})
	if n.Kind == yaml.MappingNode {
		for _, req := range []string{"meeting", "date", "prepare_before", "candidates"} {
			if !got[req] {
				e.at(n, "%s: %s is required in service mode", where, req)
			}
		}
	}
	return m, len(e.errs) == before
}

// svcParseMeetingTime accepts RFC 3339 or "YYYY-MM-DD HH:MM" in zone. A
// meeting needs a time of day: the preparation is timed from it.
func svcParseMeetingTime(s string, zone *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, zone); err == nil {
		return t, nil
	}
	if _, err := time.ParseInLocation("2006-01-02", s, zone); err == nil {
		return time.Time{}, fmt.Errorf("%q has no time of day; want YYYY-MM-DD HH:MM or RFC 3339", s)
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time; want YYYY-MM-DD HH:MM or RFC 3339", s)
}

func svcResolve(base, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(base, p)
}

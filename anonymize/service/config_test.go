package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize/batch"
)

const goodService = `listen: 127.0.0.1:9443
out: packets
timezone: Europe/Berlin
api:
  url: http://127.0.0.1:4000/graphql
  key_file: api-key
webhook:
  url: https://hooks.example.com/webhooks/codesignal
  secret_file: secret
  max_age: 30m
  acknowledge_stale: false
  max_body: 64KiB
committees:
  - meeting: Backend hiring committee
    date: 2030-03-14 15:00
    prepare_before: 1d12h
    candidates: [maria@example.com, grace@example.com]
  - meeting: Frontend
    date: 2030-03-10T09:00:00Z
    prepare_before: 90m
    out: fe
    candidates:
      - june@example.com
`

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig("/etc/anonymize/service.yaml", []byte(goodService))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:9443" || c.Out != "/etc/anonymize/packets" || c.State != "/etc/anonymize/packets/.service" ||
		c.APIKeyFile != "/etc/anonymize/api-key" || c.SecretFile != "/etc/anonymize/secret" || c.MaxAge != 30*time.Minute ||
		c.AcknowledgeStale || c.MaxBody != 64<<10 || c.WebhookURL != "https://hooks.example.com/webhooks/codesignal" {
		t.Errorf("config %+v", c)
	}
	if len(c.Meetings) != 2 {
		t.Fatalf("%d meetings", len(c.Meetings))
	}
	fe, be := c.Meetings[0], c.Meetings[1] // ordered by preparation time
	if fe.Name != "Frontend" || fe.Out != "/etc/anonymize/packets/fe" || !fe.PrepareAt().Equal(time.Date(2030, 3, 10, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("frontend %+v", fe)
	}
	if fe.Coordinator != "" {
		t.Errorf("frontend coordinator %q without a coordinator root, want empty (beside its folder)", fe.Coordinator)
	}
	withRoot, err := ParseConfig("/etc/anonymize/service.yaml", []byte("coordinator: /srv/coord\nmax_note_size: 1MiB\n"+goodService))
	if err != nil {
		t.Fatal(err)
	}
	// A coordinator root inside a committee's folder would hand who is
	// who to that committee.
	if _, err := ParseConfig("/etc/anonymize/service.yaml", []byte("coordinator: packets/fe/who\n"+goodService)); err == nil || !strings.Contains(err.Error(), "inside the output folder") {
		t.Errorf("coordinator inside a committee's folder: %v", err)
	}
	if withRoot.MaxNote != 1<<20 || c.MaxNote != 0 {
		t.Errorf("max_note_size: %d and %d, want 1MiB and 0 (the default)", withRoot.MaxNote, c.MaxNote)
	}
	if got := withRoot.Meetings[0].Coordinator; got != "/srv/coord/fe" {
		t.Errorf("frontend coordinator %q, want /srv/coord/fe", got)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if !be.At.Equal(time.Date(2030, 3, 14, 15, 0, 0, 0, berlin)) || be.PrepareBefore != 36*time.Hour || len(be.Candidates) != 2 ||
		!strings.HasPrefix(be.Out, "/etc/anonymize/packets/backend-hiring-committee-2030-03-14-") {
		t.Errorf("backend %+v", be)
	}
}

func TestConfigErrors(t *testing.T) {
	bad := `listen: nowhere
out: packets
colour: blue
webhook:
  url: ftp://x
  secret_file: s
  secret_env: E
  max_age: -5m
  acknowledge_stale: maybe
  max_body: 10GiB
committees:
  - meeting: A
    date: 2030-03-14
    prepare_before: soon
    candidates: [not-an-email, a@b.test, A@B.test]
    colour: red
  - meeting: B
`
	_, err := ParseConfig("svc.yaml", []byte(bad))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`svc.yaml:1:9: listen: "nowhere" is not HOST:PORT`,
		`svc.yaml:3:1: colour: unknown key (known: api, committees,`,
		`svc.yaml:5:8: webhook.url: "ftp://x" is not an http(s) URL`,
		`svc.yaml:8:12: webhook.max_age: "-5m" is not a positive duration`,
		`svc.yaml:9:22: webhook.acknowledge_stale: want true or false`,
		`svc.yaml:10:13: webhook.max_body: "10GiB" is not a size`,
		`svc.yaml:5:3: webhook: give secret_file or secret_env, not both`,
		`svc.yaml:13:11: committees[0].date: "2030-03-14" has no time of day`,
		`svc.yaml:14:21: committees[0].prepare_before: "soon" is not a positive duration`,
		`svc.yaml:15:18: committees[0].candidates[0]: "not-an-email" is not an email`,
		`svc.yaml:15:42: committees[0].candidates[2]: "A@B.test" listed twice`,
		`svc.yaml:16:5: committees[0].colour: unknown key (known: candidates,`,
		`svc.yaml:17:5: committees[1]: date is required in service mode`,
		`svc.yaml:17:5: committees[1]: candidates is required in service mode`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
	for _, tc := range []struct{ doc, want string }{
		{"", "svc.yaml:1:1: empty"},
		{"out: [", "svc.yaml:1:1:"},
		{"out: x\n", "svc.yaml:1:1: webhook is required"},
		{"out: x\nwebhook: {secret_env: X}\ncommittees: []\n", "webhook: url is required"},
		{"- a\n", "want a mapping"},
		{"out: x\nout: y\n", `svc.yaml:2:1: out: duplicate key`},
	} {
		_, err := ParseConfig("svc.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.doc, err, tc.want)
		}
	}
}

func TestServiceSecret(t *testing.T) {
	dir := t.TempDir()
	c := Config{File: "svc.yaml", SecretEnv: "TEST_ANON_SECRET"}
	t.Setenv("TEST_ANON_SECRET", " from-env \n")
	if s, err := c.Secret(); err != nil || string(s) != "from-env" {
		t.Errorf("env: %q %v", s, err)
	}
	c.SecretFile = filepath.Join(dir, "s")
	os.WriteFile(c.SecretFile, []byte("from-file\n"), 0o600)
	if s, err := c.Secret(); err != nil || string(s) != "from-file" {
		t.Errorf("file: %q %v", s, err)
	}
	os.WriteFile(c.SecretFile, []byte("\n"), 0o600)
	if _, err := c.Secret(); err == nil {
		t.Error("an empty secret file was accepted")
	}
}

func TestMeetingTime(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, tc := range []struct {
		in   string
		want time.Time
		err  string
	}{
		{"2030-03-14 15:00", time.Date(2030, 3, 14, 15, 0, 0, 0, berlin), ""},
		{"2030-03-14T15:00", time.Date(2030, 3, 14, 15, 0, 0, 0, berlin), ""},
		{"2030-03-14T15:00:00Z", time.Date(2030, 3, 14, 15, 0, 0, 0, time.UTC), ""},
		{"2030-03-14", time.Time{}, "has no time of day"},
		{"soon", time.Time{}, "is not a date and time"},
	} {
		got, err := meetingTime(tc.in, berlin)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestPlaceMeeting(t *testing.T) {
	at := time.Date(2030, 3, 14, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, out, coordinator string
		meetingOut             string
		wantOut, wantCoord     string
	}{
		{"from name and date", "/srv/out", "", "", "/srv/out/" + (batch.Meeting{Name: "Backend", At: at}).Slug(), ""},
		{"relative", "/srv/out", "/srv/coord", "be", "/srv/out/be", "/srv/coord/be"},
		{"absolute elsewhere", "/srv/out", "/srv/coord", "/data/be", "/data/be", "/srv/coord/be"},
	} {
		m := batch.Meeting{Name: "Backend", At: at, Out: tc.meetingOut}
		if err := placeMeeting(&m, tc.out, tc.coordinator); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if m.Out != tc.wantOut || m.Coordinator != tc.wantCoord {
			t.Errorf("%s: out %q, coordinator %q; want %q, %q", tc.name, m.Out, m.Coordinator, tc.wantOut, tc.wantCoord)
		}
	}
}

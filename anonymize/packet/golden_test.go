package packet

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/fetch"
	"github.com/google/go-cmp/cmp"
)

// update rewrites the golden files from the current output, the gofmt way:
// go test ./anonymize/packet -update. It never touches the inputs.
var update = flag.Bool("update", false, "rewrite testdata/*.golden.* from the current output")

// goldenInput is testdata/<case>.input.json: a redacted packet in the export
// shape plus what Meta and the code would be.
type goldenInput struct {
	Code           string                `json:"code"`
	Committee      string                `json:"committee"`
	Prepared       time.Time             `json:"prepared"`
	Pending        int                   `json:"pending"`
	LiveInterviews []fetch.LiveInterview `json:"liveInterviews"`
}

func loadGoldenInput(t *testing.T, path string) (string, anonymize.Packet, Meta) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var in goldenInput
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	p := anonymize.Packet{Interviews: in.LiveInterviews, Pending: in.Pending}
	return in.Code, p, Meta{Committee: in.Committee, Prepared: in.Prepared}
}

func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.input.json")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, input := range inputs {
		name := strings.TrimSuffix(filepath.Base(input), ".input.json")
		t.Run(name, func(t *testing.T) {
			code, p, meta := loadGoldenInput(t, input)
			r, err := Render(code, p, meta)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Render(code, p, meta)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(r, again); diff != "" {
				t.Errorf("rendering twice differs (-first +second):\n%s", diff)
			}

			// Identifying fields of the input never reach a packet, even
			// though redaction upstream should have dropped them already.
			var identifying []string
			for _, li := range p.Interviews {
				identifying = append(identifying, li.ID, li.CandidateEmail, li.CandidateName, li.URL, li.ShortenedURL)
				for _, fb := range li.InterviewersFeedback {
					identifying = append(identifying, fb.Author.ID, fb.Author.Username, fb.Author.Profile.Email)
				}
			}
			for _, f := range []struct {
				ext  string
				data []byte
			}{{"md", r.Markdown}, {"json", r.JSON}, {"html", r.HTML}} {
				for _, s := range identifying {
					if s != "" && bytes.Contains(f.data, []byte(s)) {
						t.Errorf("packet.%s contains %q", f.ext, s)
					}
				}
				golden := filepath.Join("testdata", name+".golden."+f.ext)
				if *update {
					if err := os.WriteFile(golden, f.data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./anonymize/packet -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), string(f.data)); diff != "" {
					t.Errorf("packet.%s differs from %s (-want +got):\n%s", f.ext, golden, diff)
				}
			}

			// packet.json reads back as the export shape.
			var back struct {
				Code           string                `json:"code"`
				LiveInterviews []fetch.LiveInterview `json:"liveInterviews"`
			}
			if err := json.Unmarshal(r.JSON, &back); err != nil {
				t.Fatalf("packet.json: %v", err)
			}
			if back.Code != code || len(back.LiveInterviews) != len(p.Interviews) {
				t.Errorf("packet.json: code %q with %d interviews, want %q with %d", back.Code, len(back.LiveInterviews), code, len(p.Interviews))
			}
		})
	}
}

// TestRenderLeavesInputAlone checks that scrubbing works on a copy: the
// caller's packet still has its ids afterwards.
func TestRenderLeavesInputAlone(t *testing.T) {
	code, p, meta := loadGoldenInput(t, "testdata/basic.input.json")
	before, err := json.Marshal(p.Interviews)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Render(code, p, meta); err != nil {
		t.Fatal(err)
	}
	after, err := json.Marshal(p.Interviews)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(before), string(after)); diff != "" {
		t.Errorf("Render changed its input (-before +after):\n%s", diff)
	}
}

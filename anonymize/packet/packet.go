package packet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/anonymize/anonymize/anonymize"
	"github.com/anonymize/anonymize/fetch"
)

// The files of a packet folder.
const (
	MarkdownFile = "packet.md"
	JSONFile     = "packet.json"
	HTMLFile     = "packet.html"
)

// Modes of what this package writes. Packets are meant to be shared with
// the committee; the key and the secret name people and are the owner's
// alone.
const (
	packetMode    os.FileMode = 0o644
	packetDirMode os.FileMode = 0o755
	privateMode   os.FileMode = 0o600
)

// ErrLeaks is returned by Publish for a packet whose verification found
// leaks: such a packet must not be published. Quarantine it with
// WriteRendered instead.
var ErrLeaks = errors.New("packet failed verification")

// Meta is what a packet says about itself besides the interviews.
type Meta struct {
	// Committee names the meeting or panel; empty leaves it out.
	Committee string
	// Prepared is when the packet was prepared. It is passed in rather than
	// read from the clock so that output is reproducible. Its location is the
	// one dates are shown in.
	Prepared time.Time
}

// Rendered holds the three files of a packet, ready to write or to check.
type Rendered struct {
	Markdown []byte
	JSON     []byte
	HTML     []byte
}

// Written says where a packet's files are.
type Written struct {
	Dir      string
	Markdown string
	JSON     string
	HTML     string
}

// Render produces the files of a packet without touching the disk, so that a
// leak gate can check exactly the bytes that would be published.
func Render(code string, p anonymize.Packet, meta Meta) (Rendered, error) {
	if err := checkCode(code); err != nil {
		return Rendered{}, err
	}
	if meta.Prepared.IsZero() {
		return Rendered{}, fmt.Errorf("packet %s: Meta.Prepared is not set", code)
	}
	interviews := scrub(p.Interviews)
	labels := make([]string, 0, len(p.Pseudonyms)+1)
	for _, ps := range p.Pseudonyms {
		labels = append(labels, ps.Label)
	}
	collapseEchoes(interviews, labels)
	js, err := renderJSON(code, interviews, p.Pending, meta)
	if err != nil {
		return Rendered{}, fmt.Errorf("packet %s: %w", code, err)
	}
	v := newView(code, interviews, p.Pending, meta)
	page, err := renderHTML(v)
	if err != nil {
		return Rendered{}, fmt.Errorf("packet %s: %w", code, err)
	}
	return Rendered{Markdown: renderMarkdown(v), JSON: js, HTML: page}, nil
}

// Publish writes a rendered packet where the committee reads it:
// OUT/<code>/packet.md, packet.json and packet.html (see WriteRendered).
// leaks are the leak gate's hits for these very bytes; Publish refuses a
// packet that has any (ErrLeaks), so that a caller who forgot to quarantine
// it still fails closed. The candidate and the pseudonyms never go into
// these files; they belong in the key file (WriteKey).
func Publish(outDir, code string, r Rendered, leaks []anonymize.Leak) (Written, error) {
	if len(leaks) > 0 {
		return Written{}, fmt.Errorf("packet %s: %d leak(s) found, not publishing: %w", code, len(leaks), ErrLeaks)
	}
	return WriteRendered(outDir, code, r)
}

// WriteRendered writes rendered files to outDir/<code>/, each atomically.
// The three files are replaced one after the other, so a reader may briefly
// see a new packet.json beside an old packet.md; a caller that needs the
// folder to change at once writes to a staging folder and renames it.
func WriteRendered(outDir, code string, r Rendered) (Written, error) {
	if err := checkCode(code); err != nil {
		return Written{}, err
	}
	dir := filepath.Join(outDir, code)
	if err := os.MkdirAll(dir, packetDirMode); err != nil {
		return Written{}, fmt.Errorf("packet %s: create folder: %w", code, err)
	}
	w := Written{
		Dir:      dir,
		Markdown: filepath.Join(dir, MarkdownFile),
		JSON:     filepath.Join(dir, JSONFile),
		HTML:     filepath.Join(dir, HTMLFile),
	}
	// All three are written to temporary files first and renamed only
	// once all three are on disk: a full disk or a failing write leaves
	// the folder as it was, never a packet.json without its siblings, and
	// no temporary file.
	files := []struct {
		path string
		data []byte
	}{{w.JSON, r.JSON}, {w.Markdown, r.Markdown}, {w.HTML, r.HTML}}
	temps := make([]string, 0, len(files))
	defer func() {
		for _, t := range temps {
			os.Remove(t) // gone already once renamed
		}
	}()
	for _, f := range files {
		tmp, err := writeTemp(dir, filepath.Base(f.path), f.data, packetMode)
		if err != nil {
			return Written{}, fmt.Errorf("packet %s: write %s: %w", code, f.path, err)
		}
		temps = append(temps, tmp)
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.path); err != nil {
			return Written{}, fmt.Errorf("packet %s: write %s: %w", code, f.path, err)
		}
	}
	if err := syncDir(dir); err != nil {
		return Written{}, fmt.Errorf("packet %s: %w", code, err)
	}
	return w, nil
}

// scrub returns a deep copy of the interviews without the fields that point
// at people or at CodeSignal records: ids, the candidate's email and name,
// links, and authors' ids, usernames and emails. Redaction drops them
// already; clearing them here too costs nothing and means a bug upstream
// cannot put them into a packet. Nil lists become empty so that the JSON
// always has arrays where the export format has them.
func scrub(in []fetch.LiveInterview) []fetch.LiveInterview {
	out := fetch.CloneInterviews(in)
	for i := range out {
		li := &out[i]
		li.ID, li.CandidateEmail, li.CandidateName, li.URL, li.ShortenedURL = "", "", "", "", ""
		for j := range li.InterviewersFeedback {
			fb := &li.InterviewersFeedback[j]
			fb.Author = fetch.User{Profile: fetch.UserProfile{Name: fb.Author.Profile.Name}}
		}
	}
	return out
}

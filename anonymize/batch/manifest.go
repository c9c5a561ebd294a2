package batch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/anonymize/anonymize/anonymize/packet"
	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/rules"
)

// ManifestFile is the manifest's name, at the top of the output folder. It
// names packets by code only.
const ManifestFile = "manifest.json"

// manifestVersion is the manifest's format.
const manifestVersion = 1

// Entry is one packet's line in the manifest.
type Entry struct {
	Code   string `json:"code"`
	Status Status `json:"status"` // done, quarantined or failed
	// Input is the SHA-256 of the candidate's interviews as fetched (their
	// JSON), Rules that of the rule pack and packet settings; a rerun with
	// both unchanged skips the candidate.
	Input      string `json:"input,omitempty"`
	Rules      string `json:"rules,omitempty"`
	Interviews int    `json:"interviews"`
	Pending    int    `json:"pending,omitempty"`
	Notes      int    `json:"notes"`
	Leaks      int    `json:"leaks,omitempty"`
	// Prepared is the packet's "prepared" time (RFC 3339).
	Prepared string `json:"prepared,omitempty"`
	// Reason says why a candidate failed, with the email replaced by the
	// code.
	Reason string `json:"reason,omitempty"`
}

type manifestDoc struct {
	Version int     `json:"version"`
	Packets []Entry `json:"packets"`
}

func decodeManifest(path string, data []byte) (map[string]Entry, error) {
	var doc manifestDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("manifest %s: %w (delete it to prepare every packet again)", path, err)
	}
	if doc.Version != manifestVersion {
		return nil, fmt.Errorf("manifest %s: version %d, this program reads version %d", path, doc.Version, manifestVersion)
	}
	out := make(map[string]Entry, len(doc.Packets))
	for _, e := range doc.Packets {
		out[e.Code] = e
	}
	return out, nil
}

func encodeManifest(entries map[string]Entry) ([]byte, error) {
	doc := manifestDoc{Version: manifestVersion, Packets: make([]Entry, 0, len(entries))}
	for _, e := range entries {
		doc.Packets = append(doc.Packets, e)
	}
	sort.Slice(doc.Packets, func(i, j int) bool { return doc.Packets[i].Code < doc.Packets[j].Code })
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("manifest: encode: %w", err)
	}
	return append(data, '\n'), nil
}

func newManifestFile(out string) *sharedFile[Entry] {
	return &sharedFile[Entry]{
		path: filepath.Join(out, ManifestFile), perm: 0o644,
		decode: decodeManifest, encode: encodeManifest,
	}
}

func newKeyFile(out string) *sharedFile[packet.KeyEntry] {
	return &sharedFile[packet.KeyEntry]{
		path: filepath.Join(out, packet.KeyFile), perm: 0o600,
		decode: func(path string, data []byte) (map[string]packet.KeyEntry, error) {
			es, err := packet.DecodeKey(path, data)
			if err != nil {
				return nil, err
			}
			m := make(map[string]packet.KeyEntry, len(es))
			for _, e := range es {
				m[e.Code] = e
			}
			return m, nil
		},
		encode: func(m map[string]packet.KeyEntry) ([]byte, error) {
			es := make([]packet.KeyEntry, 0, len(m))
			for _, e := range m {
				es = append(es, e)
			}
			return packet.EncodeKey(es)
		},
	}
}

// InputHash is the hash of a candidate's interviews as fetched.
func InputHash(email string, lis []fetch.LiveInterview) (string, error) {
	h := sha256.New()
	h.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	h.Write([]byte{0})
	if err := json.NewEncoder(h).Encode(lis); err != nil {
		return "", fmt.Errorf("hash the interviews: %w", err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// formatVersion changes whenever packets of the same input and rules come
// out different, so that a rerun redoes them.
const formatVersion = "packet-format-1"

// RulesHash is the hash of what besides the input decides a packet's
// bytes: the rule pack's content (not where its files are), the committee
// title shown in the header, and the program's build.
func RulesHash(pack *rules.Pack, committee string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", formatVersion, buildID(), committee)
	rs := make([]rules.Rule, len(pack.Rules))
	for i, r := range pack.Rules {
		rs[i] = *r
		rs[i].Source = ""
	}
	if err := json.NewEncoder(h).Encode(rs); err != nil {
		return "", fmt.Errorf("hash the rules: %w", err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// buildID names the program's build when Go recorded it (a VCS revision),
// so that a new version of the redaction code counts as new rules.
func buildID() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	id := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			id += " " + s.Value
		}
	}
	return id
}

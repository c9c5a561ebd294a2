package packet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/anonymize/anonymize/anonymize"
)

// KeyFile is the name of the key file, at the top of the coordinator folder
// (see PrepareCoordinator), never in the output folder the committee reads.
const KeyFile = "key.json"

// keyVersion is the format of the key file, so that a later format can be
// told apart instead of misread.
const keyVersion = 1

// KeyEntry says who one packet is about and which label stands for whom in
// it.
type KeyEntry struct {
	Code       string                `json:"code"`
	Email      string                `json:"email"`
	Name       string                `json:"name"`
	Pseudonyms []anonymize.Pseudonym `json:"pseudonyms"`
	// Failure says why the last run made no packet for this code, email
	// included (only the coordinator reads it); empty once one is made.
	Failure string `json:"failure,omitempty"`
}

// NewKeyEntry makes the key entry of a packet.
func NewKeyEntry(code string, p anonymize.Packet) KeyEntry {
	return KeyEntry{Code: code, Email: p.Candidate.Email, Name: p.Candidate.Name, Pseudonyms: p.Pseudonyms}
}

type keyDoc struct {
	Version int        `json:"version"`
	Packets []KeyEntry `json:"packets"`
}

// keyMu serialises read-merge-write of key files within this process;
// lockKey does the same across processes, such as batch shards that share
// an output folder.
var keyMu sync.Mutex

// WriteKey merges entries into dir/key.json (mode 0600, written
// atomically): entries for other codes are kept, an entry for the same code
// replaces the old one (the last one wins within entries), and the result is
// sorted by code so that the file is deterministic. A key file that cannot
// be read is an error, never silently replaced, because it may be the only
// record of who is who. Writers are serialised by an empty lock file,
// dir/.key.json.lock, which stays behind and names nobody. dir is the
// coordinator folder.
func WriteKey(outDir string, entries []KeyEntry) error {
	for _, e := range entries {
		if err := checkCode(e.Code); err != nil {
			return fmt.Errorf("key file: %w", err)
		}
	}
	if err := os.MkdirAll(outDir, packetDirMode); err != nil {
		return fmt.Errorf("key file: create output folder: %w", err)
	}
	path := filepath.Join(outDir, KeyFile)

	keyMu.Lock()
	defer keyMu.Unlock()
	unlock, err := lockFile(filepath.Join(outDir, "."+KeyFile+".lock"))
	if err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	defer unlock()

	old, err := ReadKey(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	byCode := make(map[string]KeyEntry, len(old)+len(entries))
	for _, e := range old {
		byCode[e.Code] = e
	}
	for _, e := range entries {
		byCode[e.Code] = e
	}
	all := make([]KeyEntry, 0, len(byCode))
	for _, e := range byCode {
		all = append(all, e)
	}
	data, err := EncodeKey(all)
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(path, data, privateMode); err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	return nil
}

// EncodeKey returns the key file document of entries, sorted by code, as
// WriteKey writes it. Entries with the same code: the last one wins.
func EncodeKey(entries []KeyEntry) ([]byte, error) {
	byCode := make(map[string]KeyEntry, len(entries))
	for _, e := range entries {
		if err := checkCode(e.Code); err != nil {
			return nil, fmt.Errorf("key file: %w", err)
		}
		if e.Pseudonyms == nil {
			e.Pseudonyms = []anonymize.Pseudonym{}
		}
		byCode[e.Code] = e
	}
	doc := keyDoc{Version: keyVersion, Packets: make([]KeyEntry, 0, len(byCode))}
	for _, e := range byCode {
		doc.Packets = append(doc.Packets, e)
	}
	sort.Slice(doc.Packets, func(i, j int) bool { return doc.Packets[i].Code < doc.Packets[j].Code })
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("key file: encode: %w", err)
	}
	return append(data, '\n'), nil
}

// ReadKey reads a key file. Its error wraps fs.ErrNotExist when the file is
// missing.
func ReadKey(path string) ([]KeyEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	return DecodeKey(path, data)
}

// DecodeKey reads a key file document; name is used in messages.
func DecodeKey(path string, data []byte) ([]KeyEntry, error) {
	var doc keyDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	if doc.Version != keyVersion {
		return nil, fmt.Errorf("key file %s: version %d, this program reads version %d", path, doc.Version, keyVersion)
	}
	for i, e := range doc.Packets {
		if err := checkCode(e.Code); err != nil {
			return nil, fmt.Errorf("key file %s: packets[%d]: %w", path, i, err)
		}
	}
	return doc.Packets, nil
}

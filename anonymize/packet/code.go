package packet

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// SecretFile is the name of the secret that makes an output folder's
// codes, at the top of its coordinator folder (never in the output folder:
// with it and a list of emails, codes can be mapped to people).
const SecretFile = ".packet-secret"

// CodePrefix starts every packet code, so that a code is recognisable in
// logs, manifests and file names.
const CodePrefix = "P-"

// secretLen is the size of the HMAC key: as long as SHA-256's output, the
// most an HMAC-SHA256 key can usefully hold.
const secretLen = 32

// codeBytes is how much of the MAC a code keeps: 5 bytes are exactly 8
// base32 characters. 40 bits make a collision between two candidates of one
// folder unlikely (about 2e-6 for 2,000 candidates) while the code stays
// short enough to say aloud in a meeting.
const codeBytes = 5

// crockford is Crockford's base32 alphabet: digits and upper-case letters
// without I, L, O and U, so a code read aloud or copied by hand is not
// misread.
var crockford = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// Code returns the packet code of the candidate with that email: CodePrefix
// and 8 base32 characters of HMAC-SHA256(secret, lower-cased trimmed email).
// The same secret and email always give the same code; without the secret
// the code says nothing about the email. Use the secret from
// LoadOrCreateSecret.
func Code(secret []byte, email string) string {
	mac := hmac.New(sha256.New, secret)
	// Emails are compared case-insensitively elsewhere too (fetch.SameEmail),
	// so "Maria@Example.com " and "maria@example.com" are one candidate.
	mac.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return CodePrefix + crockford.EncodeToString(mac.Sum(nil)[:codeBytes])
}

// codeRE is what a packet code may look like. Codes become folder names, so
// anything that could climb out of OUT (a slash, "..") must be refused.
var codeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

func checkCode(code string) error {
	if !codeRE.MatchString(code) {
		return fmt.Errorf("invalid packet code %q: want letters, digits, '-' or '_' (at most 64), as Code makes", code)
	}
	return nil
}

// LoadOrCreateSecret returns the secret kept in dir (the coordinator
// folder), creating dir and a random secret at dir/.packet-secret (mode
// 0600) the first time. The file is created at most once, even by runs racing each other: it
// is written in full under a temporary name and then hard-linked into place,
// which fails if another run linked its own first; the loser then reads the
// winner's. An existing secret is never replaced, because a new one would
// change every packet code in the folder.
func LoadOrCreateSecret(outDir string) ([]byte, error) {
	path := filepath.Join(outDir, SecretFile)
	secret, err := readSecret(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return secret, err
	}
	if err := os.MkdirAll(outDir, packetDirMode); err != nil {
		return nil, fmt.Errorf("packet secret: create output folder: %w", err)
	}
	secret = make([]byte, secretLen)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("packet secret: read random bytes: %w", err)
	}
	tmp, err := writeTemp(outDir, SecretFile, []byte(hex.EncodeToString(secret)+"\n"), 0o600)
	if err != nil {
		return nil, fmt.Errorf("packet secret: %w", err)
	}
	linkErr := os.Link(tmp, path)
	// The temporary name has served its purpose either way: on success the
	// secret lives on under path, on failure it is not wanted.
	os.Remove(tmp)
	switch {
	case linkErr == nil:
		if err := syncDir(outDir); err != nil {
			return nil, fmt.Errorf("packet secret: %w", err)
		}
		return secret, nil
	case errors.Is(linkErr, fs.ErrExist):
		// Another run created it between our read and our link.
		return readSecret(path)
	default:
		return nil, fmt.Errorf("packet secret: create %s (the output folder's file system must support hard links): %w", path, linkErr)
	}
}

// readSecret reads and checks a secret file. Its errors wrap fs.ErrNotExist
// when the file is missing, so the caller can tell "create it" from "broken".
func readSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("packet secret: %w", err)
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(secret) != secretLen {
		return nil, fmt.Errorf("packet secret %s: not %d hex-encoded bytes; restore it from a backup rather than deleting it, because a new secret changes every packet code in the folder", path, secretLen)
	}
	return secret, nil
}

package fetch

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// APIKeyEnv is the environment variable LoadAPIKey reads.
const APIKeyEnv = "CODESIGNAL_API_KEY"

// ErrNoAPIKey means neither --api-key-file nor CODESIGNAL_API_KEY gave a key.
var ErrNoAPIKey = errors.New("no CodeSignal API key: set " + APIKeyEnv + " or pass --api-key-file FILE")

// APIKey is a CodeSignal API key with a note of where it came from. It never
// prints itself: String, GoString and the fmt verbs give its source and a
// short fingerprint, so a key cannot leak into logs or errors by accident,
// while a message can still say which key was refused.
type APIKey struct {
	secret string
	source string
}

// NewAPIKey wraps a key. source says where it came from, for messages
// ("CODESIGNAL_API_KEY", "--api-key-file /run/secrets/cs").
func NewAPIKey(secret, source string) APIKey {
	return APIKey{secret: secret, source: source}
}

// LoadAPIKey reads the key from file (the --api-key-file flag) when file is
// not empty, else from the CODESIGNAL_API_KEY environment variable.
// Surrounding white space (a trailing newline) is trimmed.
func LoadAPIKey(file string) (APIKey, error) {
	if file != "" {
		b, err := ReadSecretFile(file)
		if err != nil {
			return APIKey{}, fmt.Errorf("reading the API key: %w", err)
		}
		secret := strings.TrimSpace(string(b))
		if secret == "" {
			return APIKey{}, fmt.Errorf("the API key file %s is empty: put the CodeSignal API key in it", file)
		}
		return NewAPIKey(secret, "--api-key-file "+file), nil
	}
	if secret := strings.TrimSpace(os.Getenv(APIKeyEnv)); secret != "" {
		return NewAPIKey(secret, APIKeyEnv), nil
	}
	return APIKey{}, ErrNoAPIKey
}

// IsZero reports whether the key is empty.
func (k APIKey) IsZero() bool { return k.secret == "" }

// Source says where the key came from.
func (k APIKey) Source() string { return k.source }

// Fingerprint identifies the key without revealing it: the first 8 hex
// digits of its SHA-256, enough to tell two keys apart and useless for
// recovering one.
func (k APIKey) Fingerprint() string {
	sum := sha256.Sum256([]byte(k.secret))
	return hex.EncodeToString(sum[:4])
}

// String describes the key without revealing it.
func (k APIKey) String() string {
	if k.secret == "" {
		return "no API key"
	}
	src := k.source
	if src == "" {
		src = "the API key"
	} else {
		src = "the API key from " + src
	}
	return fmt.Sprintf("%s (fingerprint %s)", src, k.Fingerprint())
}

// GoString keeps %#v from printing the secret.
func (k APIKey) GoString() string { return "fetch.APIKey(" + k.String() + ")" }

// Format keeps every fmt verb (%v, %+v, %s, %q, %x ...) from printing the
// secret.
func (k APIKey) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, k.GoString())
		return
	}
	fmt.Fprint(f, k.String())
}

// MarshalText keeps encoders (JSON, YAML, logs) from writing the secret.
func (k APIKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Reveal returns the secret, for the Authorization header only.
func (k APIKey) Reveal() string { return k.secret }

// scrub removes the secret from a message, in case some layer below (an
// HTTP library, a server echoing the request) put it there. Keys shorter
// than 4 bytes (never real ones) are left alone: replacing every "k" would
// wreck messages and protect nothing.
func (k APIKey) scrub(s string) string {
	if len(k.secret) < 4 {
		return s
	}
	return strings.ReplaceAll(s, k.secret, "[redacted]")
}

// maxSecretFile bounds a file holding a key or a secret: a few hundred
// bytes in practice.
const maxSecretFile = 64 << 10

// ReadSecretFile reads a file holding a key or a secret: any file a
// secret may come from (a regular file, a pipe such as <(pass show ...)),
// but at most 64 KiB of it, so that /dev/zero or a wrong file given by
// mistake is an error rather than a process that fills its memory. The
// error never quotes the content.
func ReadSecretFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > maxSecretFile {
		clear(b)
		return nil, fmt.Errorf("%s: more than %d bytes, too long for a key or a secret; is it the right file?", path, maxSecretFile)
	}
	return b, nil
}

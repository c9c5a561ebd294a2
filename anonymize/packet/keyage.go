package packet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
)

// AgeKeySuffix ends the name of an encrypted key file.
const AgeKeySuffix = ".age"

// KeysDir is the folder, inside the output folder, of encrypted key files:
// with recipients, each run writes its own file there (see WriteKeyEncrypted)
// instead of merging into key.json, so that the machine that runs batches
// never needs the private key.
const KeysDir = "keys"

// ParseRecipients reads age recipients ("age1..." public keys), one a
// value. An empty value is an error: a key file encrypted to nobody could
// never be read.
func ParseRecipients(values []string) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, errors.New("key recipient: empty value; want an age public key (age1...)")
		}
		r, err := age.ParseX25519Recipient(v)
		if err != nil {
			// Never echo the value or age's message (which quotes it): a
			// private key pasted by mistake must not end up in a log.
			return nil, errors.New("key recipient: not an age public key (want age1..., as age-keygen prints after \"Public key:\")")
		}
		out = append(out, r)
	}
	return out, nil
}

// LoadIdentities reads an age identity file (as age-keygen writes it).
func LoadIdentities(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("identity file: %w", err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("identity file %s: %w", path, err)
	}
	return ids, nil
}

// EncryptKey returns the key file document of entries (as EncodeKey makes
// it) encrypted to recipients. The plaintext exists only in memory.
func EncryptKey(entries []KeyEntry, recipients []age.Recipient) ([]byte, error) {
	if len(recipients) == 0 {
		return nil, errors.New("key file: no recipients to encrypt to")
	}
	plain, err := EncodeKey(entries)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, recipients...)
	if err != nil {
		return nil, fmt.Errorf("key file: encrypt: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("key file: encrypt: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("key file: encrypt: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteKeyEncrypted writes entries to path (mode 0600, atomically),
// encrypted to recipients with age. It replaces path: callers that add to
// an encrypted file keep its entries themselves (one file a run).
func WriteKeyEncrypted(path string, entries []KeyEntry, recipients []age.Recipient) error {
	data, err := EncryptKey(entries, recipients)
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(path, data, privateMode); err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	return nil
}

// ageMagic starts every binary age file.
const ageMagic = "age-encryption.org/v1\n"

// IsEncryptedKey reports whether data is an age file.
func IsEncryptedKey(data []byte) bool {
	return bytes.HasPrefix(data, []byte(ageMagic)) || bytes.HasPrefix(data, []byte("-----BEGIN AGE ENCRYPTED FILE-----"))
}

// ReadKeyFile reads a plain or an age-encrypted key file; identities
// decrypt the latter. Its error wraps fs.ErrNotExist when the file is
// missing.
func ReadKeyFile(path string, identities []age.Identity) ([]KeyEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	if !IsEncryptedKey(data) {
		return DecodeKey(path, data)
	}
	if len(identities) == 0 {
		return nil, fmt.Errorf("key file %s is encrypted: pass the coordinator's age identity file (--identity FILE)", path)
	}
	var src io.Reader = bytes.NewReader(data)
	r, err := age.Decrypt(src, identities...)
	if err != nil {
		return nil, fmt.Errorf("key file %s: decrypt: %w", path, err)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("key file %s: decrypt: %w", path, err)
	}
	defer clear(plain)
	return DecodeKey(path, plain)
}

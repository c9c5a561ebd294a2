package packet

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestCode(t *testing.T) {
	secretA := bytes.Repeat([]byte{0xA1}, secretLen)
	secretB := bytes.Repeat([]byte{0xB2}, secretLen)
	format := regexp.MustCompile(`^P-[0-9A-HJKMNP-TV-Z]{8}$`)

	tests := []struct {
		name         string
		secret1      []byte
		email1       string
		secret2      []byte
		email2       string
		wantSameCode bool
	}{
		{"same secret, same email", secretA, "maria@example.com", secretA, "maria@example.com", true},
		{"case and spaces do not matter", secretA, "  Maria@Example.COM\n", secretA, "maria@example.com", true},
		{"other secret", secretA, "maria@example.com", secretB, "maria@example.com", false},
		{"other email", secretA, "maria@example.com", secretA, "mario@example.com", false},
		{"plus address is another email", secretA, "maria@example.com", secretA, "maria+cs@example.com", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c1, c2 := Code(tc.secret1, tc.email1), Code(tc.secret2, tc.email2)
			for _, c := range []string{c1, c2} {
				if !format.MatchString(c) {
					t.Errorf("code %q does not match %s", c, format)
				}
			}
			if (c1 == c2) != tc.wantSameCode {
				t.Errorf("Code(%q) = %s, Code(%q) = %s; want same: %v", tc.email1, c1, tc.email2, c2, tc.wantSameCode)
			}
		})
	}
}

// TestCodeRevealsNothing checks that no 3-character piece of an email's
// letters and digits shows up in its code. The secrets are fixed, so the
// result is too.
func TestCodeRevealsNothing(t *testing.T) {
	secret := bytes.Repeat([]byte{0x5C}, secretLen)
	for _, email := range []string{"maria.lopez@example.com", "efosa.igbinedion@example.org", "ab@cd.ef", "hope.dlamini@example.net"} {
		code := strings.TrimPrefix(Code(secret, email), CodePrefix)
		letters := strings.ToUpper(regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(email, ""))
		for i := 0; i+3 <= len(letters); i++ {
			if strings.Contains(code, letters[i:i+3]) {
				t.Errorf("code %s of %s contains %q", code, email, letters[i:i+3])
			}
		}
	}
}

func TestLoadOrCreateSecret(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out") // does not exist yet
	first, err := LoadOrCreateSecret(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != secretLen {
		t.Fatalf("secret has %d bytes, want %d", len(first), secretLen)
	}
	path := filepath.Join(out, SecretFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	again, err := LoadOrCreateSecret(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Error("second call returned another secret; codes would change between runs")
	}
	if Code(first, "maria@example.com") != Code(again, "maria@example.com") {
		t.Error("codes differ between runs")
	}
	other, err := LoadOrCreateSecret(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, other) {
		t.Error("two output folders got the same secret")
	}
	assertNoTemp(t, out)
}

// TestLoadOrCreateSecretRace starts several runs on a new folder at once:
// all must end up with the one secret that was created.
func TestLoadOrCreateSecretRace(t *testing.T) {
	out := t.TempDir()
	const n = 16
	secrets := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			secrets[i], errs[i] = LoadOrCreateSecret(out)
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(secrets[i], secrets[0]) {
			t.Fatalf("run %d got another secret than run 0", i)
		}
	}
	assertNoTemp(t, out)
}

func TestLoadOrCreateSecretRefusesBrokenFile(t *testing.T) {
	out := t.TempDir()
	path := filepath.Join(out, SecretFile)
	if err := os.WriteFile(path, []byte("not hex\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateSecret(out); err == nil || !strings.Contains(err.Error(), "restore it from a backup") {
		t.Fatalf("got error %v, want one that says to restore the secret", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "not hex\n" {
		t.Errorf("broken secret was replaced with %q", b)
	}
}

// assertNoTemp fails if dir holds a temporary file of this package.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if IsTempFile(e.Name()) {
			t.Errorf("temporary file left behind: %s", filepath.Join(dir, e.Name()))
		}
	}
}

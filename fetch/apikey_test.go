package fetch_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anonymize/anonymize/fetch"
)

func TestLoadAPIKey(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("  from-file-Kk3Jj8\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(dir, "empty")
	if err := os.WriteFile(emptyFile, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		file, env  string
		wantSecret string
		wantSource string
		wantErr    string
	}{
		{name: "file wins over env", file: keyFile, env: "from-env-Qq1", wantSecret: "from-file-Kk3Jj8", wantSource: "--api-key-file " + keyFile},
		{name: "env", env: " from-env-Qq1 \n", wantSecret: "from-env-Qq1", wantSource: fetch.APIKeyEnv},
		{name: "neither", wantErr: "set CODESIGNAL_API_KEY or pass --api-key-file"},
		{name: "blank env", env: "  ", wantErr: "set CODESIGNAL_API_KEY or pass --api-key-file"},
		{name: "empty file", file: emptyFile, env: "from-env-Qq1", wantErr: emptyFile + " is empty"},
		{name: "missing file", file: filepath.Join(dir, "nope"), wantErr: "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(fetch.APIKeyEnv, tt.env)
			k, err := fetch.LoadAPIKey(tt.file)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				if tt.file == "" && !errors.Is(err, fetch.ErrNoAPIKey) {
					t.Errorf("err = %v, want ErrNoAPIKey", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.Reveal() != tt.wantSecret || k.Source() != tt.wantSource {
				t.Errorf("got secret %q source %q, want %q %q", k.Reveal(), k.Source(), tt.wantSecret, tt.wantSource)
			}
		})
	}
}

// TestAPIKeyNeverPrints checks every way a key could be printed by
// accident.
func TestAPIKeyNeverPrints(t *testing.T) {
	k := fetch.NewAPIKey(secret, fetch.APIKeyEnv)
	holder := struct {
		Key  fetch.APIKey
		Ptr  *fetch.APIKey
		Name string
	}{k, &k, "x"}
	js, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"%v":    fmt.Sprintf("%v", k),
		"%+v":   fmt.Sprintf("%+v", k),
		"%#v":   fmt.Sprintf("%#v", k),
		"%s":    fmt.Sprintf("%s", k),
		"%q":    fmt.Sprintf("%q", k),
		"%x":    fmt.Sprintf("%x", k),
		"%v &":  fmt.Sprintf("%v", &k),
		"%+v{}": fmt.Sprintf("%+v", holder),
		"%#v{}": fmt.Sprintf("%#v", holder),
		"json":  string(js),
		"err":   fmt.Errorf("wrapped %v", k).Error(),
	}
	for verb, out := range outputs {
		if strings.Contains(out, secret) {
			t.Errorf("%s prints the key: %s", verb, out)
		}
	}
	if !strings.Contains(outputs["%v"], fetch.APIKeyEnv) || !strings.Contains(outputs["%v"], k.Fingerprint()) {
		t.Errorf("%%v = %q, want the source and the fingerprint", outputs["%v"])
	}
}

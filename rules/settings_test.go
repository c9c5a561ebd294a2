package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writePack(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCategorySwitch(t *testing.T) {
	dir := writePack(t, map[string]string{
		"pack.yaml":      "categories:\n  contact: flag\n  project: remove\n",
		"codenames.yaml": "kind: swap\ncategory: project\npairs: {Falcon: \"[project]\"}\n",
	})
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]Action{"contact": ActionFlag, "codenames": ActionRemove, "pronouns": ActionRewrite} {
		if r := p.Rule(id); r == nil || r.Action != want {
			t.Errorf("rule %s: action %v, want %v", id, r.Action, want)
		}
	}
	if p.Rule(PackFile) != nil {
		t.Error("pack.yaml was loaded as a rule")
	}
}

func TestUnknownWordsSetting(t *testing.T) {
	p, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if p.UnknownWords != UnknownKeep {
		t.Errorf("default: %q, want %q", p.UnknownWords, UnknownKeep)
	}
	p, err = Load(writePack(t, map[string]string{"pack.yaml": "unknown_words: remove\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if p.UnknownWords != UnknownRemove {
		t.Errorf("pack: %q, want %q", p.UnknownWords, UnknownRemove)
	}
}

func TestCategorySwitchErrors(t *testing.T) {
	tests := []struct {
		name, pack, want string
	}{
		{"unknown category", "categories:\n  shcool: flag\n", "pack.yaml:2:11: pack: categories.shcool: no active rule has this category (known: "},
		{"unknown action", "categories:\n  contact: hide\n", "pack.yaml:2:12: pack: categories.contact: unknown action \"hide\""},
		{"people cannot be switched", "categories:\n  identity: flag\n", "pack.yaml:2:13: pack: categories.identity: rule people is an entity rule, whose action cannot be switched"},
		{"unknown key", "category: {contact: flag}\n", "pack.yaml:1:1: pack: category: unknown key (known: categories, unknown_words)"},
		{"unknown words", "unknown_words: drop\n", "pack.yaml:1:16: pack: unknown_words: want keep or remove, got \"drop\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePack(t, map[string]string{"pack.yaml": tt.pack})
			_, err := Load(dir)
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %s\nwant %s...", got, tt.want)
			}
		})
	}
}

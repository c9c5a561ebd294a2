package rules

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var updateErrs = flag.Bool("update", false, "rewrite testdata/rules/invalid/*.err with what the loader reports (never the .yaml fixtures)")

// fixturesDir is testdata/rules seen from this package's folder. Paths are
// passed to ParseFile as they are, so messages name them with this prefix;
// it is trimmed before comparing, so that .err files read from the module
// root ("testdata/rules/invalid/x.yaml:3:1: ...").
const fixturesDir = "../testdata/rules"

// parseNoPanic calls ParseFile and turns a panic into a test failure with
// the file's name: the loader must report bad input, never crash on it.
func parseNoPanic(t *testing.T, file string) (r *Rule, err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s: loader panicked: %v", file, p)
		}
	}()
	return ParseFile(file)
}

func fixtures(t *testing.T, kind string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixturesDir, kind, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", filepath.Join(fixturesDir, kind))
	}
	return files
}

// TestValidFixtures loads every testdata/rules/valid/*.yaml: each must
// compile without error. Together they use every rule kind.
func TestValidFixtures(t *testing.T) {
	seen := map[Kind]bool{}
	for _, file := range fixtures(t, "valid") {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			r, err := parseNoPanic(t, file)
			if err != nil {
				if strings.Contains(err.Error(), "load it as part of a pack") {
					return // a disabling file is valid, but only within a pack
				}
				t.Fatalf("want no error, got:\n%v", err)
			}
			seen[r.Kind] = true
			if fails := r.CheckMatchTests(); len(fails) > 0 {
				t.Errorf("inline match tests fail:\n%s", strings.Join(fails, "\n"))
			}
		})
	}
	for _, k := range kinds {
		if !seen[k] {
			t.Errorf("no valid fixture of kind %s", k)
		}
	}
}

// TestInvalidFixtures loads every testdata/rules/invalid/<x>.yaml and
// compares the loader's message with <x>.err exactly. With -update the .err
// files are rewritten from what the loader says (review the diff).
func TestInvalidFixtures(t *testing.T) {
	for _, file := range fixtures(t, "invalid") {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			_, err := parseNoPanic(t, file)
			if err == nil {
				t.Fatalf("want an error, the file loaded")
			}
			got := relative(err.Error()) + "\n"
			errFile := strings.TrimSuffix(file, ".yaml") + ".err"
			if *updateErrs {
				if err := os.WriteFile(errFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, rerr := os.ReadFile(errFile)
			if rerr != nil {
				t.Fatalf("%v (run go test ./rules -run TestInvalidFixtures -update)", rerr)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s: message differs (-want +got):\n%s", name, diff)
			}
		})
	}
}

// relative trims the "../" this package's tests put before every path.
func relative(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "../")
	}
	return strings.Join(lines, "\n")
}

// TestInvalidFixturesCoverage keeps the set of invalid fixtures honest:
// every .yaml has its .err and every .err its .yaml.
func TestInvalidFixturesCoverage(t *testing.T) {
	errs, err := filepath.Glob(filepath.Join(fixturesDir, "invalid", "*.err"))
	if err != nil {
		t.Fatal(err)
	}
	ys := fixtures(t, "invalid")
	have := map[string]bool{}
	for _, y := range ys {
		have[strings.TrimSuffix(y, ".yaml")] = true
	}
	for _, e := range errs {
		if !have[strings.TrimSuffix(e, ".err")] {
			t.Errorf("%s has no .yaml beside it", e)
		}
	}
	if len(ys) < 12 {
		t.Errorf("only %d invalid fixtures", len(ys))
	}
}

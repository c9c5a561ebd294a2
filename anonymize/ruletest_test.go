package anonymize

import (
	"testing"

	"github.com/anonymize/anonymize/rules"
)

// TestDefaultRuleTests runs the inline tests of every default rule file.
func TestDefaultRuleTests(t *testing.T) {
	pack, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range pack.Rules {
		fails, err := TestRule(pack, r)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fails {
			t.Error(f)
		}
	}
}

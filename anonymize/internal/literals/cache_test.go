package literals

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAnalysesRoundTrip: analyses read back from their encoding are those
// encoded, and a cut or lengthened encoding is refused whole.
func TestAnalysesRoundTrip(t *testing.T) {
	all := map[string]analysis{}
	for _, src := range []string{`(?i)\bkelvin\b`, `\b(?:MIT|ETH Zurich)\b`, `x*`, `(?i)\b(?:peers?|managers?)\s+(?:from|at)\s+[A-Z]\w+`,
		`(?i)\b(?:\d{1,2}|ten)\s*years?\s+(?:experience|exp\b)`, `é|ſtraße`} {
		all[src] = analyse(regexp.MustCompile(src))
	}
	b := encodeAnalyses(all)
	back, err := decodeAnalyses(string(b))
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b analysis) bool {
		if a.ok != b.ok || len(a.req) != len(b.req) || len(a.also) != len(b.also) {
			return false
		}
		return cmp.Equal(a.req, b.req, cmp.AllowUnexported(literal{})) || len(a.req) == 0
	}
	for src, a := range all {
		if !same(a, back[src]) {
			t.Errorf("%s: read back %+v, want %+v", src, back[src], a)
		}
		for i := range a.also {
			if !cmp.Equal(a.also[i], back[src].also[i], cmp.AllowUnexported(literal{})) {
				t.Errorf("%s: set %d read back %v, want %v", src, i, back[src].also[i], a.also[i])
			}
		}
	}
	for _, bad := range []string{"", string(b[:len(b)/2]), string(b[:len(b)-1]), string(b) + "x"} {
		if _, err := decodeAnalyses(bad); err == nil {
			t.Errorf("%d bytes of %d read", len(bad), len(b))
		}
	}
}

package codesignaltest

import (
	"errors"
	"strings"
	"testing"
)

// TestDecodeGraphQLRequest: a body too large or not JSON is refused with
// why; numbers in variables stay exact.
func TestDecodeGraphQLRequest(t *testing.T) {
	body, err := decodeGraphQLRequest([]byte(`{"query":"q","variables":{"first":50,"big":9007199254740993}}`), nil)
	if err != nil || body.Query != "q" || body.Variables["first"] != int32(50) || body.Variables["big"] != int64(9007199254740993) {
		t.Errorf("body %+v (%T), %v", body, body.Variables["big"], err)
	}
	for _, tc := range []struct {
		raw     string
		readErr error
		want    string
	}{
		{"", errors.New("connection reset"), "connection reset"},
		{strings.Repeat(" ", maxBody+1), nil, "larger than"},
		{"{", nil, "unexpected EOF"},
	} {
		if _, err := decodeGraphQLRequest([]byte(tc.raw), tc.readErr); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.20q: %v, want %q", tc.raw, err, tc.want)
		}
	}
}

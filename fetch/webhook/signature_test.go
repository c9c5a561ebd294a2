package webhook

import (
	"strings"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	secret := []byte("s3cret")
	const url = "https://anonymize.example.com/webhooks/codesignal"
	now := time.UnixMilli(1_750_000_000_000)
	ms := now.UnixMilli()
	v := &Verifier{Secret: secret, EndpointURL: url, MaxAge: time.Hour, MaxSkew: 5 * time.Minute, Now: func() time.Time { return now }}
	good := Sign(secret, url, LiveInterviewFeedbackUpdated, ms)
	tests := []struct {
		name   string
		sig    string
		event  string
		at     int64
		reason string // "" means accepted
	}{
		{"documented form", good, LiveInterviewFeedbackUpdated, ms, ""},
		{"literal form", SignLiteral(secret, url, ms), LiveInterviewFeedbackUpdated, ms, ""},
		{"uppercase hex", strings.ToUpper(good), LiveInterviewFeedbackUpdated, ms, ""},
		{"a minute old", Sign(secret, url, LiveInterviewFinished, ms-60_000), LiveInterviewFinished, ms - 60_000, ""},
		{"slightly ahead", Sign(secret, url, LiveInterviewFinished, ms+60_000), LiveInterviewFinished, ms + 60_000, ""},
		{"wrong secret", Sign([]byte("other"), url, LiveInterviewFeedbackUpdated, ms), LiveInterviewFeedbackUpdated, ms, ReasonBadSignature},
		{"wrong secret, literal form", SignLiteral([]byte("other"), url, ms), LiveInterviewFeedbackUpdated, ms, ReasonBadSignature},
		{"other event name", good, LiveInterviewFinished, ms, ReasonBadSignature},
		{"other time", good, LiveInterviewFeedbackUpdated, ms + 1, ReasonBadSignature},
		{"other URL", Sign(secret, url+"/", LiveInterviewFeedbackUpdated, ms), LiveInterviewFeedbackUpdated, ms, ReasonBadSignature},
		{"http instead of https", Sign(secret, strings.Replace(url, "https", "http", 1), LiveInterviewFeedbackUpdated, ms), LiveInterviewFeedbackUpdated, ms, ReasonBadSignature},
		{"stale", Sign(secret, url, LiveInterviewFinished, ms-2*3600_000), LiveInterviewFinished, ms - 2*3600_000, ReasonStale},
		{"future", Sign(secret, url, LiveInterviewFinished, ms+3600_000), LiveInterviewFinished, ms + 3600_000, ReasonFuture},
		{"stale and forged", Sign([]byte("other"), url, LiveInterviewFinished, ms-2*3600_000), LiveInterviewFinished, ms - 2*3600_000, ReasonBadSignature},
		{"missing", "", LiveInterviewFinished, ms, ReasonMissingSignature},
		{"too short", good[:63], LiveInterviewFeedbackUpdated, ms, ReasonMalformedSignature},
		{"too long", good + "0", LiveInterviewFeedbackUpdated, ms, ReasonMalformedSignature},
		{"not hex", "z" + good[1:], LiveInterviewFeedbackUpdated, ms, ReasonMalformedSignature},
		{"with prefix", "sha256=" + good[7:], LiveInterviewFeedbackUpdated, ms, ReasonMalformedSignature},
		{"base64-looking", "c2lnbmF0dXJl", LiveInterviewFeedbackUpdated, ms, ReasonMalformedSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Verify(tt.sig, tt.event, tt.at)
			if got := ReasonOf(err); got != tt.reason {
				t.Fatalf("Verify: reason %q (err %v), want %q", got, err, tt.reason)
			}
			if err != nil && tt.sig != "" && len(tt.sig) > 8 && strings.Contains(err.Error(), tt.sig) {
				t.Errorf("error repeats the signature: %v", err)
			}
		})
	}
	t.Run("no secret configured", func(t *testing.T) {
		v := &Verifier{EndpointURL: url}
		if err := v.Verify(Sign(nil, url, LiveInterviewFinished, ms), LiveInterviewFinished, ms); err == nil {
			t.Fatal("an empty secret verified a signature")
		}
	})
}

func TestSignKnownAnswer(t *testing.T) {
	// HMAC-SHA256("key", "https://x.test/hliveInterviewFinished1700000000000"), computed independently with
	// printf %s 'https://x.test/hliveInterviewFinished1700000000000' | openssl dgst -sha256 -hmac key
	got := Sign([]byte("key"), "https://x.test/h", LiveInterviewFinished, 1700000000000)
	if want := "766da78f16634020fa41d82579b7972b9d57b88fafa2df4bdb10d42166e53b18"; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	got = SignLiteral([]byte("key"), "https://x.test/h", 1700000000000)
	if want := "d8cac74cc883448f2b1d77982d9991610792164c36fc46c0899d2f5307b7483a"; got != want {
		t.Errorf("SignLiteral = %s, want %s", got, want)
	}
}

func TestParseEvent(t *testing.T) {
	ok := []string{
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000,"payload":{"interviewId":"li-1","candidateName":"X","candidateEmail":"x@example.com"}}`,
		`{"event":"liveInterviewFeedbackUpdated","triggeredOn":1750000000000,"payload":{"interviewId":"li-1","interviewerId":"u-1","feedback":{"generalNotes":"n"}}}`,
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000,"payload":{"interviewId":42}}`,
		`{"event":"companyTestSessionFinished","triggeredOn":1750000000000,"payload":{"testSessionId":"t"}}`,
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000,"payload":{"interviewId":"li-1"},"extra":true}`,
	}
	for _, s := range ok {
		if _, err := ParseEvent([]byte(s)); err != nil {
			t.Errorf("ParseEvent(%s): %v", s, err)
		}
	}
	bad := []string{
		``, `null`, `[]`, `{`, `{"event":"x"}`,
		`{"triggeredOn":1750000000000,"payload":{}}`,
		`{"event":"","triggeredOn":1750000000000,"payload":{}}`,
		`{"event":"liveInterviewFinished","triggeredOn":1.5,"payload":{"interviewId":"a"}}`,
		`{"event":"liveInterviewFinished","triggeredOn":-1,"payload":{"interviewId":"a"}}`,
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000,"payload":[]}`,
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000}`,
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000,"payload":{}}`,
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000,"payload":{"interviewId":""}}`,
		`{"event":"liveInterviewFeedbackUpdated","triggeredOn":1750000000000,"payload":{"interviewId":"a","interviewerId":{}}}`,
		`{"event":"liveInterviewFinished","triggeredOn":1750000000000,"payload":{"interviewId":"a"}} {}`,
	}
	for _, s := range bad {
		if ev, err := ParseEvent([]byte(s)); err == nil {
			t.Errorf("ParseEvent(%s) = %+v, want an error", s, ev)
		}
	}
}

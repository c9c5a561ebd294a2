package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// SignatureHeader carries the signature of a delivery.
const SignatureHeader = "X-CodeSignal-Signature"

// Sign returns the documented signature: lowercase hex of HMAC-SHA256 keyed
// with secret over endpointURL + event + triggeredOn (decimal).
func Sign(secret []byte, endpointURL, event string, triggeredOn int64) string {
	return hex.EncodeToString(mac(secret, endpointURL+event+strconv.FormatInt(triggeredOn, 10)))
}

// SignLiteral returns the other documented form, over endpointURL +
// triggeredOn: what the documentation's snippet computes if read literally.
func SignLiteral(secret []byte, endpointURL string, triggeredOn int64) string {
	return hex.EncodeToString(mac(secret, endpointURL+strconv.FormatInt(triggeredOn, 10)))
}

func mac(secret []byte, msg string) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// Reasons a delivery is refused; they label the rejection metric.
const (
	ReasonMissingSignature   = "missing_signature"
	ReasonMalformedSignature = "malformed_signature"
	ReasonBadSignature       = "bad_signature"
	ReasonStale              = "stale"
	ReasonFuture             = "future"
	ReasonMalformedBody      = "malformed_body"
	ReasonTooLarge           = "too_large"
	ReasonMethod             = "method"
	ReasonJournal            = "journal_error"
	ReasonReplay             = "replay"
	ReasonContentType        = "content_type"
)

// Reasons lists every rejection reason, in a fixed order, for metrics.
var Reasons = []string{ReasonMissingSignature, ReasonMalformedSignature, ReasonBadSignature, ReasonStale,
	ReasonFuture, ReasonMalformedBody, ReasonTooLarge, ReasonMethod, ReasonJournal, ReasonReplay, ReasonContentType}

// RejectError says why a delivery was refused. Its message never repeats
// the signature or the secret.
type RejectError struct {
	Reason string
	Detail string
}

func (e *RejectError) Error() string {
	if e.Detail == "" {
		return "webhook refused: " + e.Reason
	}
	return "webhook refused: " + e.Reason + ": " + e.Detail
}

// ReasonOf returns the reason of a *RejectError in err's chain, else "".
func ReasonOf(err error) string {
	var re *RejectError
	if errors.As(err, &re) {
		return re.Reason
	}
	return ""
}

// Defaults of Verifier.
const (
	DefaultMaxAge  = time.Hour
	DefaultMaxSkew = 5 * time.Minute
)

// Verifier checks signatures for one registered endpoint.
type Verifier struct {
	// Secret is the webhook's secret.
	Secret []byte
	// EndpointURL is the URL registered with CodeSignal, byte for byte: the
	// signature covers it, so a proxy in front changes nothing here.
	EndpointURL string
	// MaxAge bounds how old triggeredOn may be (DefaultMaxAge when 0).
	MaxAge time.Duration
	// MaxSkew bounds how far in the future triggeredOn may be, for clocks
	// that disagree (DefaultMaxSkew when 0).
	MaxSkew time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Verify checks a delivery's signature header against the event's name and
// triggeredOn in both documented forms, in constant time, and then that
// triggeredOn is neither too old nor in the future. A wrong signature is
// reported before the time, so that a forged event cannot probe the
// window. Errors are *RejectError.
func (v *Verifier) Verify(signature, event string, triggeredOn int64) error {
	if len(v.Secret) == 0 {
		return &RejectError{Reason: ReasonBadSignature, Detail: "no secret configured"}
	}
	if signature == "" {
		return &RejectError{Reason: ReasonMissingSignature, Detail: "no " + SignatureHeader + " header"}
	}
	got := make([]byte, sha256.Size)
	if len(signature) != hex.EncodedLen(sha256.Size) {
		return &RejectError{Reason: ReasonMalformedSignature, Detail: fmt.Sprintf("want %d hex digits, got %d characters", hex.EncodedLen(sha256.Size), len(signature))}
	}
	if _, err := hex.Decode(got, []byte(signature)); err != nil {
		return &RejectError{Reason: ReasonMalformedSignature, Detail: "not hexadecimal"}
	}
	ts := strconv.FormatInt(triggeredOn, 10)
	// Both forms are computed and compared every time, so the time taken
	// does not say which form (if any) came close.
	full := hmac.Equal(got, mac(v.Secret, v.EndpointURL+event+ts))
	literal := hmac.Equal(got, mac(v.Secret, v.EndpointURL+ts))
	if !full && !literal {
		return &RejectError{Reason: ReasonBadSignature, Detail: "signature does not match"}
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	maxAge, maxSkew := v.MaxAge, v.MaxSkew
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	if maxSkew <= 0 {
		maxSkew = DefaultMaxSkew
	}
	at := time.UnixMilli(triggeredOn)
	n := now()
	switch {
	case at.Before(n.Add(-maxAge)):
		return &RejectError{Reason: ReasonStale, Detail: fmt.Sprintf("triggered %s ago, more than %s", n.Sub(at).Round(time.Second), maxAge)}
	case at.After(n.Add(maxSkew)):
		return &RejectError{Reason: ReasonFuture, Detail: fmt.Sprintf("triggered %s in the future, more than %s", at.Sub(n).Round(time.Second), maxSkew)}
	}
	return nil
}

package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Event names CodeSignal sends (webhooks.md). Only the interview events
// matter for packets; the test-session events are known so that they can
// be acknowledged and ignored rather than counted as unknown.
const (
	LiveInterviewFinished        = "liveInterviewFinished"
	LiveInterviewFeedbackUpdated = "liveInterviewFeedbackUpdated"
	CompanyTestSessionCreated    = "companyTestSessionCreated"
	CompanyTestSessionStarted    = "companyTestSessionStarted"
	CompanyTestSessionFinished   = "companyTestSessionFinished"
)

// IsInterviewEvent reports whether an event with this name concerns a live
// interview, and so may change a packet.
func IsInterviewEvent(name string) bool {
	return name == LiveInterviewFinished || name == LiveInterviewFeedbackUpdated
}

// Event is one delivery's body: {"event", "triggeredOn", "payload"}.
type Event struct {
	Event       string          `json:"event"`
	TriggeredOn int64           `json:"triggeredOn"` // milliseconds since the Unix epoch
	Payload     json.RawMessage `json:"payload"`
}

// ErrMalformed wraps every reason a body is not an event.
var ErrMalformed = errors.New("malformed event")

// ParseEvent decodes a delivery's body. It checks the envelope (an event
// name, an integral triggeredOn, an object payload) and, for the interview
// events, that the payload names an interview; it keeps nothing else of the
// payload, which is not signed.
func ParseEvent(body []byte) (Event, error) {
	var raw struct {
		Event       *string         `json:"event"`
		TriggeredOn json.Number     `json:"triggeredOn"`
		Payload     json.RawMessage `json:"payload"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return Event{}, fmt.Errorf("%w: data after the JSON object", ErrMalformed)
	}
	if raw.Event == nil || *raw.Event == "" {
		return Event{}, fmt.Errorf("%w: no event name", ErrMalformed)
	}
	if raw.TriggeredOn == "" {
		return Event{}, fmt.Errorf("%w: no triggeredOn", ErrMalformed)
	}
	ms, err := strconv.ParseInt(raw.TriggeredOn.String(), 10, 64)
	if err != nil || ms <= 0 {
		return Event{}, fmt.Errorf("%w: triggeredOn %q is not a positive integer of milliseconds", ErrMalformed, raw.TriggeredOn)
	}
	ev := Event{Event: *raw.Event, TriggeredOn: ms, Payload: raw.Payload}
	if len(bytes.TrimSpace(raw.Payload)) == 0 || bytes.TrimSpace(raw.Payload)[0] != '{' {
		return Event{}, fmt.Errorf("%w: payload is not an object", ErrMalformed)
	}
	if IsInterviewEvent(ev.Event) {
		if _, err := ev.Refs(); err != nil {
			return Event{}, err
		}
	}
	return ev, nil
}

// Refs are the ids an interview event points at: all a receiver keeps of
// its payload. They say what to re-read, never what it holds.
type Refs struct {
	InterviewID   string `json:"interviewId"`
	InterviewerID string `json:"interviewerId,omitempty"`
}

// Refs extracts the interview (and, for feedback, the interviewer) id from
// an interview event's payload.
func (e Event) Refs() (Refs, error) {
	var p struct {
		InterviewID   any `json:"interviewId"`
		InterviewerID any `json:"interviewerId"`
	}
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return Refs{}, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
	}
	id, ok := idString(p.InterviewID)
	if !ok || id == "" {
		return Refs{}, fmt.Errorf("%w: %s payload has no interviewId", ErrMalformed, e.Event)
	}
	r := Refs{InterviewID: id}
	if p.InterviewerID != nil {
		if r.InterviewerID, ok = idString(p.InterviewerID); !ok {
			return Refs{}, fmt.Errorf("%w: %s payload: interviewerId is not an id", ErrMalformed, e.Event)
		}
	}
	if len(r.InterviewID) > 200 || len(r.InterviewerID) > 200 {
		return Refs{}, fmt.Errorf("%w: %s payload: id longer than 200 bytes", ErrMalformed, e.Event)
	}
	return r, nil
}

// idString accepts an id sent as a string or as a number.
func idString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case float64:
		if t == float64(int64(t)) {
			return strconv.FormatInt(int64(t), 10), true
		}
	}
	return "", false
}

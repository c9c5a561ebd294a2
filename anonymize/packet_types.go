package anonymize

import "github.com/anonymize/anonymize/fetch"

// Person is a known identity taken from the API record.
type Person struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	// Username is the CodeSignal handle, for interviewers.
	Username string `json:"username,omitempty"`
}

// Pseudonym records which label stands for whom within one packet. It goes
// to the key file only, never into a packet.
type Pseudonym struct {
	Label string `json:"label"` // "the candidate", "Interviewer A", "Person B"
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// Packet is one candidate's interviews after redaction.
type Packet struct {
	// Candidate is who the packet is about: for the key file only.
	Candidate Person
	// Interviews are redacted copies in the export shape: free text
	// rewritten, people's ids, emails and usernames dropped, interview ids
	// and links dropped, author names replaced by role labels, scores kept.
	Interviews []fetch.LiveInterview
	// Pending counts interviews that have not been held yet (no notes).
	Pending int
	// Pseudonyms says which label stands for whom.
	Pseudonyms []Pseudonym
	// Changes counts the rewrites made, by rule id.
	Changes map[string]int
	// Leaks lists what verification still found; a packet with leaks must
	// not be published.
	Leaks []Leak
	// Unknown lists the capitalised words kept (or, where the pack says
	// so, removed) without being understood, with their context: for a
	// coordinator-only report beside the key file, never for a packet.
	Unknown []Unknown
	// Texts are the packet's free texts before and after redaction, with
	// every change, for the coordinator's review page only: they hold the
	// originals, so they never go where the committee reads.
	Texts []TextChanges
}

// TextChanges is one free text of a packet and what redaction did to it.
type TextChanges struct {
	Field    string // as Leak.Field: "interviews[0].interviewersFeedback[1].notes"
	Original string
	Redacted string
	// Changes are in the order they were made: the first pass's (with
	// flagged findings, whose offsets are in Original), then those of each
	// later pass over changed sentences, whose Start and End are offsets in
	// the previous pass's output and OutStart and OutEnd in its own.
	Changes []Change
}

// Leak is a known identity or identifier pattern found after rewriting. It
// names where and what kind, never the text itself, so that reports about
// leaks do not leak.
type Leak struct {
	Field  string `json:"field"`  // e.g. "interviews[1].interviewersFeedback[0].notes"
	Offset int    `json:"offset"` // byte offset within the field
	Kind   string `json:"kind"`   // "candidate-name", "interviewer-name", "email", "phone", "url"
}

package rules

// What the engine writes for people and removed details when a pack says
// nothing else: the entity rule's labels and the sentence rule's marker.
// They live here once; the engine and the loader both read them.
const (
	DefaultCandidateLabel   = "the candidate"
	DefaultInterviewerLabel = "Interviewer {A}"
	DefaultOtherLabel       = "Person {A}"
	DefaultRemovedMarker    = "[personal detail removed]"
)

// DefaultLabels is an entity rule with the default labels and nothing
// else: the labels of a pack without an entity rule.
func DefaultLabels() *Entity {
	return &Entity{Candidate: DefaultCandidateLabel, Interviewer: DefaultInterviewerLabel, Other: DefaultOtherLabel}
}

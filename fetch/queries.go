package fetch

// The query documents APISource sends. They are constants, not built by
// reflection, so that a test can validate every one of them against the
// project's copy of the schema, and the fields they select are exactly the
// fields of LiveInterview, so that one decoder (DecodeExport, which rejects
// unknown fields) serves the API and export files alike.

const interviewFragment = `
fragment interviewFields on LiveInterview {
  id
  candidateEmail
  candidateName
  status
  startDate
  finishDate
  url
  shortenedUrl
  interviewersFeedback {
    author { id username profile { name email } }
    notes
    recommendedLevel
    evaluation
    categories { name attributes { name score notes } }
  }
}`

// candidateQuery pages one candidate's interviews.
const candidateQuery = `query CandidateInterviews($candidateEmail: String!, $first: Int!, $offset: Int!) {
  liveInterviews(candidateEmail: $candidateEmail, first: $first, offset: $offset) { ...interviewFields }
}` + interviewFragment

// allQuery pages every interview of the company: the API has taken
// candidateEmail as optional since 2024-10.
const allQuery = `query AllInterviews($first: Int!, $offset: Int!) {
  liveInterviews(first: $first, offset: $offset) { ...interviewFields }
}` + interviewFragment

// oneQuery reads one interview by id.
const oneQuery = `query LiveInterview($id: ID!) {
  liveInterview(liveInterviewId: $id) { ...interviewFields }
}` + interviewFragment

// queryDocuments lists every document the client can send, by name, for
// the schema test.
var queryDocuments = map[string]string{
	"CandidateInterviews": candidateQuery,
	"AllInterviews":       allQuery,
	"LiveInterview":       oneQuery,
}

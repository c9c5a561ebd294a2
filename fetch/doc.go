// Package fetch reads CodeSignal live interviews and their feedback.
//
// One data model (LiveInterview and the types below it) serves every source:
// the GraphQL API (APISource) and an export file in the shape of the API's
// data object (FileSource). Sources return plain values; nothing here knows
// about redaction.
package fetch

package fetch

// QueryDocuments exposes the client's query documents to the external
// tests, which validate them against the simulator's schema (an internal
// test cannot import codesignaltest: it imports fetch).
var QueryDocuments = queryDocuments

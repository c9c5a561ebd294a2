package codesignaltest

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/anonymize/anonymize/fetch"
)

// The schema the server serves and clients validate their queries against.
// It is a verbatim copy of ../shared/codesignal/schema.graphql.
//
//go:embed schema.graphql
var schemaText string

// The sample organisation: demo data and test data at once.
//
//go:embed sample/org.json
var sampleJSON []byte

// SampleName is how errors and logs name the embedded sample organisation.
const SampleName = "codesignaltest/sample/org.json (embedded)"

// Schema returns the GraphQL schema (SDL) the server serves.
func Schema() string { return schemaText }

// LoadSample decodes the embedded sample organisation. It fails only if the
// embedded file is broken, which the package's tests catch; programs should
// still report the error rather than crash.
func LoadSample() (fetch.Export, error) {
	ex, err := fetch.DecodeExport(SampleName, bytes.NewReader(sampleJSON))
	if err != nil {
		return fetch.Export{}, fmt.Errorf("decoding the embedded sample organisation: %w", err)
	}
	return ex, nil
}

// Sample returns the embedded sample organisation, freshly decoded (callers
// may modify it). It panics if the embedded file is broken: that is a bug in
// this repository, never bad user input, and tests catch it first.
func Sample() fetch.Export {
	ex, err := LoadSample()
	if err != nil {
		panic(err)
	}
	return ex
}

// SampleJSON returns the embedded sample organisation as written.
func SampleJSON() []byte { return bytes.Clone(sampleJSON) }

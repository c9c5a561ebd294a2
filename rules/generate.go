package rules

// The generated lexicon rules of the default pack (rules/default/lexicon-*.yaml
// whose header says so) come from public data outside the repository, by
// default ../shared/lexicons seen from the repository root; the LEXICONS
// environment variable points elsewhere.

//go:generate go run ./internal/lexgen -src ../../shared/lexicons -out default

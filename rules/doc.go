// Package rules loads redaction rule files: YAML in, compiled and validated
// rules out.
//
// A rule file holds one rule of one kind from a closed set (swap, sequence,
// pattern, entity, sentence, allow, lexicon); the rule's id is the file's
// stem. Lexicon rules are public knowledge as data (names, short forms,
// technologies, English words), partly generated from public sources by
// rules/internal/lexgen (go generate). The
// default pack is embedded from rules/default; user packs add rules, replace a
// default rule with the same id, or switch one off with `disabled: true`.
//
// Loading collects every error of a pack, each with its place
// (file:line:col: rule-id: message, read through rules/yamlpos, as
// committee and service files are), and never panics on user input: regular
// expressions are compiled with regexp.Compile, never MustCompile. This
// package knows nothing about tagging; POS tags are checked against the Penn
// Treebank set that the tagger uses.
//
// A command may keep the files that loaded without an error in a Ledger
// (anonymize.UseCache keeps one in the cache folder): a later load reads
// such a file's rule from the ledger instead of its YAML (codec.go), and
// its expressions, known to compile, are compiled at their first use
// (rules/lazyregexp). A file that is new, changed or had an error is read
// and checked in full, so its errors are reported as ever.
package rules

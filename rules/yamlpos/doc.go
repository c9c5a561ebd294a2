// Package yamlpos reads hand-written YAML files (rule files, pack.yaml,
// committee files, the service file) and reports every problem at once, each
// at its place as file:line:col.
//
// A Decoder walks the parsed nodes with typed readers (Fields, Str, Text,
// Strs, Bool, Seq, Int) that record an Error instead of stopping at the first
// one, so that a person fixing a file sees all of it in one run. All files of
// the project word their problems alike through it: "where: want a string,
// got a list".
package yamlpos

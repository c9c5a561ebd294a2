// Command lexgen derives the default pack's lexicon rules from public data
// (given names and their short forms from Wiktionary, English nicknames,
// forenames and surnames by country, Stack Overflow tags, SCOWL's English
// word list) and writes them as rule files into rules/default, where the
// binary embeds them. Developers run it through go generate when the data
// changes; tests and CI never do, and the binary never reads the sources.
//
//	go generate ./rules                    # reads ../shared/lexicons
//	go run ./rules/internal/lexgen -src DIR -out rules/default
//
// Each list keeps only what the pipeline uses: names that are also words
// (replaced only where they name someone), names that are not words
// (evidence of a person), short forms of given names, technical names that
// are neither words nor names, and English words stored as stems.
package main

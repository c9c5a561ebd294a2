// Command anonymize turns CodeSignal interview notes into packets a hiring
// committee can read without learning who the candidate is.
//
//	anonymize --candidate EMAIL [--api-url URL] [--api-key-file FILE] [--input FILE] [--out DIR] [--coordinator DIR]
//	anonymize redact [--candidate NAME] [--interviewer NAME]... [--only RULE,...] [--rules DIR] [FILE]
//	anonymize explain [same flags as redact] [FILE]
//	anonymize demo [--out DIR]
//	anonymize rules list|test [DIR]
//	anonymize batch [--since DURATION] [flags] [COMMITTEE.yaml]
//	anonymize reveal CODE [--key FILE|DIR] [--identity FILE]
//	anonymize serve --config service.yaml
//
// Exit codes: 0 done; 1 an error; 2 bad usage; 3 a packet failed the leak
// gate and was quarantined; 4 rule tests failed; 5 some candidates of a
// batch failed.
package main

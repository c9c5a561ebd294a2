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
// Flags may come before or after arguments, for every command; "--" ends
// them. --version prints the module version and VCS revision.
//
// Exit codes, the same for every command (exitTable; the README holds the
// same table):
//
//	0  done (or nothing changed)
//	1  an error: network, API, files, interrupted; run it again to finish
//	2  bad usage: an unknown command or flag, a bad value, a committee,
//	   service or rule file with errors, no API key, an API URL that would
//	   send the key in clear
//	3  a packet failed the leak gate and was quarantined
//	4  rule tests failed (rules test)
//	5  some candidates of a batch failed (rerun to retry them); wins over 3
package main

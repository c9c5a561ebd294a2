// Package batch prepares packets: for each candidate it fetches the
// interviews, redacts them, passes them through the leak gate, and writes
// the packet (or quarantines it) and the key file.
//
// PrepareOne does one candidate; Run does a committee's candidates
// concurrently, with a manifest that lets a rerun skip what did not change
// and finish what an interrupted run left. Committee files (LoadCommittee)
// say whose packets a meeting needs; Scheduler runs each meeting's
// preparation at its time for the service (anonymize/service).
package batch

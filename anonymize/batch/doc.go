// Package batch prepares packets: for each candidate it fetches the
// interviews, redacts them, passes them through the leak gate, and writes
// the packet (or quarantines it) and the key file.
package batch

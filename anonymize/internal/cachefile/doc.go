// Package cachefile keeps a value built at start (the tagger's tables, the
// literal filters' analyses) in a file between runs: written to a
// temporary file renamed over the old one, so that a reader never sees
// half a file, and read back only when its key, length and checksum hold.
// A file that fails any check is the caller's to build again.
package cachefile

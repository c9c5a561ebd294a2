// Package checkedrules keeps, in the cache folder, the ledger of rule files
// that the running executable loaded without an error (rules.Ledger), with
// their rules as decoded: a later start reads a listed file's rule from
// there rather than its YAML, and compiles its expressions at their first
// use rather than all at start.
//
// The file (checked-rules.bin) is written under the executable's Go build
// ID, so another build, which may compile or check otherwise, reads none
// of it; a rule file is listed by the SHA-256 of its id and bytes
// (rules.FileKey), so a changed file or another pack's file of the same
// name is not listed. A file that is cut short, corrupt, of another kind or
// of another executable is refused, read as an empty ledger, and written
// anew at the next load that checks a file.
package checkedrules

// Package packet writes what the hiring committee reads and what only the
// coordinator may read, from a Packet that redaction already produced.
//
// For each candidate it writes OUT/<code>/packet.md, packet.json and
// packet.html (Render, then Publish, which refuses a packet with leaks, or
// WriteRendered for the quarantine), and it keeps key.json
// (WriteKey, ReadKey), the only file that says who a code is, in the
// coordinator folder: OUT's sibling OUT.coordinator or one named by the
// caller, never inside OUT (PrepareCoordinator checks and creates it, mode
// 0700), so that OUT can be handed out as it is. The quarantine of packets
// that failed the leak gate and the review page live there too.
//
// Codes (Code) are an HMAC of the candidate's email under a random secret
// kept in the coordinator folder's .packet-secret (LoadOrCreateSecret):
// stable across runs into the same folder, and meaningless without the
// secret. Whoever holds the
// secret and a list of emails can map codes to people, so the secret is as
// sensitive as the key file and has the same mode.
//
// Every file goes through WriteFileAtomic: a temporary file in the same
// folder, synced, renamed into place, the folder synced. A reader or a
// crashed run therefore sees the old file or the new one, never a part.
//
// This package trusts the free text it receives to be redacted already; the
// leak gate checks the rendered output. What it does not trust is markup:
// notes are shown in packet.html only through a safe subset of HTML with no
// attributes, so nothing in a note can run a script or fetch anything.
// packet.md shows the same subset as Markdown, never as HTML entities.
// Render also collapses parentheticals that only echo a label
// (CollapseEchoes).
//
// For the coordinator, the review page (SaveReview, WriteReview, or
// WriteReviewEncrypted when the key is encrypted) shows every packet's texts
// with each change marked and its original beside it. It holds originals,
// so it is written into a coordinator's folder, never a packet's.
package packet

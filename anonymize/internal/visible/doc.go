// Package visible turns text into what a person reading it sees, so that a
// search for names and contact details is not fooled by how the text is
// written: markup is stripped and joined as a browser or a Markdown viewer
// shows it (Tam<b>sin</b>, **Tam**sin), character references are decoded
// (&#x54;amsin), Unicode is normalised (NFKC: fullwidth and mathematical
// letters become plain ones), invisible and format characters are dropped
// (zero-width spaces, soft hyphens, bidi controls, with a right-to-left
// override applied as it displays), Cyrillic and Greek letters that look
// like Latin ones are folded to them inside Latin-looking words, and
// letters spaced out one by one ("T a m s i n", "T-a-m-s-i-n") are joined.
//
// Read and Joined are for checking only: their output is never shown to
// anyone. Clean is for input: it removes what no note needs (control and
// invisible characters) and undoes the disguises that cost no meaning
// (compatibility letters, look-alike letters inside Latin words), so that
// redaction sees the names; it leaves markup, symbols and the scripts of
// whole words alone.
package visible

package anonymize

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRareGivenNamesAndWordSurnames: a given name of the rare list names a
// person inside a sentence without technical words, where the tagger
// misses it; the list also holds tools' names, which a technical word in
// the sentence leaves alone. After a given name the lexicons know, inside
// a sentence, a capitalised English word is the surname.
func TestRareGivenNamesAndWordSurnames(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "a rare given name in a sentence of no technology", candidate: "Ana Lima",
			in:   "Would compare them to Larissa on the payments squad, same calm.",
			want: "Would compare them to Person A on the payments squad, same calm."},
		{name: "a rare given name that is also a tool, among technical words", candidate: "Ana Lima",
			in:   "They ran Akka Streams and migrated one service to Pekko.",
			want: "They ran Akka Streams and migrated one service to Pekko."},
		{name: "an English word after a given name is its surname", candidate: "Ana Lima",
			in:   "I met Klaus Weber yesterday at the office.",
			want: "I met Person A yesterday at the office."},
		{name: "a rare given name opening a sentence as a subject, past a parenthesis", candidate: "Ana Lima",
			in:   "Conor (bar raiser, notes not yet in the system) said they were good.",
			want: "Person A (bar raiser, notes not yet in the system) said they were good."},
		{name: "a tool's name before a parenthesis and a verb, among technical words", candidate: "Ana Lima",
			in:   "Pekko (ex-Akka) handles persistence with Kafka.",
			want: "Pekko (ex-Akka) handles persistence with Kafka."},
		{name: "a tool's name before what it was, in a sentence of no other technology", candidate: "Ana Lima",
			in:   "Pekko (ex-Akka) is fine.",
			want: "Pekko (ex-Akka) is fine."},
		{name: "a month after a given name is no surname", candidate: "Ana Lima",
			in:   "I asked Larissa Monday about the panel.",
			want: "I asked Person A Monday about the panel."},
	})
}

// TestHandlesInCode: a handle built from a known name is the person's in
// code too ("TODO(pnagy)", "`dkafka`"), in both orders of the record's
// name, as in prose.
func TestHandlesInCode(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "the given name's initial before a family name recorded first", candidate: "Nagy Péter",
			in:   "// TODO(pnagy): register allocation is a linear scan.",
			want: "// TODO(the candidate): register allocation is a linear scan."},
		{name: "in backticks, the given name's initial and the surname", candidate: "Daniel Kafka",
			in:   "Their side project is `dkafka`, a consumer-lag triage CLI.",
			want: "Their side project is `the candidate`, a consumer-lag triage CLI."},
		{name: "a handle of four letters in code is no handle, as in prose", candidate: "Li Wei",
			in:   "It calls `weil(x)` first.",
			want: "It calls `weil(x)` first."},
	})
}

// TestIdeographicFullStopEndsSentence: Chinese and Japanese put no space
// after their full stop, which still ends a sentence.
func TestIdeographicFullStopEndsSentence(t *testing.T) {
	in := "経験が豊富。ARKit も使っている。The Rust was clean."
	seg := segment(in, testEngine(t).lex)
	var got []string
	for _, s := range seg.sentences {
		got = append(got, in[s.start:s.end])
	}
	want := []string{"経験が豊富。", "ARKit も使っている。", "The Rust was clean."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
}

// TestChatHeaderNamesWriter: a chat export's header line, a name and the
// message's time alone, names who wrote the message, whatever its words
// are; a line with other words before the time names nobody.
func TestChatHeaderNamesWriter(t *testing.T) {
	runRedactCases(t, []redactCase{
		{name: "an English word and an unknown surname before a time", candidate: "Ana Lima",
			in:   "Precious Eze  2:47 PM\nnoted for the debrief",
			want: "Person A  2:47 PM\nnoted for the debrief"},
		{name: "a time in brackets", candidate: "Ana Lima",
			in:   "Bryony Fairclough [14:05]\nstrong on Kafka",
			want: "Person A [14:05]\nstrong on Kafka"},
		{name: "a sentence before a time", candidate: "Ana Lima",
			in:   "Deploy at 10:42 AM\nthen the Canary Release 9:00",
			want: "Deploy at 10:42 AM\nthen the Canary Release 9:00"},
	})
}

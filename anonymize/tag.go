package anonymize

import (
	"fmt"
	"sort"
	"strings"

	"github.com/anonymize/anonymize/anonymize/internal/checkedrules"
	"github.com/anonymize/anonymize/anonymize/internal/confine"
	"github.com/anonymize/anonymize/anonymize/internal/infer"
	"github.com/anonymize/anonymize/anonymize/internal/literals"
	"github.com/anonymize/anonymize/rules"
)

// token is one word or punctuation mark of a sentence, located in the
// original text.
type token struct {
	start, end int    // byte offsets in the original text
	text       string // as in the original text
	word       string // as prose saw it: typographic quotes folded
	folded     string // fold(word), for comparing with word lists
	tag        string // Penn Treebank tag
	ner        string // "B-PERSON", "I-GPE", "O", or "" where NER did not run
	sent       int    // index of its sentence
	first      bool   // first word of its sentence
}

// nameKey is the folded word without a trailing period ("Dr." -> "dr"),
// as names and titles are looked up.
func (t token) nameKey() string {
	if strings.HasSuffix(t.word, ".") {
		return fold(strings.TrimSuffix(t.word, "."))
	}
	return t.folded
}

// tagger tags with prose v2.0.0's model through internal/infer, which
// gives the same tags and labels as prose (see its differential test) many
// times faster. The model is built once per process and shared by
// goroutines: it is read-only once built.
type tagger struct{}

// model returns the shared model, building it or waiting for Preload's
// build to finish.
func (*tagger) model() (*infer.Model, error) {
	m, err := infer.Default()
	if err != nil {
		return nil, fmt.Errorf("loading the tagger's model: %w", err)
	}
	return m, nil
}

// UseCache keeps what an engine builds the same way at every start in the
// folder dir, and reads it from there at later starts: the tagger's tables
// (instead of building them from prose's model files, most of a short
// command's start); the analyses of the rules' expressions for the literal
// filters, and how to confine them (worked out at their first run, and
// written by the Redact or Packet that ran them); and the rule files that
// loaded without an error, as decoded, so that later loads read them
// without YAML and compile their expressions at their first use
// (rules.Ledger). "" keeps nothing. A missing, stale or damaged file there
// is built and written again without a word. Call it before the first
// engine, Preload or rules.Load.
func UseCache(dir string) {
	infer.UseCache(dir)
	literals.UseCache(dir)
	confine.UseCache(dir)
	var ledger rules.Ledger
	if dir != "" {
		if l := checkedrules.Open(dir); l != nil {
			ledger = l // a nil *Ledger would be a ledger that is not nil
		}
	}
	rules.UseLedger(ledger)
}

// Preload starts building the tagger's model, and reading the leak gate's
// defaults from the embedded default pack, in the background. Both take a
// good part of a short command's time, so a command calls this first and
// reads its rules meanwhile; the first use of either waits for it.
func Preload() {
	go infer.Default() // an error is reported by the first text tagged
	go builtinGate()
}

func newTagger() *tagger {
	Preload()
	return &tagger{}
}

// quoteFolder maps typographic quotes as prose's tokenizer does, so that
// its tokens can be found again in the text.
var quoteFolder = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'")

// sentenceTokens is one sentence of a segmented text cut into the
// tagger's tokens.
type sentenceTokens struct {
	folded  string        // the sentence with typographic quotes folded
	offsets []int         // offsets in the sentence of folded's bytes; nil if the same
	toks    []infer.Token // tagged by tagSentence
	err     error
}

// tokens cuts sentence si of seg into tokens, once per segmented text.
func (seg *segmented) tokens(si int) *sentenceTokens {
	if seg.tokenized == nil {
		seg.tokenized = make([]*sentenceTokens, len(seg.sentences))
	}
	if st := seg.tokenized[si]; st != nil {
		return st
	}
	s := seg.sentences[si]
	st := &sentenceTokens{}
	st.folded, st.offsets = foldQuotes(seg.masked[s.start:s.end])
	if st.toks, st.err = infer.Tokenize(st.folded); st.err != nil {
		st.err = fmt.Errorf("tagging sentence %d: %w", si+1, st.err)
	}
	seg.tokenized[si] = st
	return st
}

// sentenceIndex returns the index of s in seg.sentences.
func (seg *segmented) sentenceIndex(s sentence) int {
	return sort.Search(len(seg.sentences), func(i int) bool { return seg.sentences[i].start >= s.start })
}

// tagSentence tags one sentence of seg; withNER also runs the entity
// recognizer, which costs several times more than tagging.
func (t *tagger) tagSentence(seg *segmented, si int, withNER bool) ([]token, error) {
	return t.appendSentence(nil, seg, si, withNER)
}

// appendSentence is tagSentence appending the tokens to dst.
func (t *tagger) appendSentence(dst []token, seg *segmented, si int, withNER bool) (out []token, err error) {
	// A panic on some text would be a bug of ours; it becomes an error for
	// this text, never a crash of the batch.
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("tagging sentence %d: the tagger panicked: %v", si+1, r)
		}
	}()
	m, err := t.model()
	if err != nil {
		return nil, err
	}
	st := seg.tokens(si)
	if st.err != nil {
		return nil, st.err
	}
	m.Annotate(st.toks, withNER)
	s := seg.sentences[si]
	at := func(k int) int {
		if st.offsets == nil {
			return s.start + k
		}
		return s.start + st.offsets[k]
	}
	out, first := dst, len(dst)
	pos := 0
	for _, pt := range st.toks {
		i := strings.Index(st.folded[pos:], pt.Text)
		if i < 0 {
			continue // the tokenizer never invents text; skip defensively rather than misplace
		}
		a, b := pos+i, pos+i+len(pt.Text)
		pos = b
		start, end := at(a), at(b)
		out = append(out, token{
			start: start, end: end, text: seg.text[start:end], word: pt.Text, folded: fold(pt.Text),
			tag: pt.Tag, ner: pt.Label, sent: si, first: len(out) == first,
		})
	}
	return out, nil
}

// foldQuotes applies quoteFolder and returns, for every byte offset of the
// folded string (and one past the end), the offset in the original; nil
// if nothing was folded.
func foldQuotes(s string) (string, []int) {
	if !strings.ContainsAny(s, "\u201c\u201d\u2018\u2019") {
		return s, nil
	}
	var b strings.Builder
	offs := make([]int, 0, len(s)+1)
	for i, r := range s {
		switch r {
		case '\u201c', '\u201d':
			b.WriteByte('"')
			offs = append(offs, i)
		case '\u2018', '\u2019':
			b.WriteByte('\'')
			offs = append(offs, i)
		default:
			n := b.Len()
			b.WriteRune(r)
			for k := n; k < b.Len(); k++ {
				offs = append(offs, i+(k-n))
			}
		}
	}
	offs = append(offs, len(s))
	return b.String(), offs
}

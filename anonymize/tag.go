package anonymize

import (
	"fmt"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
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

// tagger wraps prose with its model loaded once per process. prose's Model
// is read-only after loading, so goroutines share it (checked under -race).
type tagger struct{}

var (
	sharedModel     *prose.Model
	sharedModelOnce sync.Once
)

// model returns prose's model, loading it or waiting for Preload's load to
// finish.
func (*tagger) model() *prose.Model {
	// ModelFromData with no data sources is how prose's public API hands out
	// its default tagger and NER model as a value that can be reused;
	// NewDocument would otherwise reload both on every call.
	sharedModelOnce.Do(func() { sharedModel = prose.ModelFromData("default") })
	return sharedModel
}

// Preload starts loading prose's model in the background. Loading takes
// most of a short command's time (about 0.35 s), so a command calls this
// first and reads its rules meanwhile; the first text tagged waits for it.
func Preload() {
	go (*tagger)(nil).model()
}

func newTagger() *tagger {
	Preload()
	return &tagger{}
}

// quoteFolder maps typographic quotes as prose's tokenizer does, so that
// its tokens can be found again in the text.
var quoteFolder = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'")

// tagSentence tags one sentence of seg; withNER also runs prose's entity
// recognizer, which costs several times more than tagging.
func (t *tagger) tagSentence(seg *segmented, si int, withNER bool) (toks []token, err error) {
	// prose is third-party code fed with user text: a panic in it becomes
	// an error for this text, never a crash of the batch.
	defer func() {
		if r := recover(); r != nil {
			toks, err = nil, fmt.Errorf("tagging sentence %d: prose panicked: %v", si+1, r)
		}
	}()
	s := seg.sentences[si]
	raw := seg.masked[s.start:s.end]
	folded, offsets := foldQuotes(raw)
	doc, err := prose.NewDocument(folded,
		prose.UsingModel(t.model()),
		prose.WithSegmentation(false),
		prose.WithExtraction(withNER))
	if err != nil {
		return nil, fmt.Errorf("tagging: %w", err)
	}
	var out []token
	pos := 0
	for _, pt := range doc.Tokens() {
		i := strings.Index(folded[pos:], pt.Text)
		if i < 0 {
			continue // prose never invents text; skip defensively rather than misplace
		}
		a, b := pos+i, pos+i+len(pt.Text)
		pos = b
		start, end := s.start+offsets[a], s.start+offsets[b]
		out = append(out, token{
			start: start, end: end, text: seg.text[start:end], word: pt.Text, folded: fold(pt.Text),
			tag: pt.Tag, ner: pt.Label, sent: si, first: len(out) == 0,
		})
	}
	return out, nil
}

// foldQuotes applies quoteFolder and returns, for every byte offset of the
// folded string (and one past the end), the offset in the original.
func foldQuotes(s string) (string, []int) {
	if !strings.ContainsAny(s, "\u201c\u201d\u2018\u2019") {
		offs := make([]int, len(s)+1)
		for i := range offs {
			offs[i] = i
		}
		return s, offs
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

// nerMatters reports whether entity labels can change anything in sentence
// s: only if it has a name-like token that is not its first (see
// Engine.nameLike). prose's tokenizer alone finds out for a few percent of
// the cost of its tagger, and much less than that of its NER.
func (e *Engine) nerMatters(seg *segmented, s sentence, ro *roster) (matters bool) {
	defer func() {
		if recover() != nil {
			matters = true // cannot tell: tagSentence reports prose's failure
		}
	}()
	folded, _ := foldQuotes(seg.masked[s.start:s.end])
	doc, err := prose.NewDocument(folded,
		prose.UsingModel(e.tagger.model()),
		prose.WithSegmentation(false),
		prose.WithTagging(false),
		prose.WithExtraction(false))
	if err != nil {
		return true // cannot tell: the name tagger runs
	}
	for k, pt := range doc.Tokens() {
		if k > 0 && e.nameLike(pt.Text, ro) {
			return true
		}
	}
	return false
}

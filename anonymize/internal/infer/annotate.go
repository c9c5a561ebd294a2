package infer

import (
	"math"
	"strconv"
	"strings"
)

// Annotate sets the Tag of every token of toks, which Tokenize cut from
// one sentence, and with ner also its Label, as prose v2.0.0's NewDocument
// with tagging (and extraction) would.
func (m *Model) Annotate(toks []Token, ner bool) {
	m.annotate(toks, ner, nil)
}

// ties records, for the differential test, where a tag or label was
// chosen among scores too close to tell apart (see closeScores): prose
// may choose another one there, and everything after it may differ.
type ties struct {
	tag   []tie
	label []tie
}

type tie struct {
	pos    int      // token position
	chosen string   // what Annotate chose
	tied   []string // every candidate as good as it, chosen included
}

// closeScores tells apart two scores that prose, which adds the tagger's
// features in map order, could rank either way: weights have three
// decimals, so real differences are far larger.
func closeScores(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// scratch is the state of one Annotate call.
type scratch struct {
	ctx    []string // normalised words, with two words of padding each side
	tagAt  []string // the tag chosen at each position
	key    []byte   // feature strings are built here and looked up without copying
	score  [maxClasses]float64
	seen   uint64  // the tags some feature weighed
	lastOf []int32 // object -> its last position
}

func (m *Model) annotate(toks []Token, ner bool, log *ties) {
	n := len(toks)
	if n == 0 {
		return
	}
	s := &scratch{ctx: make([]string, n+4), tagAt: make([]string, n), key: make([]byte, 0, 64)}
	s.ctx[0], s.ctx[1] = start1, start2
	for i, t := range toks {
		s.ctx[i+2] = normalize(t.Text)
	}
	s.ctx[n+2], s.ctx[n+3] = end1, end2
	p1, p2 := start1, start2
	for i, t := range toks {
		tag := fixedTag(t.Text)
		if tag == "" {
			var ok bool
			if tag, ok = m.tagDict[t.Text]; !ok {
				tag = m.predict(s, i, t.Text, p1, p2, log)
			}
		}
		s.tagAt[i] = tag
		p2, p1 = p1, tag
	}
	// A token object repeated in the sentence shows its last tag
	// everywhere, and the recogniser reads those shown tags.
	maxObj := int32(0)
	for _, t := range toks {
		maxObj = max(maxObj, t.object)
	}
	s.lastOf = make([]int32, maxObj+1)
	for i, t := range toks {
		s.lastOf[t.object] = int32(i)
	}
	for i := range toks {
		toks[i].Tag = s.tagAt[s.lastOf[toks[i].object]]
	}
	if ner {
		m.recognise(s, toks, log)
	}
}

// fixedTag is the tag prose gives a token before consulting its model, or
// "".
func fixedTag(w string) string {
	switch {
	case w == "-":
		return "-"
	case isEmoticon(w):
		return "SYM"
	case strings.HasPrefix(w, "@") || maybeLink(w) && linkPattern.MatchString(w) || maybeEmail(w) && emailPattern.MatchString(w):
		return "NN"
	case w == "0" || strings.HasPrefix(w, "*") && emptyElement.MatchString(w):
		return "-NONE-"
	case isBracketTag(w):
		return w // "-LRB-", "-RRB-": already a tag
	}
	return ""
}

func isEmoticon(w string) bool {
	_, ok := emoticons[w]
	return ok
}

// maybeLink reports whether w has what every match of linkPattern needs:
// a period after one of [a-z0-9.-], followed by at least two bytes.
func maybeLink(w string) bool {
	for i := 1; i+2 < len(w); i++ {
		if w[i] == '.' {
			if c := w[i-1]; 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' {
				return true
			}
		}
	}
	return false
}

// maybeEmail reports whether w has what every match of emailPattern
// needs: an '@' after something.
func maybeEmail(w string) bool {
	return strings.IndexByte(w, '@') > 0
}

// isBracketTag matches ^-[A-Z]{3}-$.
func isBracketTag(w string) bool {
	if len(w) != 5 || w[0] != '-' || w[4] != '-' {
		return false
	}
	for i := 1; i < 4; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// normalize is the form of a word the tagger's word features see:
// hyphenated words, four-digit numbers and words starting with a digit
// are classes, the rest are lower-cased.
func normalize(w string) string {
	switch {
	case w == "":
		return w
	case w[0] != '-' && strings.IndexByte(w, '-') >= 0:
		return "!HYPHEN"
	case len(w) == 4 && isInt(w):
		return "!YEAR"
	case '0' <= w[0] && w[0] <= '9':
		return "!DIGITS"
	}
	return strings.ToLower(w)
}

// isInt reports whether strconv.Atoi accepts w.
func isInt(w string) bool {
	_, err := strconv.Atoi(w)
	return err == nil
}

// byteRunes[b] is string(rune(b)): prose's "i pref1" feature takes a
// word's first byte as a code point, so a byte >= 0x80 becomes a letter of
// Latin-1 ("é" -> "Ã").
var byteRunes = func() (t [256]string) {
	for b := range t {
		t[b] = string(rune(b))
	}
	return t
}()

// suffix3 is the last three bytes of w (fewer if shorter), cut as bytes.
func suffix3(w string) string {
	return w[len(w)-min(len(w), 3):]
}

// predict scores every tag for token i (word w, previous tags p1 and p2)
// and returns the best.
func (m *Model) predict(s *scratch, i int, w, p1, p2 string, log *ties) string {
	s.score = [maxClasses]float64{}
	s.seen = 0
	c := i + 2 // position in ctx
	// The features in the order prose adds them; each tag's score sums
	// its weights in this order.
	m.feature(s, ftBias, "")
	m.feature(s, ftSuffix, suffix3(w))
	m.feature(s, ftPref1, byteRunes[w[0]])
	m.feature(s, ftPrevTag, p1)
	m.feature(s, ftPrev2Tag, p2)
	m.feature2(s, ftTagPair, p1, p2)
	m.feature(s, ftWord, s.ctx[c])
	m.feature2(s, ftPrevTagW, p1, s.ctx[c])
	m.feature(s, ftPrevWord, s.ctx[c-1])
	m.feature(s, ftPrevSuffix, suffix3(s.ctx[c-1]))
	m.feature(s, ftPrev2Word, s.ctx[c-2])
	m.feature(s, ftNextWord, s.ctx[c+1])
	m.feature(s, ftNextSuffix, suffix3(s.ctx[c+1]))
	m.feature(s, ftNext2Word, s.ctx[c+2])

	best, class := math.Inf(-1), -1
	for k := range m.classes {
		if s.seen&(1<<k) != 0 && s.score[k] > best {
			best, class = s.score[k], k
		}
	}
	if class < 0 {
		return ""
	}
	if log != nil {
		var tied []string
		for k := range m.classes {
			if s.seen&(1<<k) != 0 && closeScores(s.score[k], best) {
				tied = append(tied, m.classes[k])
			}
		}
		if len(tied) > 1 {
			log.tag = append(log.tag, tie{pos: i, chosen: m.classes[class], tied: tied})
		}
	}
	return m.classes[class]
}

// feature adds the weights of the feature template+a to s.score.
func (m *Model) feature(s *scratch, template, a string) {
	s.key = append(append(s.key[:0], template...), a...)
	m.addRow(s)
}

// feature2 adds the weights of the feature template+a+" "+b to s.score.
func (m *Model) feature2(s *scratch, template, a, b string) {
	s.key = append(append(s.key[:0], template...), a...)
	s.key = append(append(s.key, ' '), b...)
	m.addRow(s)
}

// addRow adds the weights of the feature in s.key to s.score.
func (m *Model) addRow(s *scratch) {
	id, ok := m.featIDs[string(s.key)]
	if !ok {
		return
	}
	for k := m.rowStart[id]; k < m.rowStart[id+1]; k++ {
		c := m.rowClass[k]
		s.score[c] += m.rowWeight[k]
		s.seen |= 1 << c
	}
}

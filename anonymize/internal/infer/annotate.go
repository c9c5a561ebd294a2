package infer

import (
	"math"
	"strconv"
	"strings"
)

// Annotate sets the Tag of every token of toks, which Tokenize cut from
// one sentence, and with ner also its Label (else ""), as prose v2.0.0's
// NewDocument with tagging (and extraction) would.
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

// closeScores reports whether prose could rank two scores either way:
// exact ties, which it breaks in map order, and scores a rounding apart,
// as it adds the tagger's features in map order. Weights have three
// decimals, so real differences are far larger.
func closeScores(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// scratch is the state of one Annotate call.
type scratch struct {
	ctx    []string // normalised words, with two words of padding each side
	wordID []int32  // their numbers in m.feats.words, or noRow
	sufID  []int32  // the numbers of their last three bytes, or noRow
	tagAt  []string // the tag chosen at each position
	key    []byte   // the recogniser's joined values are built here
	score  [maxClasses]float64
	seen   uint64 // the tags some feature weighed
	// touched keeps what addRows read of each row before summing.
	touched uint8
	lastOf  []int32 // object -> its last position
}

func (m *Model) annotate(toks []Token, ner bool, log *ties) {
	n := len(toks)
	if n == 0 {
		return
	}
	s := &scratch{
		ctx: make([]string, n+4), wordID: make([]int32, n+4), sufID: make([]int32, n+4),
		tagAt: make([]string, n), key: make([]byte, 0, 64),
	}
	s.ctx[0], s.ctx[1] = start1, start2
	for i, t := range toks {
		s.ctx[i+2] = normalize(t.Text)
	}
	s.ctx[n+2], s.ctx[n+3] = end1, end2
	f := m.feats
	for k, w := range s.ctx {
		s.wordID[k], s.sufID[k] = noRow, noRow
		if id, ok := f.words[w]; ok {
			s.wordID[k] = id
		}
		if id, ok := f.suffixes[suffix3(w)]; ok {
			s.sufID[k] = id
		}
	}
	// The previous two tags, by number.
	t1, t2 := f.tagID(start1), f.tagID(start2)
	for i, t := range toks {
		tag, id := fixedTag(t.Text), int32(noRow)
		switch d, ok := m.tagDict[t.Text]; {
		case tag != "":
			id = f.tagID(tag)
		case ok:
			tag, id = d.tag, d.id
		default:
			if k := m.predict(s, i, t.Text, t1, t2, log); k >= 0 {
				tag, id = m.classes[k], m.classIDs[k]
			} else {
				id = f.tagID(tag) // no tag at all: "" is what the next token reads
			}
		}
		s.tagAt[i] = tag
		t2, t1 = t1, id
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
	} else {
		for i := range toks {
			toks[i].Label = ""
		}
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
	if w == "" || !emoticonStart[w[0]] {
		return false // most tokens: no map lookup
	}
	_, ok := emoticons[w]
	return ok
}

// emoticonStart marks the bytes an emoticon can start with.
var emoticonStart = func() (t [256]bool) {
	for e := range emoticons {
		t[e[0]] = true
	}
	return t
}()

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

// isInt reports whether strconv.Atoi accepts w. Only a sign and digits
// can be: anything else is refused before Atoi, whose refusal allocates
// an error.
func isInt(w string) bool {
	digits := strings.TrimLeft(w, "+-")
	if len(digits) == 0 || len(w)-len(digits) > 1 || strings.TrimLeft(digits, "0123456789") != "" {
		return false
	}
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

// predict scores every tag for token i (word w, previous tags numbered t1
// and t2) and returns the best's index in m.classes, or -1 if no feature
// weighs any.
func (m *Model) predict(s *scratch, i int, w string, t1, t2 int32, log *ties) int {
	s.score = [maxClasses]float64{}
	s.seen = 0
	f := m.feats
	c := i + 2 // position in ctx
	word := func(k, slot int) int32 {
		if id := s.wordID[k]; id != noRow {
			return f.wordRows[id][slot]
		}
		return noRow
	}
	suffix := func(k, slot int) int32 {
		if id := s.sufID[k]; id != noRow {
			return f.suffixRows[id][slot]
		}
		return noRow
	}
	rawSuffix, pair, tagWord := int32(noRow), int32(noRow), int32(noRow)
	if id, ok := f.suffixes[suffix3(w)]; ok {
		rawSuffix = f.suffixRows[id][suffixI]
	}
	prevTag, prev2Tag := int32(noRow), int32(noRow)
	if t1 != noRow {
		prevTag = f.tagRows[t1][tagPrev]
		if id := s.wordID[c]; id != noRow {
			if r, ok := f.tagWord[[2]int32{t1, id}]; ok {
				tagWord = r
			}
		}
	}
	if t2 != noRow {
		prev2Tag = f.tagRows[t2][tagPrev2]
	}
	if t1 != noRow && t2 != noRow {
		if r, ok := f.tagPairs[[2]int32{t1, t2}]; ok {
			pair = r
		}
	}
	// The features in the order prose adds them; each tag's score sums
	// its weights in this order.
	m.addRows(s, &[...]int32{f.bias, rawSuffix, f.pref1[w[0]], prevTag, prev2Tag, pair, word(c, wordI), tagWord,
		word(c-1, wordPrev), suffix(c-1, suffixPrev), word(c-2, wordPrev2), word(c+1, wordNext),
		suffix(c+1, suffixNext), word(c+2, wordNext2)})

	best, class := math.Inf(-1), -1
	for k := range m.classes {
		if s.seen&(1<<k) != 0 && s.score[k] > best {
			best, class = s.score[k], k
		}
	}
	if class < 0 {
		return -1
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
	return class
}

// addRows adds the weights of rows ids (noRow: none), in order, to
// s.score, and notes their tags in s.seen. Each row's first weight is read
// before any is summed: a row is a miss to memory or two, and read so the
// misses overlap.
func (m *Model) addRows(s *scratch, ids *[14]int32) {
	var spans [14][2]int32
	var touch uint8
	for k, id := range ids {
		if id != noRow {
			a, b := m.rowStart[id], m.rowStart[id+1]
			spans[k] = [2]int32{a, b}
			if a < b {
				touch |= m.rows[a].tag // starts the fetch of the row
			}
		}
	}
	s.touched = touch
	for _, sp := range spans {
		for _, tw := range m.rows[sp[0]:sp[1]] {
			s.score[tw.tag] += tw.weight
			s.seen |= 1 << tw.tag
		}
	}
}

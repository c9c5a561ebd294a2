package infer

import (
	"math"
	"strconv"
	"strings"
)

// recognise sets the Label of every token of toks, whose Tag Annotate has
// set, as prose's maximum-entropy recogniser would: left to right, each
// token's features read the words and shown tags around it and the label
// prefix ("B", "I", "O") chosen for the token before.
func (m *Model) recognise(s *scratch, toks []Token, log *ties) {
	n := len(toks)
	lower := make([]string, n)
	shapes := make([]string, n)
	for i, t := range toks {
		lower[i] = strings.ToLower(t.Text)
		shapes[i] = shape(t.Text, lower[i])
	}
	labelAt := make([]string, n)
	total := make([]float64, len(m.labels))
	var vals [nerFeatures]string
	prevTag := none // the label prefix of the token before
	for i := range toks {
		prevShape := m.nerValues(&vals, toks, lower, shapes, i, prevTag)
		m.nerScores(s, &vals, total, prevShape)
		best, label := math.Inf(-1), -1
		for l, v := range total {
			if v > best {
				best, label = v, l
			}
		}
		prevTag = ""
		if label >= 0 {
			labelAt[i] = m.labels[label]
			prevTag = m.prefixes[label]
			if log != nil {
				m.logLabelTies(log, total, best, i, labelAt[i])
			}
		}
		if strings.HasPrefix(prevTag, "V") {
			prevTag = "v" // prose folds labels starting with V; none does
		}
	}
	for i := range toks {
		toks[i].Label = labelAt[s.lastOf[toks[i].object]]
	}
}

// nerValues sets the feature values of token i; prevTag is the label
// prefix chosen for the token before. It returns the previous word's shape
// as the shape+previous-label feature reads it.
func (m *Model) nerValues(vals *[nerFeatures]string, toks []Token, lower, shapes []string, i int, prevTag string) (prevShape string) {
	t := toks[i]
	word := t.Text
	vals[fBias] = "True"
	vals[fWordList] = "False"
	if _, ok := m.basic[word]; ok {
		vals[fWordList] = "True"
	}
	vals[fWord] = word
	vals[fWordLower] = lower[i]
	vals[fPos] = t.Tag
	vals[fSuffix3] = strings.ToLower(suffix3(word))
	vals[fPrefix3] = strings.ToLower(word[:min(len(word), 3)])
	vals[fShape] = shapes[i]
	vals[fWordLen] = strconv.Itoa(len(word))
	prevShape = none
	if i == 0 {
		vals[fPrevWord], vals[fPrevPos] = none, none
	} else {
		vals[fPrevWord], vals[fPrevPos] = lower[i-1], toks[i-1].Tag
		if i > 1 {
			// prose leaves the shape of the previous word out for the
			// second token.
			prevShape = shapes[i-1]
		}
	}
	vals[fPrevTag] = prevTag
	if i == len(toks)-1 {
		vals[fNextWord], vals[fNextPos] = none, none
	} else {
		vals[fNextWord], vals[fNextPos] = lower[i+1], m.lowerTag(toks[i+1].Tag)
	}
	return prevShape
}

// nerScores sums into total, per label, the weights of the features vals
// hold; the three joined features are looked up through s.key. A label a
// row has no weight for gains nothing, as adding prose's zero would: the
// sums start at +0 and so never are -0, the one value adding zero changes.
func (m *Model) nerScores(s *scratch, vals *[nerFeatures]string, total []float64, prevShape string) {
	for l := range total {
		total[l] = 0
	}
	for f := range vals {
		var row int32
		var ok bool
		switch f {
		case fWordNextPos:
			s.key = joinPlus(s.key, vals[fWordLower], vals[fNextPos])
			row, ok = m.nerRows.rowBytes(f, s.key)
		case fPosPrevTag:
			s.key = joinPlus(s.key, vals[fPos], vals[fPrevTag])
			row, ok = m.nerRows.rowBytes(f, s.key)
		case fShapePrevTag:
			s.key = joinPlus(s.key, prevShape, vals[fPrevTag])
			row, ok = m.nerRows.rowBytes(f, s.key)
		default:
			row, ok = m.nerRows.row(f, vals[f])
		}
		if !ok {
			continue
		}
		for _, c := range m.nerCells[m.nerStart[row]:m.nerStart[row+1]] {
			total[c.label] += c.weight
		}
	}
}

// logLabelTies records, for the diff tool, labels that scored as high as
// the chosen one at token i.
func (m *Model) logLabelTies(log *ties, total []float64, best float64, i int, chosen string) {
	var tied []string
	for l, v := range total {
		if closeScores(v, best) {
			tied = append(tied, m.labels[l])
		}
	}
	if len(tied) > 1 {
		log.label = append(log.label, tie{pos: i, chosen: chosen, tied: tied})
	}
}

// joinPlus returns a+"+"+b in buf, reusing its storage; a map lookup by
// string(buf) does not copy it.
func joinPlus(buf []byte, a, b string) []byte {
	return append(append(append(buf[:0], a...), '+'), b...)
}

func (m *Model) lowerTag(tag string) string {
	if l, ok := m.lowTags[tag]; ok {
		return l
	}
	return strings.ToLower(tag)
}

// shape is the recogniser's word shape: a number, punctuation (ends in a
// byte outside [0-9A-Za-z_]), lower case, title case, or mixed case.
func shape(w, lower string) string {
	if mayBeFloat(w) {
		if _, err := strconv.ParseFloat(w, 64); err == nil {
			return "number"
		}
	}
	if w == "" {
		return "other"
	}
	if !isWordByte(w[len(w)-1]) {
		// prose matches \W+$: the last code point is not an ASCII word
		// character, which is to say the last byte is not one.
		return "punct"
	}
	switch {
	case lower == w:
		return "downcase"
	case strings.Title(w) == w: // prose's definition of title case, deprecated for other uses
		return "upcase"
	}
	return "mixedcase"
}

// mayBeFloat reports whether strconv.ParseFloat may accept w: what it
// accepts starts, after a sign, with a digit, a point, or the i of "inf"
// or the n of "nan" in any case. Most words are refused here, sparing the
// error ParseFloat allocates.
func mayBeFloat(w string) bool {
	if w != "" && (w[0] == '+' || w[0] == '-') {
		w = w[1:]
	}
	return w != "" && strings.IndexByte("0123456789.iInN", w[0]) >= 0
}

func isWordByte(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b == '_'
}

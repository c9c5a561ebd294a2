package infer

import (
	"strings"
)

// tagFeatures finds the rows of the tagger's features without building
// their strings. prose's features are strings such as "i-1 word the";
// here every value a feature can take is interned once at load (words,
// suffixes, tags), and a token's 14 features are array and small-map
// lookups by those numbers: the words around a token are interned once a
// sentence, not once per feature that reads them.
//
// A feature string the model has but no token can produce (a tag with a
// space in it, say) is left out: no lookup could reach it.
type tagFeatures struct {
	bias  int32
	pref1 [256]int32 // by first byte ("i pref1")

	words    map[string]int32 // normalised word -> word number
	wordRows [][5]int32       // by word: i word, i-1 word, i-2 word, i+1 word, i+2 word

	suffixes   map[string]int32 // last three bytes -> suffix number
	suffixRows [][3]int32       // by suffix: i suffix, i-1 suffix, i+1 suffix

	tags     map[string]int32 // tag -> tag number, for tags some feature holds
	tagRows  [][2]int32       // by tag: i-1 tag, i-2 tag
	tagPairs map[[2]int32]int32
	tagWord  map[[2]int32]int32 // (tag, word) -> row of "i-1 tag+i word"
}

// Slots of wordRows and suffixRows.
const (
	wordI, wordPrev, wordPrev2, wordNext, wordNext2 = 0, 1, 2, 3, 4
	suffixI, suffixPrev, suffixNext                 = 0, 1, 2
	tagPrev, tagPrev2                               = 0, 1
)

const noRow = -1

type slotted struct {
	template string
	slot     int
}

var (
	wordTemplates   = []slotted{{ftWord, wordI}, {ftPrevWord, wordPrev}, {ftPrev2Word, wordPrev2}, {ftNextWord, wordNext}, {ftNext2Word, wordNext2}}
	suffixTemplates = []slotted{{ftSuffix, suffixI}, {ftPrevSuffix, suffixPrev}, {ftNextSuffix, suffixNext}}
	tagTemplates    = []slotted{{ftPrevTag, tagPrev}, {ftPrev2Tag, tagPrev2}}
)

func newTagFeatures(n int) *tagFeatures {
	f := &tagFeatures{
		bias: noRow, words: make(map[string]int32, n/2), suffixes: map[string]int32{},
		tags: map[string]int32{}, tagPairs: map[[2]int32]int32{}, tagWord: map[[2]int32]int32{},
	}
	for b := range f.pref1 {
		f.pref1[b] = noRow
	}
	return f
}

func (f *tagFeatures) word(w string) int32 {
	return intern(f.words, &f.wordRows, w, [5]int32{noRow, noRow, noRow, noRow, noRow})
}

func (f *tagFeatures) suffix(s string) int32 {
	return intern(f.suffixes, &f.suffixRows, s, [3]int32{noRow, noRow, noRow})
}

func (f *tagFeatures) tag(t string) int32 {
	return intern(f.tags, &f.tagRows, t, [2]int32{noRow, noRow})
}

// intern returns k's id in ids, adding k with a new row empty when it has
// none.
func intern[R any](ids map[string]int32, rows *[]R, k string, empty R) int32 {
	id, ok := ids[k]
	if !ok {
		id = int32(len(*rows))
		ids[k] = id
		*rows = append(*rows, empty)
	}
	return id
}

// add files the feature string feat under its template and values.
func (f *tagFeatures) add(feat string, row int32) {
	if feat == ftBias {
		f.bias = row
		return
	}
	one := func(template string) (string, bool) {
		v, ok := strings.CutPrefix(feat, template)
		return v, ok && !strings.Contains(v, " ")
	}
	two := func(template string) (string, string, bool) {
		v, ok := strings.CutPrefix(feat, template)
		if !ok || strings.Count(v, " ") != 1 {
			return "", "", false
		}
		a, b, _ := strings.Cut(v, " ")
		return a, b, true
	}
	if v, ok := one(ftPref1); ok {
		for b := range f.pref1 {
			if byteRunes[b] == v {
				f.pref1[b] = row
			}
		}
		return
	}
	for _, t := range wordTemplates {
		if v, ok := one(t.template); ok {
			f.wordRows[f.word(v)][t.slot] = row
			return
		}
	}
	for _, t := range suffixTemplates {
		if v, ok := one(t.template); ok {
			f.suffixRows[f.suffix(v)][t.slot] = row
			return
		}
	}
	for _, t := range tagTemplates {
		if v, ok := one(t.template); ok {
			f.tagRows[f.tag(v)][t.slot] = row
			return
		}
	}
	if a, b, ok := two(ftTagPair); ok {
		f.tagPairs[[2]int32{f.tag(a), f.tag(b)}] = row
	} else if a, w, ok := two(ftPrevTagW); ok {
		f.tagWord[[2]int32{f.tag(a), f.word(w)}] = row
	}
}

// tagID is the number of tag t, or noRow if no feature holds it.
func (f *tagFeatures) tagID(t string) int32 {
	if id, ok := f.tags[t]; ok {
		return id
	}
	return noRow
}

package infer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation mark as prose's tokenizer cuts it.
type Token struct {
	Text  string
	Tag   string // Penn Treebank tag, set by Model.Annotate
	Label string // IOB entity label ("B-PERSON", "O"), set by Model.Annotate with NER

	// object is the token object prose would hand out for this token: the
	// tokens of a repeated chunk share their first occurrence's objects,
	// and Annotate gives every occurrence of an object the tag and label
	// of its last one.
	object int32
}

// sanitizer folds what prose's tokenizer folds before cutting.
var sanitizer = strings.NewReplacer(
	"\u201c", `"`,
	"\u201d", `"`,
	"\u2018", "'",
	"\u2019", "'",
	"&rsquo;", "'")

// Tokenize cuts text into tokens exactly as prose v2.0.0's tokenizer does
// (checked by the differential test): the text is cut at changes between
// whitespace and the rest, and each chunk is split further by split. An
// error is returned where prose's tokenizer would panic (a chunk whose
// lower-case form is longer than itself, such as one holding "Ⱥ'S").
func Tokenize(text string) ([]Token, error) {
	clean := sanitizer.Replace(text)
	toks := make([]Token, 0, len(clean)/4+1)
	// Chunks already cut, by text: their first token and token count.
	// prose's cache does the same, which is why repeated chunks share
	// token objects.
	type cut struct{ first, n int }
	var seen map[string]cut
	var pieces []string
	var object int32
	emit := func(chunk string, cache bool) error {
		if cache {
			if c, ok := seen[chunk]; ok {
				toks = append(toks, toks[c.first:c.first+c.n]...)
				return nil
			}
		}
		var err error
		if pieces, err = split(chunk, pieces[:0]); err != nil {
			return err
		}
		if cache {
			if seen == nil {
				seen = make(map[string]cut)
			}
			seen[chunk] = cut{len(toks), len(pieces)}
		}
		for _, p := range pieces {
			toks = append(toks, Token{Text: p, object: object})
			object++
		}
		return nil
	}
	white, start, i := false, 0, 0
	for i < len(clean) {
		r, size := utf8.DecodeRuneInString(clean[i:])
		space := unicode.IsSpace(r)
		if i == 0 {
			white = space
		}
		if space != white {
			// A whitespace chunk yields no token (prose trims each piece).
			if start < i && !white {
				if err := emit(clean[start:i], true); err != nil {
					return nil, err
				}
			}
			if r == ' ' {
				start = i + 1
			} else {
				start = i
			}
			white = !white
		}
		i += size
	}
	// The last chunk is cut afresh, never taken from or put in the cache.
	if start < i && !white {
		if err := emit(clean[start:i], false); err != nil {
			return nil, err
		}
	}
	return toks, nil
}

// Punctuation prose's tokenizer cuts off the front and the back of a
// chunk, and the contractions it cuts before.
const (
	leadPunct  = `$("[`
	trailPunct = `,)"]!;.?:'`
)

var (
	contractions = []string{"'ll", "'s", "'re", "'m"}
	negation     = []string{"n't"}
)

// split cuts one chunk (no whitespace) into tokens, appending them to out.
// Front punctuation is cut first, then a contraction, then back
// punctuation one mark at a time; emoticons and abbreviations ("U.S.",
// "Mr.") are kept whole once reached. It stops when a round changes the
// chunk's length in runes no more.
func split(chunk string, out []string) ([]string, error) {
	var back []string // back punctuation, outermost first
	last := 0
	for chunk != "" && utf8.RuneCountInString(chunk) != last {
		if isSpecial(chunk) {
			out = append(out, chunk)
			break
		}
		last = utf8.RuneCountInString(chunk)
		idx := -1
		// Every contraction holds an apostrophe, which lowering neither
		// makes nor takes away: a chunk without one is not lowered.
		if strings.IndexByte(chunk, '\'') >= 0 {
			lower := strings.ToLower(chunk)
			if idx = firstFound(lower, contractions); idx < 0 {
				idx = firstFound(lower, negation)
			}
		}
		switch {
		case len(chunk) > 1 && strings.IndexByte(leadPunct, chunk[0]) >= 0:
			out = append(out, chunk[:1])
			chunk = chunk[1:]
		case idx >= 0:
			// The index is found in the lower-case form and used on the
			// chunk itself, as prose does; where lowering changed byte
			// lengths it can point past the end, where prose panics.
			if idx > len(chunk) {
				return nil, fmt.Errorf("tokenizing %q: contraction at byte %d of its lower case, past its end", chunk, idx)
			}
			if idx > 0 {
				out = append(out, chunk[:idx])
			}
			chunk = chunk[idx:]
		case len(chunk) > 1 && strings.IndexByte(trailPunct, chunk[len(chunk)-1]) >= 0:
			back = append(back, chunk[len(chunk)-1:])
			chunk = chunk[:len(chunk)-1]
		default:
			out = append(out, chunk)
		}
	}
	for k := len(back) - 1; k >= 0; k-- {
		out = append(out, back[k])
	}
	return out, nil
}

// firstFound returns the index in s of the first of subs (in list order,
// not by position) that s holds and is longer than, or -1.
func firstFound(s string, subs []string) int {
	for _, sub := range subs {
		if i := strings.Index(s, sub); i >= 0 && len(s) > len(sub) {
			return i
		}
	}
	return -1
}

// isSpecial reports whether a chunk is kept whole: an emoticon, letters
// each followed by a period ("U.S.", "e.g."), or a capitalised
// abbreviation of two or three letters and a period ("Mr.", "Dec.").
func isSpecial(s string) bool {
	if isEmoticon(s) {
		return true
	}
	return isDottedLetters(s) || isShortAbbrev(s)
}

func isASCIILetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// isDottedLetters matches ^(?:[A-Za-z]\.){2,}$.
func isDottedLetters(s string) bool {
	if len(s) < 4 || len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i += 2 {
		if !isASCIILetter(s[i]) || s[i+1] != '.' {
			return false
		}
	}
	return true
}

// isShortAbbrev matches ^[A-Z][a-z]{1,2}\.$.
func isShortAbbrev(s string) bool {
	if len(s) < 3 || len(s) > 4 || s[0] < 'A' || s[0] > 'Z' || s[len(s)-1] != '.' {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

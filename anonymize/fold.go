package anonymize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTable maps accented Latin letters to their base letters, so that a
// name written without its accents (Jose for José, Moller for Möller) is
// still the same name.
var foldTable = func() map[rune]string {
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		"ss": "ß", "ae": "æ", "oe": "œ", "th": "þ", "dh": "ð",
	}
	m := map[rune]string{}
	for base, accented := range groups {
		for _, r := range accented {
			m[r] = base
		}
	}
	// Every other Latin letter with marks folds to its base letter by
	// canonical decomposition: Vietnamese (Phạm, Đức), Pinyin tones,
	// Romanian, Yoruba (Ọlá).
	for _, block := range [][2]rune{{0x00C0, 0x024F}, {0x1E00, 0x1EFF}} {
		for r := block[0]; r <= block[1]; r++ {
			if _, done := m[unicode.ToLower(r)]; done || !unicode.IsLetter(r) {
				continue
			}
			if base := []rune(norm.NFD.String(string(r)))[0]; base < utf8.RuneSelf && unicode.IsLetter(base) {
				m[unicode.ToLower(r)] = string(unicode.ToLower(base))
			}
		}
	}
	// Names in Greek and Cyrillic letters read as their usual
	// romanisation, so that "Ελένη" is Eleni and "Александр" Aleksandr.
	for _, letters := range []map[rune]string{greekLatin, cyrillicLatin} {
		for r, latin := range letters {
			m[r] = latin
		}
	}
	for r := rune(0x0370); r <= 0x03FF; r++ { // Greek with accents: ά, ή, ώ
		if _, done := m[r]; done {
			continue
		}
		if base := []rune(norm.NFD.String(string(r)))[0]; base != r {
			if latin, ok := greekLatin[unicode.ToLower(base)]; ok {
				m[r] = latin
			}
		}
	}
	return m
}()

// greekLatin and cyrillicLatin romanise lower-case Greek and Cyrillic
// letters the way names are usually written in Latin letters.
var greekLatin = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "u", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
}

// fold lower-cases s, removes accents and folds typographic apostrophes, for
// comparing names.
func fold(s string) string {
	// ASCII needs only lower-casing, and often not even that.
	ascii, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if ascii {
		if !upper {
			return s
		}
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if base, ok := foldTable[r]; ok {
			b.WriteString(base)
			continue
		}
		if r == '\u2019' || r == '\u2018' {
			r = '\''
		}
		b.WriteRune(r)
	}
	return b.String()
}

// appendFold appends fold(s) to b. A map looked up with m[string(key)]
// copies nothing, so a key folded into a buffer on the stack costs no
// allocation where fold would.
func appendFold(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = unicode.ToLower(r)
		if base, ok := foldTable[r]; ok {
			b = append(b, base...)
			continue
		}
		if r == '\u2019' || r == '\u2018' {
			r = '\''
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution (or a swap of two neighbours, the commonest
// typing slip).
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		diff := -1
		for i := range ra {
			if ra[i] != rb[i] {
				if diff >= 0 {
					// a transposition of neighbours
					return diff == i-1 && ra[diff] == rb[i] && ra[i] == rb[diff] && string(ra[i+1:]) == string(rb[i+1:])
				}
				diff = i
			}
		}
		return true
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}

func isCapitalized(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func isAllUpper(s string) bool {
	has := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			has = true
		}
	}
	return has
}

// capsAround reports whether a name written in capitals at text[start:end]
// stands among capitals: a word next to it on its line is in capitals too
// ("GRAPHICS ROUND — PRIYA"), or it is alone on its line. Its label is then
// written in capitals as well; a name in capitals in running prose
// ("DILRUKSHI found my broken patch path") is a habit of the writer or of
// an export, and its label reads as prose.
func capsAround(text string, start, end int) bool {
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	lineEnd := len(text)
	if k := strings.IndexByte(text[end:], '\n'); k >= 0 {
		lineEnd = end + k
	}
	before := strings.FieldsFunc(text[lineStart:start], notLetter)
	after := strings.FieldsFunc(text[end:lineEnd], notLetter)
	if len(before) == 0 && len(after) == 0 {
		return true
	}
	shout := func(w string) bool { return len(w) > 1 && isAllUpper(w) }
	return len(before) > 0 && shout(before[len(before)-1]) || len(after) > 0 && shout(after[0])
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return s != ""
}

// eachCapitalWord calls f with each match of \b\p{Lu}[\p{L}'’-]* in text,
// leftmost first as regexp finds them, until f returns false. (Like the
// expression, it takes \b as an ASCII word boundary.)
func eachCapitalWord(text string, f func(start int, word string) bool) {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		prevWord := i > 0 && isASCIIWord(text[i-1])
		if !unicode.IsUpper(r) || prevWord == (r < utf8.RuneSelf && isASCIIWord(byte(r))) {
			i += n
			continue
		}
		j := i + n
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' {
				break
			}
			j += n
		}
		if !f(i, text[i:j]) {
			return
		}
		i = j
	}
}

// eachNameAfterApostrophe calls f with each capitalised run of letters
// right after an apostrophe inside a word: "TAmAr" in "n'TAmAr", "Neil" in
// "O'Neil". prose's tokenizer cuts some of these words elsewhere ("n'T" +
// "AmAr", as it cuts "n't"), so that no token holds the name.
func eachNameAfterApostrophe(text string, f func(start int, word string)) {
	for i := 0; i < len(text); {
		j := strings.IndexAny(text[i:], "'’")
		if j < 0 {
			return
		}
		a := i + j
		_, size := utf8.DecodeRuneInString(text[a:])
		i = a + size
		prev, _ := utf8.DecodeLastRuneInString(text[:a])
		next, _ := utf8.DecodeRuneInString(text[i:])
		if a == 0 || !unicode.IsLetter(prev) || !unicode.IsUpper(next) {
			continue
		}
		b := i
		for b < len(text) {
			r, n := utf8.DecodeRuneInString(text[b:])
			if !unicode.IsLetter(r) && !unicode.Is(unicode.M, r) {
				break
			}
			b += n
		}
		f(i, text[i:b])
		i = b
	}
}

func isASCIIWord(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

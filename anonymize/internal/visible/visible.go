package visible

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Read returns s as a person reading it would see it (see the package
// documentation). Newlines stand where block elements end.
func Read(s string) string {
	// Markup twice: a reference decoded once may spell a tag, and a tag
	// removed may join a reference ("&#x54;<b></b>amsin").
	for range 2 {
		s = stripMarkup(s)
		s = html.UnescapeString(s)
	}
	if strings.Contains(s, "](") || strings.Contains(s, "][") {
		s = markdownLinks.ReplaceAllString(s, "$1")
	}
	s = joinEmphasis(s)
	if mayBreakAtHyphen(s) {
		// A word broken at the end of a line is read whole.
		s = lineBreakHyphen.ReplaceAllString(s, "$1$2")
	}
	s = digitLookAlikes(s)
	if isPlain(s) {
		// Printable ASCII: nothing below can change it.
		return s
	}
	s = applyOverrides(s)
	s = norm.NFKC.String(s)
	s = dropInvisible(s, true)
	return foldWords(s, false)
}

// Joined returns s with every run of three or more letters written one by
// one, apart ("T a m s i n", "T-a-m-s-i-n", "T.a.m.s.i.n"), joined into a
// word. Use it on Read's output.
func Joined(s string) string {
	if strings.ContainsAny(s, "-‐‑") {
		// "Tam-sin" reads as one word; the hyphenated names of a roster
		// are searched in the text as written too.
		s = dropBetween(s, isHyphen, unicode.IsLetter, true)
	}
	if !mayJoin(s) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); {
		if !lone(rs, i) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		letters := []rune{rs[i]}
		end := i + 1
		for {
			j := end
			for j < len(rs) && j-end < 3 && isSpacer(rs[j]) {
				j++
			}
			if j == end || j >= len(rs) || !lone(rs, j) {
				break
			}
			letters = append(letters, rs[j])
			end = j + 1
		}
		if len(letters) >= 3 {
			b.WriteString(string(letters))
		} else {
			b.WriteString(string(rs[i:end]))
		}
		i = end
	}
	return b.String()
}

// mayJoin is a quick look for three letters standing alone, each followed
// by a spacer, which Joined needs; most prose has none ("a cache" has one).
func mayJoin(s string) bool {
	run := 0
	prevWord := false
	for i, r := range s {
		word := isWordRune(r)
		if word && !prevWord {
			// A word starts: is it one letter long?
			_, w := utf8.DecodeRuneInString(s[i:])
			next, size := utf8.DecodeRuneInString(s[i+w:])
			if unicode.IsLetter(r) && (size == 0 || !isWordRune(next)) {
				run++
				if run >= 3 {
					return true
				}
			} else {
				run = 0
			}
		} else if !word && !isSpacer(r) {
			run = 0
		}
		prevWord = word
	}
	return false
}

// lone reports whether rs[i] is a letter standing alone: no letter or
// digit right before or after it.
func lone(rs []rune, i int) bool {
	if !unicode.IsLetter(rs[i]) {
		return false
	}
	if i > 0 && isWordRune(rs[i-1]) {
		return false
	}
	return i+1 >= len(rs) || !isWordRune(rs[i+1])
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isSpacer(r rune) bool {
	switch r {
	case ' ', '\t', '.', ',', '-', '_', '·', '•', '|', '/', '*', '‐', '‑', '–', '—':
		return true
	}
	return false
}

// Clean returns a note's text without what no note needs and with the
// disguises that cost no meaning undone: control characters other than
// tab and newline (NUL among them) and invisible format characters are
// dropped (a right-to-left override is applied as it displays first),
// letters with a compatibility form of Latin letters (fullwidth,
// mathematical, ligatures) become plain letters (the micro sign of "5 µA"
// stays), and look-alike Cyrillic and Greek letters inside words that
// also hold Latin letters become Latin. Everything else is kept byte for
// byte: markup, symbols (x², ①), and words wholly in another script.
// Character references that stand for a letter or an apostrophe are
// written as that character ("Ant&ocirc;nio", "She&#39;s"), so that the
// pipeline reads the word a browser shows; the others (&lt;, &amp;) stay,
// as they keep markup apart from text.
func Clean(s string) string {
	if strings.Contains(s, "&") {
		s = letterRefs.ReplaceAllStringFunc(s, decodeLetterRef)
	}
	if isPlain(s) {
		return s
	}
	s = applyOverrides(s)
	s = dropInvisibleKeepingEmoji(s)
	s = compatLetters(s)
	return foldWords(s, true)
}

// letterRefs are character references, named or numeric.
var letterRefs = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// decodeLetterRef returns the character a reference stands for when it is
// a letter, a combining mark or an apostrophe, and the reference otherwise.
func decodeLetterRef(ref string) string {
	d := html.UnescapeString(ref)
	r, size := utf8.DecodeRuneInString(d)
	if d == ref || size != len(d) || r == utf8.RuneError {
		return ref
	}
	if unicode.IsLetter(r) || unicode.Is(unicode.M, r) || r == '\'' || r == '’' || r == '‘' {
		return d
	}
	return ref
}

// isPlain reports whether s is printable ASCII with tabs and newlines,
// which Clean leaves as it is.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' && c != '\n' && c != '\t' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

var (
	// hidden are elements whose content is not shown.
	hidden = regexp.MustCompile(`(?is)<!--.*?(?:-->|$)|<(style|script|template)\b[^>]*>.*?(?:</(?:style|script|template)\s*>|$)`)
	// tag is an HTML tag; group 1 is its name.
	tag = regexp.MustCompile(`</?([A-Za-z][A-Za-z0-9-]*)\b(?:[^<>"']|"[^"]*"|'[^']*')*/?>`)
	// markdownLinks are [text](target) and [text][ref]; a reader sees the
	// text.
	markdownLinks = regexp.MustCompile(`\[([^\[\]\n]*)\](?:\([^()\n]*\)|\[[^\[\]\n]*\])`)
	// lineBreakHyphen is a word broken with a hyphen at the end of a line.
	lineBreakHyphen = regexp.MustCompile(`(\pL)[-‐‑]\s*\n\s*(\pL)`)
	// inWordHyphen is a hyphen between two letters ("Tam-sin"); Joined
	// drops them with dropBetween, which its test compares with this.
	inWordHyphen = regexp.MustCompile(`(\pL)[-‐‑](\pL)`)
	// emphasis is a run of Markdown emphasis or code marks between two
	// letters or digits, which a viewer shows as nothing: "Tam**sin";
	// joinEmphasis drops them with dropBetween, as for inWordHyphen.
	emphasis = regexp.MustCompile(`([\p{L}\p{N}])[*_~` + "`" + `]+([\p{L}\p{N}])`)
)

// blocks are the elements a browser shows on lines of their own (or with
// space around them); every other tag joins what is on either side.
var blocks = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true, "br": true, "caption": true,
	"dd": true, "details": true, "div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "head": true, "header": true, "hr": true, "html": true, "img": true, "input": true, "li": true,
	"main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true, "summary": true, "table": true,
	"tbody": true, "td": true, "tfoot": true, "th": true, "thead": true, "title": true, "tr": true, "ul": true,
}

func stripMarkup(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	s = hidden.ReplaceAllString(s, "")
	return tag.ReplaceAllStringFunc(s, func(t string) string {
		if blocks[strings.ToLower(tag.FindStringSubmatch(t)[1])] {
			return "\n"
		}
		return ""
	})
}

func joinEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_~`") {
		return s
	}
	return dropBetween(s, isEmphasis, isLetterOrNumber, false)
}

// dropBetween returns s without each run of runes that mark accepts
// (with single, of one rune) that has a rune word accepts on either side:
// what replacing (word)mark+(word) with "$1$2" twice leaves, in one pass
// over s. (Matches overlap in "T*a*m", so one replacement leaves the mark
// after "a", which the first match took; the second leaves none: a mark
// the first leaves has two word runes before it, the first of them not
// taken.) The expressions it stands for are inWordHyphen and emphasis,
// which TestDropBetweenIsTwoReplacements compares it with.
func dropBetween(s string, mark, word func(rune) bool, single bool) string {
	var b strings.Builder
	last := 0        // s[last:at] is still to be copied
	prev := rune(-1) // the rune before at
	for at := 0; at < len(s); {
		r, size := utf8.DecodeRuneInString(s[at:])
		if !mark(r) {
			prev = r
			at += size
			continue
		}
		end, marks, next := at+size, 1, rune(-1)
		for end < len(s) {
			n, size := utf8.DecodeRuneInString(s[end:])
			if !mark(n) {
				next = n
				break
			}
			end += size
			marks++
			r = n
		}
		if word(prev) && next >= 0 && word(next) && (!single || marks == 1) {
			b.Grow(len(s))
			b.WriteString(s[last:at])
			last = end
		}
		prev = r
		at = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isHyphen(r rune) bool         { return r == '-' || r == '‐' || r == '‑' }
func isEmphasis(r rune) bool       { return r == '*' || r == '_' || r == '~' || r == '`' }
func isLetterOrNumber(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// Bidi controls.
const (
	lro = '\u202D' // left-to-right override
	rlo = '\u202E' // right-to-left override
	pdf = '\u202C' // pop directional formatting
)

// applyOverrides reverses what a right-to-left override shows reversed:
// the text after it up to the matching pop, or to the end of the line.
func applyOverrides(s string) string {
	if !strings.ContainsRune(s, rlo) {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	for li, line := range lines {
		rs := []rune(line)
		var out []rune
		for i := 0; i < len(rs); i++ {
			if rs[i] != rlo {
				out = append(out, rs[i])
				continue
			}
			j := i + 1
			depth := 1
			for ; j < len(rs); j++ {
				if rs[j] == rlo || rs[j] == lro || rs[j] == '\u202A' || rs[j] == '\u202B' {
					depth++
				}
				if rs[j] == pdf {
					depth--
					if depth == 0 {
						break
					}
				}
				if rs[j] == '\n' {
					break
				}
			}
			seg := append([]rune(nil), rs[i+1:j]...)
			for a, b := 0, len(seg)-1; a < b; a, b = a+1, b-1 {
				seg[a], seg[b] = seg[b], seg[a]
			}
			out = append(out, seg...)
			i = j
			if j < len(rs) && rs[j] == '\n' {
				out = append(out, '\n')
			}
		}
		lines[li] = string(out)
	}
	return strings.Join(lines, "")
}

// dropInvisible removes control characters other than tab, newline and
// carriage return, format characters (zero-width spaces and joiners, soft
// hyphens, bidi controls, the byte order mark), variation selectors and
// fillers that show as nothing; with marks, also the combining marks left
// over after NFKC (those that compose have been composed): a struck-through
// or underlined name is still read.
func dropInvisible(s string, marks bool) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return r
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), invisible(r):
			return -1
		case marks && unicode.Is(unicode.Mn, r):
			return -1
		case r == '\u00A0' || r == '\u2007' || r == '\u202F':
			return ' '
		}
		return r
	}, s)
}

// dropInvisibleKeepingEmoji is dropInvisible for text that stays text: a
// variation selector or a zero-width joiner after a symbol is part of an
// emoji ("⚾️", "👩‍💻") and stays; after a letter or a digit it can only
// hide a word, and goes.
func dropInvisibleKeepingEmoji(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for _, r := range s {
		emojiPart := (r >= 0xFE00 && r <= 0xFE0F || r == '\u200D') && prev != 0 && !unicode.IsLetter(prev) && !unicode.IsDigit(prev) && !unicode.IsSpace(prev)
		if !emojiPart {
			if m := dropInvisible(string(r), false); m != string(r) {
				b.WriteString(m)
				if m != "" {
					prev = r
				}
				continue
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func invisible(r rune) bool {
	switch {
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r >= 0xE0000 && r <= 0xE007F: // tags
		return true
	}
	switch r {
	case '\u034F', '\u115F', '\u1160', '\u3164', '\uFFA0', '\u17B4', '\u17B5', '\u180E', '\u2800':
		return true
	}
	return false
}

// compatLetters replaces each letter or digit that has a compatibility
// decomposition to plain letters or digits (fullwidth Ｔ, mathematical 𝐓,
// the ligature ﬁ) by it, and leaves every other character alone, so that
// x² and ① keep their meaning.
func compatLetters(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			b.WriteRune(r)
			continue
		}
		// Only a form of Latin letters or digits is a disguise to undo: the
		// micro sign (µ, in "5 µA") and the ohm sign would become Greek
		// letters, which hide no name and would change a unit.
		k := norm.NFKC.String(string(r))
		if k != string(r) && allLettersOrDigits(k) && latinOrDigits(k) {
			b.WriteString(k)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func latinOrDigits(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Latin, r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func allLettersOrDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// foldWords replaces look-alike letters by the Latin letters they look
// like in every word made of Latin letters and look-alikes only. With
// needLatin, a word must also hold a Latin letter (a mixed-script word,
// which no language writes); without, a word wholly of look-alikes
// ("Таѕ") is folded too, which is what a reader sees but may change a
// Russian word, so only checks do it.
func foldWords(s string, needLatin bool) string {
	if isASCII(s) {
		return s
	}
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }
	return mapWords(s, inWord, func(w string) string {
		latin, other, alike := false, false, false
		for _, r := range w {
			switch {
			case lookAlike[r] != 0:
				alike = true
			case unicode.Is(unicode.Latin, r):
				latin = true
			case unicode.IsLetter(r):
				other = true
			}
		}
		if !alike || other || !latin && needLatin {
			return w
		}
		return strings.Map(func(r rune) rune {
			if l := lookAlike[r]; l != 0 {
				return l
			}
			return r
		}, w)
	})
}

// mapWords replaces each word of s, a run of runes inWord, by f of it, and
// keeps what lies between the words.
func mapWords(s string, inWord func(rune) bool, f func(string) string) string {
	var b strings.Builder
	b.Grow(len(s))
	start := -1
	for i, r := range s {
		if inWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			b.WriteString(f(s[start:i]))
			start = -1
		}
		b.WriteRune(r)
	}
	if start >= 0 {
		b.WriteString(f(s[start:]))
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lookAlike maps Cyrillic and Greek letters, and Latin small capitals, to
// the Latin letters they are drawn like in common fonts.
var lookAlike = func() map[rune]rune {
	m := map[rune]rune{}
	for _, group := range []struct {
		latin  rune
		alikes string
	}{
		// Cyrillic and Greek.
		{'A', "АΑ"}, {'B', "ВΒ"}, {'C', "СϹ"}, {'E', "ЕΕ"}, {'H', "НΗ"}, {'I', "ІΙӀ"}, {'J', "Ј"}, {'K', "КΚ"}, {'M', "МΜ"},
		{'N', "Ν"}, {'O', "ОΟ"}, {'P', "РΡ"}, {'S', "Ѕ"}, {'T', "ТΤ"}, {'X', "ХΧ"}, {'Y', "ҮΥ"}, {'Z', "Ζ"},
		{'a', "а"}, {'c', "сϲ"}, {'d', "ԁ"}, {'e', "е"}, {'h', "һ"}, {'i', "іι"}, {'j', "ј"}, {'k', "κ"}, {'l', "ӏ"},
		{'n', "ո"}, {'o', "оοσ"}, {'p', "рρ"}, {'q', "ԛ"}, {'s', "ѕ"}, {'u', "υ"}, {'v', "νѵ"}, {'w', "ԝ"}, {'x', "хχ"},
		{'y', "уγ"}, {'g', "ɡ"},
		// Latin small capitals, read as capitals.
		{'A', "ᴀ"}, {'B', "ʙ"}, {'C', "ᴄ"}, {'D', "ᴅ"}, {'E', "ᴇ"}, {'F', "ꜰ"}, {'G', "ɢ"}, {'H', "ʜ"}, {'I', "ɪ"}, {'J', "ᴊ"},
		{'K', "ᴋ"}, {'L', "ʟ"}, {'M', "ᴍ"}, {'N', "ɴ"}, {'O', "ᴏ"}, {'P', "ᴘ"}, {'R', "ʀ"}, {'S', "ꜱ"}, {'T', "ᴛ"}, {'U', "ᴜ"},
		{'V', "ᴠ"}, {'W', "ᴡ"}, {'Y', "ʏ"}, {'Z', "ᴢ"},
	} {
		for _, r := range group.alikes {
			m[r] = group.latin
		}
	}
	return m
}()

// mayBreakAtHyphen reports whether s has what every match of
// lineBreakHyphen needs: a hyphen followed by white space holding a line
// break. Most texts have hyphens, few break a word with one, and the
// expression ran over every text the gate reads.
func mayBreakAtHyphen(s string) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '-':
			i++
		case strings.HasPrefix(s[i:], "‐") || strings.HasPrefix(s[i:], "‑"):
			i += len("‐")
		default:
			continue
		}
		for ; i < len(s) && strings.IndexByte("\t\n\f\r ", s[i]) >= 0; i++ {
			if s[i] == '\n' {
				return true
			}
		}
		i-- // the loop's i++ comes to the byte after the white space
	}
	return false
}

// digitLookAlikes reads O and o as 0, and I and l as 1, in a word that
// holds at least two digits and no other letter: "77OO 9OO461" is a phone
// number to anyone reading it.
func digitLookAlikes(s string) string {
	if !strings.ContainsAny(s, "OoIl") || !mayHoldDigitWord(s) {
		return s
	}
	return readDigitWords(s)
}

// mayHoldDigitWord reports whether s, valid UTF-8, has a word (a run of
// letters and digits) with two digits or more that are ASCII: only such a
// word can change (readDigitWords also turns bytes that are no UTF-8 into
// U+FFFD, so such a text always goes through it).
func mayHoldDigitWord(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if digits++; digits >= 2 {
				return true
			}
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			digits = 0
		}
	}
	return false
}

// readDigitWords is digitLookAlikes over every word of s.
func readDigitWords(s string) string {
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return mapWords(s, inWord, func(w string) string {
		digits, others := 0, false
		for _, r := range w {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune("OoIl", r):
			default:
				others = true
			}
		}
		if digits >= 2 && !others {
			return digitReader.Replace(w)
		}
		return w
	})
}

// digitReader reads the letters drawn like digits as those digits.
var digitReader = strings.NewReplacer("O", "0", "o", "0", "I", "1", "l", "1")

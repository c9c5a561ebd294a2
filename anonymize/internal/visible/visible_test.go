package visible

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Tam<b>sin</b> wrote it", "Tamsin wrote it"},
		{"<p>Tam</p><p>sin</p>", "\nTam\n\nsin\n"},
		{"**Tam**sin and T*a*msin", "**Tamsin and Tamsin"},
		{"&#x54;amsin &#84;amsin T&#97;msin", "Tamsin Tamsin Tamsin"},
		{"&amp;#x54;amsin", "Tamsin"},
		{"Ｔａｍｓｉｎ and 𝐓𝐚𝐦𝐬𝐢𝐧", "Tamsin and Tamsin"},
		{"Tam\u200bsin Tam\u00adsin T\u2060amsin", "Tamsin Tamsin Tamsin"},
		{"\u202Enismat\u202C wrote", "tamsin wrote"},
		{"Таmsіn (Cyrillic Т, а, і) and Τamsin (Greek)", "Tamsin (Cyrillic T, a, i) and Tamsin (Greek)"},
		{"[Tam](https://x.test)sin", "Tamsin"},
		{"<style>.Tamsin{}</style>ok<!-- Tamsin -->", "ok"},
		{"Tam<!-- x -->sin", "Tamsin"},
		{"T\u0336a\u0336m\u0336", "Tam"},
		{"O(n²) stays O(n2) here", "O(n2) stays O(n2) here"},
		{"Tam-\nsin and Tam-\n  sin", "Tamsin and Tamsin"},
		{"call +44 77OO 9OO461 or 555 O1l2", "call +44 7700 900461 or 555 0112"},
		{"GOOD 2 GO, OIL 42", "GOOD 2 GO, OIL 42"},
		{"ᴛᴀᴍꜱɪɴ", "TAMSIN"},
	} {
		if got := Read(tc.in); got != tc.want {
			t.Errorf("Read(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJoined(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"met T a m s i n today", "met Tamsin today"},
		{"T-a-m-s-i-n, T.a.m.s.i.n. and T  a  m", "Tamsin, Tamsin. and Tam"},
		{"a b testing", "a b testing"},
		{"plan A or B", "plan A or B"},
		{"x = a + b", "x = a + b"},
		{"Tam-sin and Okonkwo-Reyes", "Tamsin and OkonkwoReyes"},
		{"T, a, m, s, i, n", "Tamsin"},
	} {
		if got := Joined(tc.in); got != tc.want {
			t.Errorf("Joined(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text\twith tabs\nand lines", "plain text\twith tabs\nand lines"},
		{"NUL\x00here\x07 and \x1b[31mcolour", "NULhere and [31mcolour"},
		{"Tam\u200bsin and Ｔａｍｓｉｎ", "Tamsin and Tamsin"},
		{"Таmsіn wrote Москва", "Tamsin wrote Москва"},
		{"O(n²) in ① and <b>x</b> &amp; y", "O(n²) in ① and <b>x</b> &amp; y"},
		{"\u202Enismat\u202C", "tamsin"},
		{"José Müller", "José Müller"},
		{"under 5 \u00b5A, 10 \u2126 and the \ufb01le", "under 5 \u00b5A, 10 \u2126 and the file"},
		{"Date night ⚾️💙 👩‍💻 and Tam\ufe0fsin", "Date night ⚾️💙 👩‍💻 and Tamsin"},
		{"Ant&ocirc;nio said She&#39;s &lt;b&gt; &amp; &#x54;amsin", "Antônio said She's &lt;b&gt; &amp; Tamsin"},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzReadings: any bytes (invalid UTF-8 included, as `anonymize redact`
// may be given a binary file) are read without a panic, and Clean keeps a
// plain text as it is.
// TestDropBetweenIsTwoReplacements compares dropBetween with the two
// replacements it stands for, on every string of up to six runes of a
// small alphabet (letters, a digit, marks, a space, an invalid byte) and
// on the fuzz seeds.
func TestDropBetweenIsTwoReplacements(t *testing.T) {
	twice := func(re *regexp.Regexp, s string) string {
		return re.ReplaceAllString(re.ReplaceAllString(s, "$1$2"), "$1$2")
	}
	check := func(s string) {
		if got, want := dropBetween(s, isHyphen, unicode.IsLetter, true), twice(inWordHyphen, s); got != want {
			t.Errorf("hyphens in %q: got %q, want %q", s, got, want)
		}
		if got, want := dropBetween(s, isEmphasis, isLetterOrNumber, false), twice(emphasis, s); got != want {
			t.Errorf("emphasis in %q: got %q, want %q", s, got, want)
		}
	}
	walkStrings([]string{"a", "é", "7", "-", "‐", "*", "_", " ", "\xff"}, 6, check)
	for _, s := range []string{"Tam-sin and Okonkwo-Reyes", "T-a-m-s-i-n", "T*a*m**s__i~n`", "a--b a-‐b", "**x**y"} {
		check(s)
	}
}

// TestPrechecksKeepResults checks, on every string of five characters of a
// small alphabet, that the cheap looks Read takes first never skip a
// change: a line-break hyphen the expression would find, a word whose
// letters read as digits.
func TestPrechecksKeepResults(t *testing.T) {
	check := func(s string) {
		if lineBreakHyphen.MatchString(s) && !mayBreakAtHyphen(s) {
			t.Errorf("mayBreakAtHyphen(%q) is false, but the expression matches", s)
		}
		want := s // as digitLookAlikes was: every word read where an O, o, I or l is
		if strings.ContainsAny(s, "OoIl") {
			want = readDigitWords(s)
		}
		if got := digitLookAlikes(s); got != want {
			t.Errorf("digitLookAlikes(%q) = %q, want %q", s, got, want)
		}
	}
	walkStrings([]string{"a", "O", "l", "7", "٣", "-", "‑", " ", "\n", "\t", "\xff", "\xe2"}, 5, check)
	for _, s := range []string{"Tam-\nsin", "Tam‐ \r\n sin", "Tam‑\t\n\tsin", "77OO 9OO461", "call 5l5-O1OO", "a-b\n-c"} {
		check(s)
	}
}

// walkStrings calls f with every string of at most n pieces of alphabet.
func walkStrings(alphabet []string, n int, f func(string)) {
	var walk func(s string, n int)
	walk = func(s string, n int) {
		f(s)
		if n == 0 {
			return
		}
		for _, r := range alphabet {
			walk(s+r, n-1)
		}
	}
	walk("", n)
}

func FuzzReadings(f *testing.F) {
	for _, s := range []string{"", "T a m s i n", "Tam<b>sin</b>", "\xff a b c", "a b \xe2", "\u202eab\u202c", "&#x54;", "**x**y", "77OO", "Tam-\nsin", "x\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Read(s)
		Joined(r)
		Joined(s)
		c := Clean(s)
		if isPlain(s) && !strings.Contains(s, "&") && c != s {
			t.Errorf("Clean changed plain text %q to %q", s, c)
		}
	})
}

package anonymize

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEachNameAfterApostrophe(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"n'TAmAr said hi", []string{"2:TAmAr"}},
		{"O'Neil’s code and d’Artagnan", []string{"2:Neil", "24:Artagnan"}},
		{"Don't worry, it's fine; 'Quoted' and rock 'n' roll", nil},
		{"l'École", []string{"2:École"}},
		{"'Tamar at the start, Tamar' at the end", nil},
	}
	for _, tc := range tests {
		var got []string
		eachNameAfterApostrophe(tc.in, func(start int, word string) {
			got = append(got, strconv.Itoa(start)+":"+word)
		})
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q: (-want +got)\n%s", tc.in, diff)
		}
	}
}

// TestAppendFoldIsFold checks appendFold against fold on odd strings and
// every word of part of the corpus.
func TestAppendFoldIsFold(t *testing.T) {
	words := []string{"", "abc", "ABC", "José", "MÖLLER", "ß", "Æsir", "O’Neil", "\xffX\xff", "İstanbul", "ǅemal", "K"}
	notes, _ := loadBench(t)
	for _, n := range notes[:100] {
		words = append(words, strings.Fields(n.Text)...)
	}
	for _, w := range words {
		if got, want := string(appendFold(nil, w)), fold(w); got != want {
			t.Errorf("appendFold(%q) = %q, fold gives %q", w, got, want)
		}
	}
}

func TestFoldScripts(t *testing.T) {
	for in, want := range map[string]string{
		"José": "jose", "Möller": "moller", "Phạm": "pham", "Đức": "duc", "Nguyễn": "nguyen", "Ọlá": "ola",
		"Ștefan": "stefan", "Łukasz": "lukasz", "Ελένη": "eleni", "Γιώργος": "giorgos", "Παπαδοπούλου": "papadopoulou",
		"Александр": "aleksandr", "Юлия": "yuliya", "Kafka": "kafka", "O’Neill": "o'neill",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
		if got := string(appendFold(nil, in)); got != want {
			t.Errorf("appendFold(%q) = %q, want %q", in, got, want)
		}
	}
}

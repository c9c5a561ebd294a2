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

// TestFoldRunesAsOffsets checks foldRunes and foldedFrom against folding
// rune by rune with a list of every byte's offset, as verify did: the same
// text, and every byte of it mapped to the same rune of the original.
func TestFoldRunesAsOffsets(t *testing.T) {
	texts := []string{"", "abc", "MÖLLER and José", "ß", "O’Neil\xffX\xff", "İstanbul ǅemal K", "Ελένη Юлия щука ъ"}
	notes, _ := loadBench(t)
	for i := 0; i < len(notes); i += 20 * corpusStep() {
		texts = append(texts, notes[i].Text)
	}
	for _, text := range texts {
		want, offs := foldEveryOffset(text)
		got := foldRunes(text)
		if got != want {
			t.Errorf("foldRunes(%.40q) = %.40q, want %.40q", text, got, want)
			continue
		}
		for a := 0; a <= len(got); a++ {
			if from := foldedFrom(text, a); from != offs[a] {
				t.Errorf("foldedFrom(%.40q, %d) = %d, want %d", text, a, from, offs[a])
				break
			}
		}
	}
}

// foldEveryOffset folds s rune by rune and lists, for each byte of the
// result and one past its end, the offset in s of the rune it folds.
func foldEveryOffset(s string) (string, []int) {
	var b strings.Builder
	offs := make([]int, 0, len(s)+1)
	for i, r := range s {
		n := b.Len()
		b.WriteString(fold(string(r)))
		for k := n; k < b.Len(); k++ {
			offs = append(offs, i)
		}
	}
	return b.String(), append(offs, len(s))
}

func TestCapsAround(t *testing.T) {
	tests := []struct {
		text, name string
		want       bool
	}{
		{"GRAPHICS ROUND — PRIYA", "PRIYA", true},
		{"PRIYA\nnotes follow", "PRIYA", true},
		{"PRIYA KNOWS her MISRA", "PRIYA", true},
		{"a connection secret. DILRUKSHI found my broken patch path", "DILRUKSHI", false},
		{"ATS has her as DILRUKSHI PERERA in caps", "DILRUKSHI PERERA", false},
		{"Notes — A. PRIYA", "PRIYA", false}, // one capital letter is no shouting
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.name)
		if got := capsAround(tt.text, i, i+len(tt.name)); got != tt.want {
			t.Errorf("capsAround(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}

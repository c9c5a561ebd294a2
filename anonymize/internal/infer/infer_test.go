package infer

import (
	"bytes"
	"encoding/gob"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jdkato/prose/v2"
)

// TestGobReaderAgreesWithEncodingGob reads every model file both ways (the
// large ones not with -short).
func TestGobReaderAgreesWithEncodingGob(t *testing.T) {
	strs := func(r *gobReader) any { return r.strings() }
	tests := []struct {
		name string
		std  any // a pointer encoding/gob decodes into
		ours func(r *gobReader) any
	}{
		{assetClasses, new([]string), strs},
		{assetTagDict, new(map[string]string), func(r *gobReader) any { return r.stringMap() }},
		{assetTagWeights, new(map[string]map[string]float64), func(r *gobReader) any {
			out := map[string]map[string]float64{}
			for n := r.count(); n > 0 && r.err == nil; n-- {
				f := r.string()
				out[f] = map[string]float64{}
				for k := r.count(); k > 0 && r.err == nil; k-- {
					c := r.string()
					out[f][c] = r.float()
				}
			}
			return out
		}},
		{assetLabels, new([]string), strs},
		{assetMapping, new(map[string]int), func(r *gobReader) any {
			out := map[string]int{}
			for n := r.count(); n > 0 && r.err == nil; n-- {
				k := r.string()
				out[k] = int(r.int())
			}
			return out
		}},
		{assetNERWeights, new([]float64), func(r *gobReader) any { return r.floats() }},
		{assetWords, new([]string), strs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := prose.Asset(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if testing.Short() && len(b) > 1<<20 {
				t.Skipf("%s: %d bytes, decoded by encoding/gob too slowly for -short", tt.name, len(b))
			}
			if err := gob.NewDecoder(bytes.NewReader(b)).Decode(tt.std); err != nil {
				t.Fatal(err)
			}
			r, err := newGobReader(string(b))
			if err != nil {
				t.Fatal(err)
			}
			got := tt.ours(r)
			if r.err != nil {
				t.Fatal(r.err)
			}
			if r.s != "" {
				t.Errorf("%d bytes left after the value", len(r.s))
			}
			want := deref(tt.std)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("gobReader differs from encoding/gob (-gob +ours):\n%s", diff)
			}
		})
	}
}

func deref(p any) any {
	switch p := p.(type) {
	case *[]string:
		return *p
	case *[]float64:
		return *p
	case *map[string]string:
		return *p
	case *map[string]int:
		return *p
	case *map[string]map[string]float64:
		return *p
	}
	panic("unknown type")
}

func TestGobReaderRejectsBrokenStreams(t *testing.T) {
	for _, s := range []string{"", "\x05\x01", "\xff", "\x80\x01\x02", "\x03\x7f\x00"} {
		if r, err := newGobReader(s); err == nil {
			t.Errorf("%q: read as a value %q", s, r.s)
		}
	}
	// Collections longer than what is left are errors, not allocations.
	r := &gobReader{s: "\xfc\x7f\xff\xff\xff"}
	if r.strings(); r.err == nil {
		t.Error("a slice of 2^31 strings in 0 bytes was read")
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		chunk string
		want  []string
	}{
		{"word", []string{"word"}},
		{"end.", []string{"end", "."}},
		{".", []string{"."}},
		{"(parens)", []string{"(", "parens", ")"}},
		{`"quoted,"`, []string{`"`, "quoted", ",", `"`}},
		{"$100", []string{"$", "100"}},
		{"they'll", []string{"they", "'ll"}},
		{"don't", []string{"do", "n't"}},
		{"Bob's.", []string{"Bob"}}, // prose cuts "'s." off, then finds "'s" at its start and stops
		{"U.S.", []string{"U.S."}},
		{"U.S.,", []string{"U.S.", ","}},
		{"Mr.", []string{"Mr."}},
		{"Mrs.", []string{"Mrs."}},
		{"Mrsx.", []string{"Mrsx", "."}},
		{":-)", []string{":-)"}},
		{"(:-)", []string{"(", ":-)"}},
		{"'sfoo", nil}, // a contraction at the start: prose drops the chunk
		{"'s", []string{"'s"}},
	}
	for _, tt := range tests {
		got, err := split(tt.chunk, nil)
		if err != nil {
			t.Errorf("%q: %v", tt.chunk, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("split(%q) (-want +got):\n%s", tt.chunk, diff)
		}
	}
	// Lower-casing "Ⱥ" takes a byte more, so the contraction is found
	// past the chunk's end, where prose panics.
	if _, err := split("ȺȺȺ's", nil); err == nil {
		t.Error(`split("ȺȺȺ's") cut past the chunk's end without an error`)
	}
}

// TestTokenizeSharesRepeatedChunks checks the token objects: a repeated
// chunk shares its first occurrence's, except the text's last chunk.
func TestTokenizeSharesRepeatedChunks(t *testing.T) {
	toks, err := Tokenize("the cat, the dog and the")
	if err != nil {
		t.Fatal(err)
	}
	var got []int32
	for _, tk := range toks {
		got = append(got, tk.object)
	}
	// the cat , the dog and the(last, fresh)
	want := []int32{0, 1, 2, 0, 3, 4, 5}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Word": "word", "well-known": "!HYPHEN", "-x": "-x", "1999": "!YEAR", "-123": "!YEAR",
		"+123": "!YEAR", "12345": "!DIGITS", "3pm": "!DIGITS", "": "",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShape(t *testing.T) {
	for in, want := range map[string]string{
		"12": "number", "1e5": "number", "NaN": "number", "hello": "downcase", "Hello": "upcase",
		"HeLLo": "upcase", "hELLo": "mixedcase", "Hello.": "punct", "héllo": "downcase", "x_": "downcase", "é": "punct",
	} {
		if got := shape(in, strings.ToLower(in)); got != want {
			t.Errorf("shape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFixedTag(t *testing.T) {
	for in, want := range map[string]string{
		"-": "-", ":-)": "SYM", "@handle": "NN", "a.io": "NN", "example.com": "NN", "jane@example.com": "NN",
		"0": "-NONE-", "*T*-1": "-NONE-", "*": "-NONE-", "*x": "", "-LRB-": "-LRB-", "-Lrb-": "", "word": "",
	} {
		if got := fixedTag(in); got != want {
			t.Errorf("fixedTag(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRepeatedWordsShareTheLastTag checks prose's shared token objects:
// "saw" is a verb, then a noun, and both show the noun's tag, as prose's
// do; the same word last in the text is a token of its own.
func TestRepeatedWordsShareTheLastTag(t *testing.T) {
	m := model(t)
	toks, err := Tokenize("I saw the saw yesterday and I saw")
	if err != nil {
		t.Fatal(err)
	}
	m.Annotate(toks, true)
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Text+"/"+tk.Tag)
	}
	want, err := proseTokens("I saw the saw yesterday and I saw")
	if err != nil {
		t.Fatal(err)
	}
	var wantTags []string
	for _, tk := range want {
		wantTags = append(wantTags, tk.Text+"/"+tk.Tag)
	}
	if diff := cmp.Diff(wantTags, got); diff != "" {
		t.Errorf("tags (-prose +ours):\n%s", diff)
	}
	if toks[1].Tag != toks[3].Tag {
		t.Errorf("the two first \"saw\" have tags %s and %s; prose gives both the later one", toks[1].Tag, toks[3].Tag)
	}
	t.Log(got)
}

// TestNumberLooksKeepResults checks the looks isInt and shape take before
// calling strconv against strconv itself, on every string of up to four
// pieces of an alphabet of what numbers are made of.
func TestNumberLooksKeepResults(t *testing.T) {
	alphabet := []string{"0", "7", "+", "-", ".", "e", "x", "p", "_", "i", "I", "n", "N", "f", "a", "y", "Inf", "inity", " "}
	var walk func(s string, n int)
	walk = func(s string, n int) {
		_, atoiErr := strconv.Atoi(s)
		if got := isInt(s); got != (atoiErr == nil) {
			t.Errorf("isInt(%q) = %v, Atoi's error %v", s, got, atoiErr)
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil && !mayBeFloat(s) {
			t.Errorf("mayBeFloat(%q) is false, but ParseFloat accepts it", s)
		}
		if n == 0 {
			return
		}
		for _, p := range alphabet {
			walk(s+p, n-1)
		}
	}
	walk("", 4)
}

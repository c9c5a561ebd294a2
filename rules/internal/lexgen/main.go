package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

func main() {
	src := flag.String("src", "../shared/lexicons", "the lexicons `DIR` (see its README); the LEXICONS environment variable overrides it")
	out := flag.String("out", "rules/default", "the rule pack `DIR` to write lexicon-*.yaml into")
	minTag := flag.Int("min-questions", 100, "keep Stack Overflow tags with at least `N` questions")
	flag.Parse()
	if env := os.Getenv("LEXICONS"); env != "" {
		*src = env // the data lives elsewhere on this machine
	}
	if err := run(*src, *out, *minTag); err != nil {
		fmt.Fprintln(os.Stderr, "lexgen:", err)
		os.Exit(1)
	}
}

// sources is what lexgen reads, loaded once.
type sources struct {
	words    map[string]bool // lower-case English words (no proper nouns)
	capitals map[string]bool // proper nouns of the word list, folded to lower case
	given    map[string]bool // established given names, lower case
	allGiven map[string]bool // every given name of Wiktionary
	popular  map[string]bool // the most common forenames by country
	english  map[string]bool // the names of the English nickname list
	surnames map[string]bool
	cities   map[string]bool // one-word city names, lower case
	regions  map[string]bool // one-word country and region names, lower case
	short    map[string][]string
	tags     []tag
	// eponymNouns are the pack's eponym nouns (lexicon-eponym-nouns.yaml).
	eponymNouns map[string]bool
	// tagQuestions is each tag's question count, by name.
	tagQuestions map[string]int
}

type tag struct {
	name      string
	questions int
}

func run(src, out string, minTag int) error {
	s, err := load(src)
	if err != nil {
		return err
	}
	// The pack's own eponym nouns ("method", "law") say which tags name an
	// idea after someone's possessive ("newtons-method").
	if s.eponymNouns, err = readWords(filepath.Join(out, "lexicon-eponym-nouns.yaml")); err != nil {
		return err
	}
	files := []struct {
		name string
		gen  func() (string, error)
	}{
		{"lexicon-english-words.yaml", s.englishWords},
		{"lexicon-name-words.yaml", s.nameWords},
		{"lexicon-given-names.yaml", s.givenNames},
		{"lexicon-rare-given-names.yaml", s.rareGivenNames},
		{"lexicon-surnames.yaml", s.surnameList},
		{"lexicon-short-forms.yaml", s.shortForms},
		{"lexicon-technology.yaml", func() (string, error) { return s.technology(minTag) }},
		{"lexicon-places.yaml", s.places},
		{"lexicon-tool-names.yaml", func() (string, error) { return s.toolNames(minToolTag) }},
		{"lexicon-name-tags.yaml", func() (string, error) { return s.nameTags(minNameTag) }},
		{"lexicon-tech-words.yaml", func() (string, error) { return s.techWords(minTechWordTag) }},
		{"lexicon-vendors.yaml", func() (string, error) { return s.vendors(minVendorTags) }},
		{"allow-tech-phrases.yaml", func() (string, error) { return s.techPhrases(minPhraseTag) }},
	}
	for _, f := range files {
		body, err := f.gen()
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		if err := os.WriteFile(filepath.Join(out, f.name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func newSources() *sources {
	return &sources{words: map[string]bool{}, capitals: map[string]bool{}, given: map[string]bool{}, allGiven: map[string]bool{},
		popular: map[string]bool{}, english: map[string]bool{}, surnames: map[string]bool{}, cities: map[string]bool{},
		regions: map[string]bool{}, short: map[string][]string{}}
}

// load reads every source file under src.
func load(src string) (*sources, error) {
	s := newSources()
	lines := []struct {
		file string
		read func(string) error
	}{
		{"words/american-english.txt", s.wordLine},
		{"names/given-names-wiktionary.tsv", s.wiktionaryLine},
		{"tech/stackoverflow-tags.tsv", s.tagLine},
	}
	for _, l := range lines {
		if err := eachLine(filepath.Join(src, l.file), l.read); err != nil {
			return nil, err
		}
	}
	tables := []struct {
		file string
		read func(map[string]string)
	}{
		{"names/nicknames-en.csv", s.nicknameRow},
		{"names/forenames-by-country.csv", func(r map[string]string) {
			if n := r["Romanized Name"]; nameShaped(n) {
				s.popular[strings.ToLower(n)] = true
				s.given[strings.ToLower(n)] = true
			}
		}},
		{"names/surnames-by-country.csv", func(r map[string]string) {
			if n := r["Romanized Name"]; nameShaped(n) {
				s.surnames[strings.ToLower(n)] = true
			}
		}},
		{"places/world-cities.csv", func(r map[string]string) {
			if n := r["name"]; !strings.ContainsAny(n, " -'") {
				s.cities[strings.ToLower(n)] = true
			}
			for _, n := range []string{r["country"], r["subcountry"]} {
				if n != "" && !strings.ContainsAny(n, " -'") {
					s.regions[strings.ToLower(n)] = true
				}
			}
		}},
	}
	for _, t := range tables {
		if err := eachCSV(filepath.Join(src, t.file), t.read); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// wordLine reads the English word list: lower-case words, and capitalised
// ones (proper nouns); words with an apostrophe are left out.
func (s *sources) wordLine(w string) error {
	switch {
	case strings.ContainsRune(w, '\''), w == "":
	case w == strings.ToLower(w):
		s.words[w] = true
	case isCapitalised(w):
		s.capitals[strings.ToLower(w)] = true
	}
	return nil
}

// wiktionaryLine reads Wiktionary's given names: name, is_short_for
// (comma-separated), variants...
func (s *sources) wiktionaryLine(l string) error {
	if strings.HasPrefix(l, "#") {
		return nil
	}
	cols := strings.Split(l, "\t")
	name := cols[0]
	if !nameShaped(name) {
		return nil
	}
	s.allGiven[strings.ToLower(name)] = true
	// Names Wiktionary relates to others (short forms, variants,
	// equivalents) are the established ones; the rest (36k, many rare)
	// would triple the embedded data for little gain.
	if len(cols) > 3 && cols[1]+cols[2]+cols[3] != "" {
		s.given[strings.ToLower(name)] = true
	}
	if len(cols) > 1 && cols[1] != "" {
		for _, full := range strings.Split(cols[1], ",") {
			if full = strings.TrimSpace(full); nameShaped(full) {
				s.addShort(full, name)
				s.given[strings.ToLower(full)] = true
			}
		}
	}
	return nil
}

func (s *sources) nicknameRow(r map[string]string) {
	if r["relationship"] == "has_nickname" && nameShaped(r["name1"]) && nameShaped(r["name2"]) {
		s.addShort(r["name1"], r["name2"])
		s.given[strings.ToLower(r["name1"])] = true
		s.given[strings.ToLower(r["name2"])] = true
		s.english[strings.ToLower(r["name1"])] = true
		s.english[strings.ToLower(r["name2"])] = true
	}
}

// tagLine reads a Stack Overflow tag and its question count.
func (s *sources) tagLine(l string) error {
	if strings.HasPrefix(l, "#") {
		return nil
	}
	name, count, ok := strings.Cut(l, "\t")
	n, err := strconv.Atoi(count)
	if !ok || err != nil {
		return fmt.Errorf("bad tag line %q", l)
	}
	s.tags = append(s.tags, tag{name, n})
	if s.tagQuestions == nil {
		s.tagQuestions = map[string]int{}
	}
	s.tagQuestions[name] = n
	return nil
}

func (s *sources) addShort(full, short string) {
	f, sh := strings.ToLower(full), strings.ToLower(short)
	if f == sh {
		return
	}
	for _, x := range s.short[f] {
		if x == sh {
			return
		}
	}
	s.short[f] = append(s.short[f], sh)
}

// stemSuffixes undo English inflection and common derivation; a word whose
// stem is listed is not listed itself. The pipeline undoes the same
// suffixes when it looks a word up (rules.Lexicon, anonymize/lexicon.go).
var stemSuffixes = [][2]string{{"ies", "y"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", ""}, {"ed", "e"}, {"ing", ""},
	{"ing", "e"}, {"ly", ""}, {"ers", ""}, {"er", ""}, {"er", "e"}, {"est", ""}, {"ness", ""}}

func stems(w string) []string {
	var out []string
	for _, s := range stemSuffixes {
		if strings.HasSuffix(w, s[0]) && len(w)-len(s[0]) >= 3 {
			out = append(out, w[:len(w)-len(s[0])]+s[1])
		}
	}
	return out
}

// englishWords keeps each word of the list unless a stem of it is kept:
// "banks" is found through "bank".
func (s *sources) englishWords() (string, error) {
	all := keys(s.words)
	sort.Slice(all, func(i, j int) bool {
		if len(all[i]) != len(all[j]) {
			return len(all[i]) < len(all[j])
		}
		return all[i] < all[j]
	})
	kept := map[string]bool{}
	for _, w := range all {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		found := false
		for _, st := range stems(w) {
			if kept[st] {
				found = true
				break
			}
		}
		if !found {
			kept[w] = true
		}
	}
	return render("words", "SCOWL's American English word list (Debian wamerican 2020.12.07), lower-case words as stems",
		`Ordinary English words. A word counts as listed if it or its stem is ("banks" through "bank"). A capitalised word in
# no lexicon, not opening a sentence, is reported by anonymize explain as kept without being understood.`,
		keys(kept), nil), nil
}

// hasFamily reports whether a word is inflected or derived in the list
// ("gray": grays, grayed; "banks": bank): a real English word rather than
// a name the list happens to hold in lower case ("maria").
func (s *sources) hasFamily(w string) bool {
	for _, suf := range []string{"s", "es", "ed", "d", "ing", "er", "ers", "ly", "y", "ies", "est"} {
		if s.words[w+suf] {
			return true
		}
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 && s.words[w[:len(w)-len(suf)]] {
			return true
		}
	}
	return false
}

// nameWords are words that are also names (proper nouns of the word list,
// given names, surnames) and used as words: "gray", "banks", "cook". The
// most common forenames are names first ("john", "peter") and stay out.
func (s *sources) nameWords() (string, error) {
	var out []string
	for w := range s.words {
		if utf8.RuneCountInString(w) < 3 || s.popular[w] || !(s.capitals[w] || s.allGiven[w] || s.given[w] || s.surnames[w]) || !s.hasFamily(w) {
			continue
		}
		out = append(out, w)
	}
	return render("name-words", "SCOWL's word list crossed with Wiktionary's given names and the surnames by country",
		`Name parts that are also ordinary words: a known person's part that is listed here ("Gray", "Banks", "Cook") is
# replaced only where it names the person (capitalised mid-sentence, possessive, beside another part).`, out, nil), nil
}

// isWord reports whether w or one of its stems is an English word.
func (s *sources) isWord(w string) bool {
	if s.words[w] {
		return true
	}
	for _, st := range stems(w) {
		if s.words[st] {
			return true
		}
	}
	return false
}

func (s *sources) givenNames() (string, error) {
	var out []string
	for w := range s.given {
		if utf8.RuneCountInString(w) >= 3 && !s.isWord(w) {
			out = append(out, w)
		}
	}
	return render("given-names", "Wiktionary given names (namor_data), English nicknames (carltonnorthern/nicknames), forenames by country (popular-names-by-country-dataset)",
		`Given names that are not English words: evidence that an unknown capitalised word names a person.`, out, nil), nil
}

// rareGivenNames are Wiktionary's other given names (no short form, variant
// or equivalent recorded), which are too many and too rare to say that an
// unknown word names a person, but enough to say that a word the tagger
// calls a person may well be one ("Kofi").
func (s *sources) rareGivenNames() (string, error) {
	var out []string
	for w := range s.allGiven {
		if utf8.RuneCountInString(w) >= 3 && !s.given[w] && !s.isWord(w) {
			out = append(out, w)
		}
	}
	return render("rare-given-names", "Wiktionary given names (namor_data)",
		`Given names without recorded short forms or variants, and no English word. The list holds tools' names too
# (Pekko, Pico), so one of its words names a person only inside a sentence without technical words, or opening one
# as a verb's subject; a word the tagger calls a person and this list holds is never read as a tool's name.`, out, nil), nil
}

func (s *sources) surnameList() (string, error) {
	var out []string
	for w := range s.surnames {
		if utf8.RuneCountInString(w) >= 3 && !s.isWord(w) {
			out = append(out, w)
		}
	}
	return render("surnames", "surnames by country (popular-names-by-country-dataset)",
		`Surnames that are not English words: evidence that an unknown capitalised word names a person.`, out, nil), nil
}

func (s *sources) shortForms() (string, error) {
	forms := map[string][]string{}
	for full, shorts := range s.short {
		var keep []string
		for _, sh := range shorts {
			if utf8.RuneCountInString(sh) >= 2 {
				keep = append(keep, sh)
			}
		}
		if len(keep) > 0 {
			sort.Strings(keep)
			forms[full] = keep
		}
	}
	return render("short-forms", "Wiktionary given names' is_short_for (namor_data, BSD-3-Clause), English nicknames (carltonnorthern/nicknames, Apache-2.0)",
		`Short forms of given names the record cannot tell (Katarzyna: Kasia, Wojciech: Wojtek, Francisco: Paco). A known
# person's short form names them where it is written capitalised; one that is also a word passes the same test as
# a name part that is a word.`, nil, forms), nil
}

var tagWord = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// minEponymTag is how many questions a tag named after people needs: such
// tags are rare ("curry-howard" has 39) and never anything else.
const minEponymTag = 10

// minEponymPart is how many questions a part of a tag may have as a tag of
// its own before the tag reads as that technology's ("django-jenkins").
const minEponymPart = 100

// eponymCompound reports whether a tag joins two or three names with
// hyphens, as ideas named after their finders are ("floyd-warshall",
// "reed-solomon", "knuth-morris-pratt"): every part a name, a proper noun
// or no English word, and one at least a name or a proper noun. Written
// capitalised in a note, such a compound is the idea, not a person a part
// of it also names.
func (s *sources) eponymCompound(tag string) bool {
	parts := strings.Split(tag, "-")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	named := false
	for _, p := range parts {
		if len(p) < 3 || !isLowerLetters(p) || s.tagQuestions[p] >= minEponymPart {
			return false // "django-jenkins": a technology's part
		}
		name := s.given[p] || s.allGiven[p] || s.surnames[p]
		if !name && s.isWord(p) && !s.capitals[p] {
			return false // "porter-stemmer": a word that is no proper noun
		}
		named = named || name
	}
	return named
}

func isLowerLetters(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// technology keeps tags with enough questions that are neither English
// words nor names nor cities, one-word tags whole and longer tags by their
// parts that qualify alone ("apache-kafka" gives "kafka").
func (s *sources) technology(minTag int) (string, error) {
	set := map[string]bool{}
	ok := func(w string) bool {
		return len(w) >= 3 && tagWord.MatchString(w) && !s.isWord(w) && !s.given[w] && !s.allGiven[w] && !s.surnames[w] && !s.cities[w] &&
			!s.capitals[w]
	}
	for _, t := range s.tags {
		if s.eponymCompound(t.name) && t.questions >= minEponymTag {
			set[t.name] = true
		}
		if t.questions < minTag {
			continue
		}
		parts := strings.FieldsFunc(t.name, func(r rune) bool { return r == '-' || r == '.' })
		for _, p := range parts {
			if ok(p) {
				set[p] = true
			}
		}
	}
	if len(set) == 0 {
		return "", errors.New("no tags kept")
	}
	return render("technology", "Stack Overflow tags (CC BY-SA 4.0, Stack Exchange Data Explorer)",
		fmt.Sprintf(`Technical names from Stack Overflow tags with at least %d questions that are neither English words, names nor
# cities, normalised (lower case; hyphens, spaces and dots alike). A capitalised word listed here is a technology,
# not a person or a place, unless a cue says otherwise.`, minTag), keys(set), nil), nil
}

// union returns the keys of a and b in one set.
func union(a, b map[string]bool) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for _, m := range []map[string]bool{a, b} {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// places keeps the one-word city, region and country names of GeoNames that are no English
// word, no established given name and no technology: evidence that a
// capitalised word the tagger calls a place is one, even in a technical
// sentence ("grew up near Inverness; knows Kafka").
func (s *sources) places() (string, error) {
	var out []string
	for c := range union(s.cities, s.regions) {
		if len([]rune(c)) < 4 || !nameShaped(c) || s.isWord(c) || s.given[c] || s.english[c] || s.popular[c] {
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return "", errors.New("no places kept")
	}
	return render("places", "GeoNames via datasets/world-cities (CC BY 4.0)",
		`One-word names of cities of more than 15,000 people, their regions and countries, that are no English word and no established given
# name, folded to lower case. A capitalised word listed here that the tagger labels as a place is one, whatever
# technical words stand around it.`, out, nil), nil
}

// minToolTag is the fewest questions a one-word tag that is also a name
// needs to count as a tool's name.
const minToolTag = 50

// toolNames keeps the one-word Stack Overflow tags that the technology
// class leaves out because they are also names or places ("luigi",
// "hugo", "karatsuba", "orleans", "dijkstra"): evidence, not a verdict.
// The entity rule reads such a word as a tool only in a technical
// sentence and where it does not stand as a person does. Names of the
// English nickname list (james, alex, kate) and the most common forenames
// are left out unless the tag is a large one (hugo): they name people too
// often.
func (s *sources) toolNames(minTag int) (string, error) {
	var out []string
	for _, t := range s.tags {
		w := t.name
		if t.questions < minTag || len(w) < 3 || !tagWord.MatchString(w) || strings.ContainsAny(w, "0123456789") || s.isWord(w) {
			continue
		}
		if !(s.given[w] || s.allGiven[w] || s.surnames[w] || s.cities[w] || s.capitals[w]) {
			continue // the technology class has it
		}
		if s.english[w] || s.popular[w] && t.questions < 500 {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return "", errors.New("no tool names kept")
	}
	return render("tool-names", "Stack Overflow tags (CC BY-SA 4.0, Stack Exchange Data Explorer)",
		fmt.Sprintf(`One-word Stack Overflow tags with at least %d questions that are also names or places, and are neither
# English words nor common English given names. A capitalised word listed here is a tool in a technical sentence
# where it does not stand as a person does (before a verb, after a person cue).`, minTag), out, nil), nil
}

// minNameTag is the fewest questions a tag that is also a given name or a
// surname needs to be a technology a known person's name may stand for.
const minNameTag = 200

// nameTags keeps the one-word Stack Overflow tags that are also given names
// or surnames, English ones and words included (julia, jasmine, jenkins,
// ray): no evidence by themselves, but a known person's name part listed
// here reads as the technology where its neighbours make it one ("from
// Jekyll to Hugo", "Jasmine's `spyOn`").
func (s *sources) nameTags(minTag int) (string, error) {
	var out []string
	for _, t := range s.tags {
		w := t.name
		if t.questions < minTag || len(w) < 3 || !tagWord.MatchString(w) || strings.ContainsAny(w, "0123456789") {
			continue
		}
		if s.given[w] || s.allGiven[w] || s.surnames[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return "", errors.New("no name tags kept")
	}
	return render("name-tags", "Stack Overflow tags (CC BY-SA 4.0, Stack Exchange Data Explorer) crossed with the given names and surnames",
		fmt.Sprintf(`One-word Stack Overflow tags with at least %d questions that are also given names or surnames: a known
# person's name part listed here reads as the technology only where its neighbours make it one.`, minTag), out, nil), nil
}

// minTechWordTag is the fewest questions a tag that is also an English
// word needs to count as a technology where it is written as a name.
const minTechWordTag = 2000

// techWords keeps the one-word Stack Overflow tags that are also English
// words ("markdown", "flutter", "excel", "perl"), asked about often, and
// are no name and no city: the technology class leaves them out, since a
// word says nothing; capitalised inside a sentence ("content in
// Markdown"), such a word names the technology, not a place.
func (s *sources) techWords(minTag int) (string, error) {
	var out []string
	for _, t := range s.tags {
		w := t.name
		if t.questions < minTag || len(w) < 3 || !tagWord.MatchString(w) || !s.isWord(w) {
			continue
		}
		if s.given[w] || s.allGiven[w] || s.surnames[w] || s.cities[w] || s.capitals[w] || s.regions[w] {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return "", errors.New("no technical words kept")
	}
	return render("tech-words", "Stack Overflow tags (CC BY-SA 4.0, Stack Exchange Data Explorer)",
		fmt.Sprintf(`One-word Stack Overflow tags with at least %d questions that are also English words, and no names or
# places. Capitalised inside a sentence ("content in Markdown", "a macro in Excel"), such a word is the
# technology, whatever the tagger labels it.`, minTag), out, nil), nil
}

// minVendorTags is the fewest Stack Overflow tags (of 50 questions or
// more) a first word must begin for its owner to count as a vendor.
const minVendorTags = 15

// vendors keeps the first words that begin many Stack Overflow tags
// ("microsoft-teams", "google-cloud-storage", "aws-lambda"), where the word
// is no English word unless the word list also has it as a proper noun
// (Amazon): the
// names of vendors and platforms. A capitalised run that opens with one is
// that vendor's product ("Microsoft Orleans", "Google Spanner"), not a
// person or a place.
func (s *sources) vendors(minTags int) (string, error) {
	count := map[string]int{}
	for _, t := range s.tags {
		if first, _, ok := strings.Cut(t.name, "-"); ok && t.questions >= 50 {
			count[first]++
		}
	}
	var out []string
	for w, n := range count {
		if n < minTags || len(w) < 3 || !tagWord.MatchString(w) || s.isWord(w) && !s.capitals[w] {
			continue
		}
		if s.given[w] || s.allGiven[w] || s.surnames[w] || s.cities[w] {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return "", errors.New("no vendors kept")
	}
	return render("vendors", "Stack Overflow tags (CC BY-SA 4.0, Stack Exchange Data Explorer)",
		fmt.Sprintf(`First words that begin at least %d Stack Overflow tags ("microsoft-teams", "aws-lambda"): vendors and
# platforms. A capitalised run of two words or more that opens with one is that vendor's product ("Microsoft
# Orleans"), not a person or a place.`, minTags), out, nil), nil
}

// minPhraseTag is the fewest questions a many-word tag needs to become a
// protected phrase: eponymous algorithms are asked about rarely
// ("dutch-national-flag-problem" has 18) but are never anything else.
const minPhraseTag = 10

// named reports whether a part of a tag is a name, a city or a proper noun.
func (s *sources) named(p string) bool {
	return s.given[p] || s.allGiven[p] || s.surnames[p] || s.cities[p] || s.capitals[p]
}

// readWords reads the words of a hand-written lexicon rule file.
func readWords(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Words []string `yaml:"words"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Words) == 0 {
		return nil, fmt.Errorf("%s: no words", path)
	}
	set := map[string]bool{}
	for _, w := range f.Words {
		set[strings.ToLower(w)] = true
	}
	return set, nil
}

// possessiveName reports whether a tag's first part is a name of four
// letters or more with an s, no technology of its own ("newtons",
// "kruskals", but not "macos" or "ios").
func (s *sources) possessiveName(p string) bool {
	stem := strings.TrimSuffix(p, "s")
	return stem != p && len(stem) >= 4 && s.tagQuestions[p] < minEponymPart &&
		(s.given[stem] || s.allGiven[stem] || s.surnames[stem] || s.capitals[stem])
}

// techPhrases keeps the many-word Stack Overflow tags that pair a name, a
// city or a proper noun with an ordinary English word ("sieve of
// eratosthenes", "hungarian algorithm", "kalman filter", "dutch national
// flag problem", "monte carlo tree search"): as phrases they are
// technical, although a word of theirs alone would read as a person, a
// place or an origin. The pack protects them as an allow list; a plural
// head gets its singular too ("towers of hanoi", "tower of hanoi").
func (s *sources) techPhrases(minTag int) (string, error) {
	set := map[string]bool{}
	for _, t := range s.tags {
		if t.questions < minTag || !phraseTag.MatchString(t.name) {
			continue
		}
		parts := strings.Split(t.name, "-")
		named, worded := false, false
		for i, p := range parts {
			switch {
			case i == 0 && len(parts) == 2 && s.possessiveName(p) && s.eponymNouns[parts[1]]:
				// "newtons-method", "kruskals-algorithm": the tag drops
				// a possessive's apostrophe.
				named = true
				parts[i] = strings.TrimSuffix(p, "s") + "'s"
			case s.isWord(p) && len(p) > 2:
				worded = true
			case !s.isWord(p) && s.named(p):
				named = true
			}
		}
		if !named || !worded {
			continue
		}
		set[strings.Join(parts, " ")] = true
		for i, p := range parts {
			if sg := strings.TrimSuffix(p, "s"); sg != p && s.words[sg] && len(sg) > 2 {
				alt := append(append(append([]string{}, parts[:i]...), sg), parts[i+1:]...)
				set[strings.Join(alt, " ")] = true
				break
			}
		}
	}
	if len(set) == 0 {
		return "", errors.New("no phrases kept")
	}
	terms := keys(set)
	sort.Strings(terms)
	var b strings.Builder
	b.WriteString(generatedHeader)
	fmt.Fprintf(&b, "# Technical phrases from Stack Overflow tags with at least %d questions that pair a name, a city or a proper\n", minTag)
	b.WriteString("# noun with an ordinary word: no rule touches them, although a word of theirs alone would read as a person, a\n")
	b.WriteString("# place or an origin (\"Sieve of Eratosthenes\", \"Hungarian algorithm\", \"Dutch national flag problem\").\n")
	b.WriteString("# Matched without regard to case, hyphens read as spaces.\n")
	b.WriteString("kind: allow\ndescription: \"technical phrases from Stack Overflow tags that hold a name or a place\"\n")
	b.WriteString("# Source: Stack Overflow tags (CC BY-SA 4.0, Stack Exchange Data Explorer); see NOTICE.\ncategory: technical\n")
	b.WriteString("terms:\n")
	for _, t := range terms {
		fmt.Fprintf(&b, "  - %s\n", yamlKey(t))
	}
	b.WriteString(`tests:
  - candidate: "Ana Souza"
    in: "Warm-up: the Tower of Hanoi, then a segmented Sieve of Eratosthenes."
    out: "Warm-up: the Tower of Hanoi, then a segmented Sieve of Eratosthenes."
  - candidate: "Ana Souza"
    in: "They solved the Dutch national flag problem in one pass."
    out: "They solved the Dutch national flag problem in one pass."
  - candidate: "Rudolf Kalman"
    in: "Rudolf tuned the Kalman filter."
    out: "The candidate tuned the Kalman filter."
`)
	return b.String(), nil
}

// phraseTag is a tag of two or more words of letters.
var phraseTag = regexp.MustCompile(`^[a-z]+(?:-[a-z]+)+$`)

// descriptions are what `anonymize rules list` shows of each file.
var descriptions = map[string]string{
	"words":            "English words (as stems): a capitalised word in no lexicon is reported as not understood",
	"name-words":       "name parts that are also words: replaced only where they name the person",
	"given-names":      "given names that are not words: evidence of a person the tagger misses",
	"surnames":         "surnames that are not words: evidence of a person the tagger misses",
	"rare-given-names": "other given names: a person outside technical sentences; a word the tagger calls a person is no tool's name",
	"short-forms":      "short forms of given names: Kasia names Katarzyna",
	"technology":       "technical names from Stack Overflow tags: never a person or a place",
	"tool-names":       "tools' names that are also names or places: a tool in a technical sentence",
	"places":           "cities: a place the tagger finds stays a place among technical words",
}

// examples are the inline tests of each generated file: what the entity
// rule decides with the class's data (`anonymize rules test` runs them).
var examples = map[string]string{
	"words": `  - candidate: "Maria Lopez"
    in: "Maria wrote the Parser module with Ewa Kowalczyk."
    out: "The candidate wrote the Parser module with Person A."
`,
	"name-words": `  - candidate: "Elena Gray"
    in: "Gray spotted the gray failure; Gray's fix was small."
    out: "The candidate spotted the gray failure; the candidate's fix was small."
  - candidate: "Tobi Banks"
    in: "We talked about memory banks."
    out: "We talked about memory banks."
`,
	"given-names": `  - candidate: "Maria Lopez"
    in: "I phoned Wojciech about the reference."
    out: "I phoned Person A about the reference."
`,
	"rare-given-names": `  - candidate: "Maria Lopez"
    in: "Maria paired with Kofi on the Kafka consumer and prefers Ghidra's decompiler for ARM64."
    out: "The candidate paired with Person A on the Kafka consumer and prefers Ghidra's decompiler for ARM64."
`,
	"surnames": `  - candidate: "Maria Lopez"
    in: "I phoned Kowalczyk about the reference."
    out: "I phoned Person A about the reference."
`,
	"short-forms": `  - candidate: "Katarzyna Nowak"
    interviewers: ["Wojciech Zieliński"]
    in: "Kasia wrote the tests; Wojtek agreed."
    out: "The candidate wrote the tests; Interviewer A agreed."
`,
	"places": `  - candidate: "Maria Lopez"
    in: "Maria grew up near Inverness and wrote the Kafka consumer in Go."
    out: "The candidate grew up near [place] and wrote the Kafka consumer in Go."
`,
	"tech-words": `  - candidate: "Maria Lopez"
    in: "Maria rebuilt our docs site: content in Markdown, a macro in Excel, and Maria grew up in Tessaly."
    out: "The candidate rebuilt our docs site: content in Markdown, a macro in Excel, and the candidate grew up in [place]."
`,
	"vendors": `  - candidate: "Maria Lopez"
    in: "Maria reached for Microsoft Orleans with one grain per lobby and stored state in Google Spanner."
    out: "The candidate reached for Microsoft Orleans with one grain per lobby and stored state in Google Spanner."
`,
	"tool-names": `  - candidate: "Maria Lopez"
    in: "Maria moved the docs from Hugo to a new generator and orchestrates the ETL jobs with Luigi."
    out: "The candidate moved the docs from Hugo to a new generator and orchestrates the ETL jobs with Luigi."
  - candidate: "Maria Lopez"
    in: "Hugo reviewed the Kafka design with Maria."
    out: "Person A reviewed the Kafka design with the candidate."
  - candidate: "Maria Lopez"
    in: "I phoned Luigi about the reference."
    out: "I phoned Person A about the reference."
`,
	"name-tags": `  - candidate: "Jasmine Tembo"
    interviewers: ["Hugo Lacroix"]
    in: "Jasmine moved the docs from Jekyll to Hugo; Jasmine's ` + "`spyOn`" + ` maps onto Jest. Hugo agreed."
    out: "The candidate moved the docs from Jekyll to Hugo; Jasmine's ` + "`spyOn`" + ` maps onto Jest. Interviewer A agreed."
`,
	"technology": `  - candidate: "Aws Rahman"
    in: "Aws moved the jobs to AWS Batch and Vuex."
    out: "The candidate moved the jobs to AWS Batch and Vuex."
  - candidate: "Floyd Adeyemi"
    interviewers: ["Tom Reed"]
    in: "Floyd explained Floyd-Warshall's triple loop and the Reed-Solomon codes; Reed agreed."
    out: "The candidate explained Floyd-Warshall's triple loop and the Reed-Solomon codes; Interviewer A agreed."
`,
}

// render writes one lexicon rule file: a header, then the words as one
// block of lines of about 110 characters, sorted, then its examples.
func render(class, source, about string, words []string, forms map[string][]string) string {
	return renderData(class, source, about, words, forms) + "tests:\n" + examples[class]
}

// generatedHeader opens every file lexgen writes.
const generatedHeader = `# Generated by rules/internal/lexgen (go generate ./rules) from ../shared/lexicons: edit the generator, not
# this file. To extend the class, add a file of your own to your pack; to replace it, use this name.
`

func renderData(class, source, about string, words []string, forms map[string][]string) string {
	var b strings.Builder
	b.WriteString(generatedHeader)
	fmt.Fprintf(&b, "# %s\n", about)
	fmt.Fprintf(&b, "kind: lexicon\ndescription: %q\nclass: %s\nsource: %q\n", descriptions[class], class, source+"; see NOTICE")
	if forms != nil {
		names := keys(forms)
		sort.Strings(names)
		b.WriteString("forms:\n")
		for _, n := range names {
			fmt.Fprintf(&b, "  %s: %s\n", yamlKey(n), yamlKey(strings.Join(forms[n], " ")))
		}
		return b.String()
	}
	sort.Strings(words)
	b.WriteString("words: |\n")
	line := ""
	for _, w := range words {
		if line != "" && len(line)+1+len(w) > 110 {
			b.WriteString("  " + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		b.WriteString("  " + line + "\n")
	}
	return b.String()
}

// yamlKey quotes a key YAML would read as something other than a string
// ("yes", "no", "null"...).
func yamlKey(s string) string {
	switch s {
	case "yes", "no", "y", "n", "on", "off", "true", "false", "null":
		return strconv.Quote(s)
	}
	return s
}

func nameShaped(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && strings.ToLower(s[utf8.RuneLen(r):]) == s[utf8.RuneLen(r):]
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func eachLine(file string, f func(string) error) error {
	fh, err := os.Open(file)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if err := f(strings.TrimRight(sc.Text(), "\r")); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// eachCSV calls f with every row as a map from the header's names.
func eachCSV(file string, f func(map[string]string)) error {
	fh, err := os.Open(file)
	if err != nil {
		return err
	}
	defer fh.Close()
	r := csv.NewReader(bufio.NewReader(fh))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		f(row)
	}
}

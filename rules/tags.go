package rules

import (
	"regexp"
	"sort"
	"strings"

	"github.com/anonymize/anonymize/rules/lazyregexp"
)

// PennTags is the tag set of prose's part-of-speech tagger (Penn Treebank,
// plus the punctuation tags it emits). Sequence rules may only name these.
var PennTags = []string{
	"(", ")", ",", ":", ".", "''", "``", "#", "$",
	"CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD",
	"NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR",
	"RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ",
	"WDT", "WP", "WP$", "WRB", "-", "-NONE-",
}

var pennSet = func() map[string]bool {
	m := make(map[string]bool, len(PennTags))
	for _, t := range PennTags {
		m[t] = true
	}
	return m
}()

// literalAlternatives matches a tag pattern made only of tag names joined by
// "|", such as "VBZ|VBD"; such patterns get a precise "unknown tag" error.
var literalAlternatives = regexp.MustCompile(`^[A-Z$]+(\|[A-Z$]+)*$`)

// checkTagPattern returns a message when pattern cannot match any known tag.
func checkTagPattern(pattern string, re *lazyregexp.Regexp) string {
	if literalAlternatives.MatchString(pattern) {
		for _, alt := range strings.Split(pattern, "|") {
			if !pennSet[alt] {
				return "unknown tag " + quote(alt) + " (known: " + knownTagList() + ")"
			}
		}
		return ""
	}
	for _, t := range PennTags {
		if re.MatchString(t) {
			return ""
		}
	}
	return "tag pattern " + quote(pattern) + " matches no known tag"
}

func knownTagList() string {
	var words []string
	for _, t := range PennTags {
		if t[0] >= 'A' && t[0] <= 'Z' {
			words = append(words, t)
		}
	}
	sort.Strings(words)
	return strings.Join(words, " ")
}

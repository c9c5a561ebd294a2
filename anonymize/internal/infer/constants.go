package infer

import "regexp"

// Constants restated from prose v2.0.0 (github.com/jdkato/prose/v2, MIT)
// and from mingrammer/commonregex v1.0.1 (MIT), which prose's tagger uses;
// see NOTICE. They are part of the model's behaviour: a token the tagger
// treats specially never reaches the weights.

// emoticons are kept whole by the tokenizer and tagged SYM.
var emoticons = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, e := range []string{
		"(-8", "(-;", "(-_-)", "(._.)", "(:", "(=", "(o:", "(¬_¬)", "(ಠ_ಠ)", "(╯°□°）╯︵┻━┻", "-__-", "8-)",
		"8-D", "8D", ":(", ":((", ":(((", ":()", ":)))", ":-)", ":-))", ":-)))", ":-*", ":-/", ":-X",
		":-]", ":-o", ":-p", ":-x", ":-|", ":-}", ":0", ":3", ":P", ":]", ":`(", ":`)", ":`-(", ":o",
		":o)", "=(", "=)", "=D", "=|", "@_@", "O.o", "O_o", "V_V", "XDD", "[-:", "^___^", "o_0", "o_O",
		"o_o", "v_v", "xD", "xDD", "¯\\(ツ)/¯",
	} {
		m[e] = struct{}{}
	}
	return m
}()

var (
	// linkPattern and emailPattern are commonregex's LinkPattern and
	// EmailPattern: a token they find anything in is tagged NN. Both run
	// only behind a check for what every match needs (maybeLink,
	// maybeEmail).
	linkPattern  = regexp.MustCompile(`(?:(?:https?:\/\/)?(?:[a-z0-9.\-]+|www|[a-z0-9.\-])[.](?:[^\s()<>]+|\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\))+(?:\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\)|[^\s!()\[\]{};:\'".,<>?]))`)
	emailPattern = regexp.MustCompile(`(?i)([A-Za-z0-9!#$%&'*+\/=?^_{|.}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)`)
	// emptyElement is the Penn Treebank's empty elements ("*T*-1", "0"),
	// tagged -NONE-; it runs only on tokens starting with '*'.
	emptyElement = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
)

// The averaged perceptron's feature templates, in the order prose adds
// them; a feature is its template, a space, and its values joined by
// spaces ("i-1 tag+i word DT cat").
const (
	ftBias       = "bias"
	ftSuffix     = "i suffix "
	ftPref1      = "i pref1 "
	ftPrevTag    = "i-1 tag "
	ftPrev2Tag   = "i-2 tag "
	ftTagPair    = "i tag+i-2 tag "
	ftWord       = "i word "
	ftPrevTagW   = "i-1 tag+i word "
	ftPrevWord   = "i-1 word "
	ftPrevSuffix = "i-1 suffix "
	ftPrev2Word  = "i-2 word "
	ftNextWord   = "i+1 word "
	ftNextSuffix = "i+1 suffix "
	ftNext2Word  = "i+2 word "
)

// The context words before the first and after the last token, and the
// previous tags before the first.
const (
	start1, start2 = "-START-", "-START2-"
	end1, end2     = "-END-", "-END2-"
)

// The name recogniser's features, in the order prose sums them (its
// featureOrder); its model keys a weight by "feature-value-label".
const (
	fBias = iota
	fWordList
	fNextPos
	fNextWord
	fPos
	fPosPrevTag
	fPrefix3
	fPrevPos
	fPrevTag
	fPrevWord
	fShape
	fShapePrevTag
	fSuffix3
	fWord
	fWordNextPos
	fWordLower
	fWordLen
	nerFeatures
)

var nerFeatureNames = [nerFeatures]string{
	"bias", "en-wordlist", "nextpos", "nextword", "pos", "pos+prevtag",
	"prefix3", "prevpos", "prevtag", "prevword", "shape", "shape+prevtag",
	"suffix3", "word", "word+nextpos", "word.lower", "wordlen"}

// none is the value of a feature with no context (before the first token,
// after the last).
const none = "None"

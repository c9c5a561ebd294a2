// Package infer tags words and labels names as prose v2.0.0 does, over
// prose's own model files, many times faster than prose itself.
//
// prose (github.com/jdkato/prose/v2, MIT) ships an averaged-perceptron
// part-of-speech tagger and a maximum-entropy name recogniser and exports
// their weights as assets (prose.Asset). Its inference builds strings and
// maps for every token: the tagger joins 14 feature strings and sums about
// 250 weights into a fresh map keyed by tag name; the recogniser builds a
// "feature-value-label" string for each of 13 labels and 17 features and
// compiles two regular expressions per word. This package loads the same
// weights once into interned tables (feature string -> row; rows hold only
// the tags or labels a feature has weights for) and computes the same
// scores: the same features, each tag's or label's weights summed in the
// order prose adds its features. A command may keep the tables in a cache
// file between runs (UseCache, cache.go).
//
// Three behaviours of prose are reproduced on purpose, as the pipeline's
// output depends on them:
//   - its tokenizer (Tokenize here) hands out one token object for every
//     occurrence of a whitespace-separated chunk it has already cut within
//     a call, except the text's last chunk, so every occurrence of a
//     repeated chunk ends up with the tag and label of the last one; the
//     recogniser's features read those shared tags;
//   - a tag or label no weight mentions is not a candidate of the tagger
//     (prose ranks only the tags present in its score map);
//   - where no score beats minus infinity, the tag or label is empty.
//
// One behaviour is not: prose picks among exactly tied scores in Go's map
// order, that is at random (the word "de" comes out IN or FW from run to
// run). Here the earliest tag of the model's class list, or the earliest
// label of its label list, wins, so the same text always gets the same tags.
// Scores are summed in prose's feature order; as prose sums the tagger's
// features in map order, its scores can differ from these in the last bit,
// which matters only for ties too.
//
// The differential test (diff_test.go) runs prose v2.0.0 and this package
// side by side on the benchmark corpus, the golden notes, the evaluation
// sets and a fuzz target; a change of prose's model or tokenizer fails it.
package infer

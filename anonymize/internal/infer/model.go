package infer

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// The model files this package reads from prose's assets.
const (
	assetClasses    = "model/AveragedPerceptron/classes.gob"
	assetTagDict    = "model/AveragedPerceptron/tags.gob"
	assetTagWeights = "model/AveragedPerceptron/weights.gob"
	assetLabels     = "model/Maxent/labels.gob"
	assetMapping    = "model/Maxent/mapping.gob"
	assetNERWeights = "model/Maxent/weights.gob"
	assetWords      = "model/Maxent/words.gob"
)

// maxClasses bounds the tagger's tag set: a score's candidates are a bit
// set in one word. prose's model has 45.
const maxClasses = 64

// Model is prose's tagger and name recogniser as interned tables. It is
// read-only once loaded and safe for concurrent use.
type Model struct {
	// The tagger.
	classes []string          // tags, in the model's order (ties go to the earliest)
	lowTags map[string]string // tag -> lower case, for the recogniser's nextpos
	tagDict map[string]string // words whose tag is fixed, unnormalised
	featIDs map[string]int32  // feature string -> row
	// Row r's weights are rowClass/rowWeight[rowStart[r]:rowStart[r+1]]:
	// a feature has weights for about 4 of the 45 tags, so rows hold only
	// those (2.4 MB, where dense rows would take 27 MB).
	rowStart  []int32
	rowClass  []uint8
	rowWeight []float64

	// The name recogniser.
	labels   []string                      // in the model's order (ties go to the earliest)
	prefixes []string                      // each label's part before its first '-' ("B", "O")
	nerIDs   [nerFeatures]map[string]int32 // feature value -> row, one map a feature
	nerRows  []float64                     // row r is nerRows[r*len(labels):][:len(labels)]
	basic    map[string]struct{}           // the en-wordlist feature's 850 words
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model built from prose's assets, building it on the
// first call; every later call waits for that one and shares its result.
func Default() (*Model, error) {
	defaultOnce.Do(func() { defaultModel, defaultErr = Load() })
	return defaultModel, defaultErr
}

// Load builds a Model from prose's assets. The tagger's and the
// recogniser's files are decoded at the same time, as decoding is most of
// the cost.
func Load() (*Model, error) {
	m := &Model{}
	var wg sync.WaitGroup
	var tagErr, nerErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		nerErr = m.loadNER()
	}()
	tagErr = m.loadTagger()
	wg.Wait()
	if tagErr != nil {
		return nil, tagErr
	}
	if nerErr != nil {
		return nil, nerErr
	}
	return m, nil
}

// decodeAsset decodes one of prose's gob-encoded model files into v.
func decodeAsset(name string, v any) error {
	b, err := prose.Asset(name)
	if err != nil {
		return fmt.Errorf("reading prose's %s: %w", name, err)
	}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		return fmt.Errorf("decoding prose's %s: %w", name, err)
	}
	return nil
}

func (m *Model) loadTagger() error {
	var weights map[string]map[string]float64
	for name, v := range map[string]any{assetClasses: &m.classes, assetTagDict: &m.tagDict, assetTagWeights: &weights} {
		if err := decodeAsset(name, v); err != nil {
			return err
		}
	}
	if len(m.classes) > maxClasses {
		return fmt.Errorf("prose's tagger has %d tags, more than the %d supported", len(m.classes), maxClasses)
	}
	class := make(map[string]uint8, len(m.classes))
	m.lowTags = make(map[string]string, len(m.classes)+4)
	for i, c := range m.classes {
		class[c] = uint8(i)
		m.lowTags[c] = strings.ToLower(c)
	}
	for _, t := range []string{"-", "SYM", "NN", "-NONE-"} {
		m.lowTags[t] = strings.ToLower(t)
	}
	m.featIDs = make(map[string]int32, len(weights))
	m.rowStart = make([]int32, 0, len(weights)+1)
	n := 0
	for _, ws := range weights {
		n += len(ws)
	}
	m.rowClass = make([]uint8, 0, n)
	m.rowWeight = make([]float64, 0, n)
	for feat, ws := range weights {
		m.featIDs[feat] = int32(len(m.rowStart))
		m.rowStart = append(m.rowStart, int32(len(m.rowClass)))
		for c, w := range ws {
			ci, ok := class[c]
			if !ok {
				return fmt.Errorf("prose's tagger weighs feature %q for tag %q, which is not one of its tags", feat, c)
			}
			m.rowClass = append(m.rowClass, ci)
			m.rowWeight = append(m.rowWeight, w)
		}
	}
	m.rowStart = append(m.rowStart, int32(len(m.rowClass)))
	return nil
}

func (m *Model) loadNER() error {
	var mapping map[string]int
	var weights []float64
	var words []string
	for name, v := range map[string]any{assetLabels: &m.labels, assetMapping: &mapping, assetNERWeights: &weights, assetWords: &words} {
		if err := decodeAsset(name, v); err != nil {
			return err
		}
	}
	m.basic = make(map[string]struct{}, len(words))
	for _, w := range words {
		m.basic[w] = struct{}{}
	}
	nl := len(m.labels)
	m.prefixes = make([]string, nl)
	for i, l := range m.labels {
		m.prefixes[i], _, _ = strings.Cut(l, "-")
	}
	for f := range m.nerIDs {
		m.nerIDs[f] = map[string]int32{}
	}
	// prose looks a weight up by the string feature+"-"+value+"-"+label,
	// so a key stands for every (feature, value, label) that joins into
	// it; all of them get its weight.
	for key, idx := range mapping {
		if idx < 0 || idx >= len(weights) {
			return fmt.Errorf("prose's name recogniser maps %q to weight %d of %d", key, idx, len(weights))
		}
		for f, name := range nerFeatureNames {
			if !strings.HasPrefix(key, name+"-") {
				continue
			}
			for l, label := range m.labels {
				if len(key) < len(name)+len(label)+2 || !strings.HasSuffix(key, "-"+label) {
					continue
				}
				value := key[len(name)+1 : len(key)-len(label)-1]
				row, ok := m.nerIDs[f][value]
				if !ok {
					row = int32(len(m.nerRows) / nl)
					m.nerIDs[f][value] = row
					m.nerRows = append(m.nerRows, make([]float64, nl)...)
				}
				m.nerRows[int(row)*nl+l] = weights[idx]
			}
		}
	}
	return nil
}

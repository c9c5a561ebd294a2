package infer

import (
	"fmt"
	"strings"
	"sync"
	"unsafe"

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
	classes  []string           // tags, in the model's order (ties go to the earliest)
	lowTags  map[string]string  // tag -> lower case, for the recogniser's nextpos
	tagDict  map[string]dictTag // words whose tag is fixed, unnormalised
	classIDs []int32            // tag numbers (m.feats.tags) of classes
	feats    *tagFeatures       // feature -> row
	// Row r's weights are rows[rowStart[r]:rowStart[r+1]]:
	// a feature has weights for about 4 of the 45 tags, so rows hold only
	// those (2.4 MB, where dense rows would take 27 MB).
	// a tag and its weight side by side, as reading a row costs a cache
	// miss or two whatever its length.
	rowStart []int32
	rows     []tagWeight

	// The name recogniser.
	labels   []string // in the model's order (ties go to the earliest)
	prefixes []string // each label's part before its first '-' ("B", "O")
	nerRows  rowTable // (feature, value) -> row
	// Row r's weights are nerCells[nerStart[r]:nerStart[r+1]]: a feature
	// value has weights for one or two of the 13 labels (150k weights in
	// 128k rows), so rows hold only those (dense rows took 13 MB, the
	// largest part of building the model).
	nerStart []int32
	nerCells []labelWeight
	basic    map[string]struct{} // the en-wordlist feature's 850 words
}

type labelWeight struct {
	weight float64
	label  uint8 // index in labels
}

// dictTag is a fixed tag and its number in the features (or noRow).
type dictTag struct {
	tag string
	id  int32
}

type tagWeight struct {
	weight float64
	tag    uint8 // index in classes
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model built from prose's assets (or read from the
// cache, see UseCache), building it on the first call; every later call
// waits for that one and shares its result.
func Default() (*Model, error) {
	defaultOnce.Do(func() { defaultModel, defaultErr = loadCached(usedCache(), proseIdentity()) })
	return defaultModel, defaultErr
}

// Load builds a Model from prose's assets. The tagger's weights, the
// recogniser's feature map and its weights are decompressed and read at
// the same time, as that is most of the cost.
func Load() (*Model, error) {
	m := &Model{}
	if err := decode(assetLabels, func(r *gobReader) { m.labels = r.strings() }); err != nil {
		return nil, err
	}
	var cells []nerCell
	var weights []float64
	steps := []func() error{
		m.loadTagger,
		func() (err error) { cells, err = m.loadNERMapping(); return err },
		func() (err error) { weights, err = m.loadNERWeights(); return err },
	}
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, step := range steps[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i+1] = step()
		}()
	}
	errs[0] = steps[0]()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := m.fillNERRows(cells, weights); err != nil {
		return nil, err
	}
	return m, nil
}

// fillNERRows files each cell's weight in its row, the rows in order and
// each row's labels in the order of the cells (a row's cells have distinct
// labels: a key names one feature, value and label).
func (m *Model) fillNERRows(cells []nerCell, weights []float64) error {
	for _, c := range cells {
		if c.weight < 0 || c.weight >= int64(len(weights)) {
			return fmt.Errorf("prose's name recogniser refers to weight %d of %d", c.weight, len(weights))
		}
		m.nerStart[c.row+1]++
	}
	for r := 1; r < len(m.nerStart); r++ {
		m.nerStart[r] += m.nerStart[r-1]
	}
	next := append([]int32(nil), m.nerStart[:len(m.nerStart)-1]...)
	m.nerCells = make([]labelWeight, len(cells))
	for _, c := range cells {
		m.nerCells[next[c.row]] = labelWeight{weights[c.weight], uint8(c.label)}
		next[c.row]++
	}
	return nil
}

// asset returns the value of one of prose's gob-encoded model files.
func asset(name string) (*gobReader, error) {
	b, err := prose.Asset(name)
	if err != nil {
		return nil, fmt.Errorf("reading prose's %s: %w", name, err)
	}
	// The bytes are prose's fresh copy, never written again: they are read
	// as a string where they lie (copying them cost 40 ms of a start).
	r, err := newGobReader(unsafe.String(unsafe.SliceData(b), len(b)))
	if err != nil {
		return nil, fmt.Errorf("decoding prose's %s: %w", name, err)
	}
	return r, nil
}

// decode reads one model file with read, which reads the value's shape.
func decode(name string, read func(r *gobReader)) error {
	r, err := asset(name)
	if err != nil {
		return err
	}
	if read(r); r.err != nil {
		return fmt.Errorf("decoding prose's %s: %w", name, r.err)
	}
	return nil
}

func (m *Model) loadTagger() error {
	if err := decode(assetClasses, func(r *gobReader) { m.classes = r.strings() }); err != nil {
		return err
	}
	if len(m.classes) > maxClasses {
		return fmt.Errorf("prose's tagger has %d tags, more than the %d supported", len(m.classes), maxClasses)
	}
	var dict map[string]string
	if err := decode(assetTagDict, func(r *gobReader) { dict = r.stringMap() }); err != nil {
		return err
	}
	class := make(map[string]uint8, len(m.classes))
	for i, c := range m.classes {
		class[c] = uint8(i)
	}
	m.lowerTags()
	// map[feature]map[tag]weight, read into rows as it comes. Its strings
	// are slices of the decompressed file, which the tables keep alive
	// rather than copying 75k keys.
	var unknown error
	err := decode(assetTagWeights, func(r *gobReader) {
		n := r.count()
		m.feats = newTagFeatures(n)
		m.rowStart = make([]int32, 0, n+1)
		m.rows = make([]tagWeight, 0, 4*n)
		for i := 0; i < n && r.err == nil; i++ {
			feat := r.string()
			m.feats.add(feat, int32(len(m.rowStart)))
			m.rowStart = append(m.rowStart, int32(len(m.rows)))
			k := r.count()
			for j := 0; j < k && r.err == nil; j++ {
				c, w := r.string(), r.float()
				ci, ok := class[c]
				if !ok && unknown == nil {
					unknown = fmt.Errorf("prose's tagger weighs feature %q for tag %q, which is not one of its tags", feat, c)
				}
				m.rows = append(m.rows, tagWeight{w, ci})
			}
		}
		m.rowStart = append(m.rowStart, int32(len(m.rows)))
	})
	if err != nil {
		return err
	}
	m.numberTags(dict)
	return unknown
}

// lowerTags files the lower case of each tag the recogniser may read.
func (m *Model) lowerTags() {
	m.lowTags = make(map[string]string, len(m.classes)+4)
	for _, c := range m.classes {
		m.lowTags[c] = strings.ToLower(c)
	}
	for _, t := range []string{"-", "SYM", "NN", "-NONE-"} {
		m.lowTags[t] = strings.ToLower(t)
	}
}

// numberTags files the tags of the classes and of the fixed words dict by
// number too, as the tagger's next features read them so; m.feats must be
// read.
func (m *Model) numberTags(dict map[string]string) {
	m.classIDs = make([]int32, len(m.classes))
	for i, c := range m.classes {
		m.classIDs[i] = m.feats.tagID(c)
	}
	m.tagDict = make(map[string]dictTag, len(dict))
	for w, t := range dict {
		m.tagDict[w] = dictTag{t, m.feats.tagID(t)}
	}
}

// labelPrefixes files each label's part before its first '-'.
func (m *Model) labelPrefixes() {
	m.prefixes = make([]string, len(m.labels))
	for i, l := range m.labels {
		m.prefixes[i], _, _ = strings.Cut(l, "-")
	}
}

// loadNERWeights reads the recogniser's weights and word list.
func (m *Model) loadNERWeights() ([]float64, error) {
	var weights []float64
	if err := decode(assetNERWeights, func(r *gobReader) { weights = r.floats() }); err != nil {
		return nil, err
	}
	var words []string
	if err := decode(assetWords, func(r *gobReader) { words = r.strings() }); err != nil {
		return nil, err
	}
	m.basic = make(map[string]struct{}, len(words))
	for _, w := range words {
		m.basic[w] = struct{}{}
	}
	return weights, nil
}

// nerCell says that the recogniser's weight number weight belongs to a
// label in a row of nerCells.
type nerCell struct {
	row, label int32
	weight     int64
}

// loadNERMapping reads the recogniser's map from "feature-value-label"
// to weight number into rows, one a (feature, value), and returns where
// each weight goes; nerStart is allocated, to be filled. m.labels must be
// read.
func (m *Model) loadNERMapping() ([]nerCell, error) {
	nl := len(m.labels)
	m.labelPrefixes()
	// A key's feature is what comes before its first '-', or a name with
	// a '-' in it that the key starts with ("en-wordlist").
	plain := map[string]int{}
	var dashed []int
	for f, name := range nerFeatureNames {
		if strings.Contains(name, "-") {
			dashed = append(dashed, f)
		} else {
			plain[name] = f
		}
	}
	labelTails := make([]string, nl)
	for l, label := range m.labels {
		labelTails[l] = "-" + label
	}
	// prose looks a weight up by the string feature+"-"+value+"-"+label,
	// so a key stands for every (feature, value, label) that joins into
	// it; all of them get its weight.
	var cells []nerCell
	var ids [nerFeatures]map[string]int32
	rows := int32(0)
	add := func(f int, key string, weight int64) {
		head := len(nerFeatureNames[f]) + 1
		for l, tail := range labelTails {
			if len(key) < head+len(tail) || !strings.HasSuffix(key, tail) {
				continue
			}
			value := key[head : len(key)-len(tail)]
			row, ok := ids[f][value]
			if !ok {
				row = rows
				rows++
				ids[f][value] = row
			}
			cells = append(cells, nerCell{row, int32(l), weight})
		}
	}
	// each calls visit with every key's features, in the file's order.
	each := func(r *gobReader, visit func(f int, key string, weight int64)) {
		n := r.count()
		for i := 0; i < n && r.err == nil; i++ {
			key, weight := r.string(), r.int()
			if name, _, ok := strings.Cut(key, "-"); ok {
				if f, ok := plain[name]; ok {
					visit(f, key, weight)
				}
			}
			for _, f := range dashed {
				if strings.HasPrefix(key, nerFeatureNames[f]+"-") {
					visit(f, key, weight)
				}
			}
		}
	}
	err := decode(assetMapping, func(r *gobReader) {
		// A first pass counts each feature's keys, at least its values,
		// so that its map is sized once: growing the maps step by step
		// took a third of reading the file.
		var keys [nerFeatures]int
		first := *r
		each(&first, func(f int, _ string, _ int64) { keys[f]++ })
		total := 0
		for f := range ids {
			ids[f] = make(map[string]int32, keys[f])
			total += keys[f]
		}
		cells = make([]nerCell, 0, total)
		each(r, add)
	})
	if err != nil {
		return nil, err
	}
	m.nerRows = newRowTable(&ids)
	m.nerStart = make([]int32, rows+1)
	return cells, nil
}

package batch

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/anonymize/anonymize/fetch"
)

// DefaultMaxNote bounds one free text (a note, an attribute's note, an
// evaluation) when the caller sets no limit. Real notes are a few
// kilobytes; redaction time grows faster than a note's size, so a note of
// megabytes (a paste gone wrong, or an attack) would hold a batch for
// minutes. A larger note fails its candidate with ErrNoteTooLarge.
const DefaultMaxNote = 128 << 10

// ErrNoteTooLarge says a note is over the size limit.
var ErrNoteTooLarge = errors.New("note over the size limit")

// checkNoteSizes refuses interviews holding a free text longer than max
// bytes (DefaultMaxNote when max is 0; no limit when negative). The error
// names the interview by id and the field, never the text.
func checkNoteSizes(lis []fetch.LiveInterview, max int64) error {
	if max == 0 {
		max = DefaultMaxNote
	}
	if max < 0 {
		return nil
	}
	for _, li := range lis {
		for j, fb := range li.InterviewersFeedback {
			check := func(field string, n int) error {
				if int64(n) <= max {
					return nil
				}
				return fmt.Errorf("%w: interview %s, feedback %d, %s: %d bytes, the limit is %d (raise it with --max-note-size if the note is genuine)",
					ErrNoteTooLarge, li.ID, j+1, field, n, max)
			}
			if err := check("notes", len(fb.Notes)); err != nil {
				return err
			}
			if fb.Evaluation != nil {
				if err := check("evaluation", len(*fb.Evaluation)); err != nil {
					return err
				}
			}
			for _, c := range fb.Categories {
				for _, a := range c.Attributes {
					if err := check("notes of attribute "+strconv.Quote(a.Name), len(a.Notes)); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

var sizeRE = regexp.MustCompile(`^([0-9]+)\s*(B|KiB|MiB|KB|MB|K|M)?$`)

// ParseSize reads a size in bytes: 131072, 128KiB, 1MiB (or KB, MB).
func ParseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a size (like 131072, 128KiB or 1MiB)", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n > 1<<40 {
		return 0, fmt.Errorf("%q is too large a size", s)
	}
	switch m[2] {
	case "KiB", "K":
		n <<= 10
	case "KB":
		n *= 1000
	case "MiB", "M":
		n <<= 20
	case "MB":
		n *= 1000 * 1000
	}
	return n, nil
}

package fetch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// FileSource serves interviews from an export file (--input FILE), with the
// same filtering and order as APISource. The file is read once, when the
// source is made. The interviews it returns share their feedback slices
// with the source and with each other: treat them as read-only.
type FileSource struct {
	name string
	lis  []LiveInterview // live interviews only, in the API's order
}

var _ Source = (*FileSource)(nil)

// NewFileSource reads and checks an export file.
func NewFileSource(path string) (*FileSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the export file: %w", err)
	}
	defer f.Close()
	ex, err := DecodeExport(path, f)
	if err != nil {
		return nil, fmt.Errorf("reading the export file: %w", err)
	}
	return NewExportSource(path, ex), nil
}

// NewExportSource serves an export already in memory; name is used in
// messages.
func NewExportSource(name string, ex Export) *FileSource {
	s := &FileSource{name: name}
	for _, li := range ex.LiveInterviews {
		if li.Live() {
			s.lis = append(s.lis, li)
		}
	}
	SortInterviews(s.lis)
	return s
}

// Interviews returns the candidate's live interviews in the API's order.
func (s *FileSource) Interviews(ctx context.Context, candidateEmail string) ([]LiveInterview, error) {
	if strings.TrimSpace(candidateEmail) == "" {
		return nil, errors.New("reading interviews: the candidate email is empty")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []LiveInterview{}
	for _, li := range s.lis {
		if SameEmail(li.CandidateEmail, candidateEmail) {
			out = append(out, li)
		}
	}
	return out, nil
}

// AllInterviews returns every live interview in the file, in the API's
// order.
func (s *FileSource) AllInterviews(ctx context.Context) ([]LiveInterview, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return append([]LiveInterview{}, s.lis...), nil
}

// Name returns the file's name as given.
func (s *FileSource) Name() string { return s.name }

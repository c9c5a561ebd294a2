package lazyregexp

import (
	"fmt"
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled at its first use; it is safe for
// concurrent use, as *regexp.Regexp is.
type Regexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
	err  error
}

// Lazy returns the expression src, compiled only when first used. src must
// be known to compile (see the package comment).
func Lazy(src string) *Regexp { return &Regexp{src: src} }

// Compile compiles src now, as regexp.Compile does.
func Compile(src string) (*Regexp, error) {
	r := Lazy(src)
	if err := r.Check(); err != nil {
		return nil, err
	}
	return r, nil
}

// MustCompile is Compile for sources written in the program, not read from
// a user: it panics if src does not compile.
func MustCompile(src string) *Regexp { return Of(regexp.MustCompile(src)) }

// Of wraps an expression compiled already.
func Of(re *regexp.Regexp) *Regexp {
	r := &Regexp{src: re.String(), re: re}
	r.once.Do(func() {}) // nothing left to compile
	return r
}

// Check compiles the expression if it is not yet, and returns the error
// of compiling it, if any.
func (r *Regexp) Check() error {
	r.once.Do(r.compile)
	return r.err
}

func (r *Regexp) compile() {
	r.re, r.err = regexp.Compile(r.src)
}

// Compiled returns the compiled expression, compiling it at the first call.
// It panics where a Lazy source does not compile, which the caller of Lazy
// promised could not happen.
func (r *Regexp) Compiled() *regexp.Regexp {
	if err := r.Check(); err != nil {
		panic(fmt.Sprintf("lazyregexp: a source given as valid does not compile: %v", err))
	}
	return r.re
}

// String returns the source text.
func (r *Regexp) String() string { return r.src }

// MatchString reports whether s holds a match.
func (r *Regexp) MatchString(s string) bool { return r.Compiled().MatchString(s) }

// FindAllStringIndex is regexp.Regexp's.
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.Compiled().FindAllStringIndex(s, n)
}

// FindAllStringSubmatchIndex is regexp.Regexp's.
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Compiled().FindAllStringSubmatchIndex(s, n)
}

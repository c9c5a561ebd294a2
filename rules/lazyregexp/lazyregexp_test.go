package lazyregexp

import (
	"regexp"
	"testing"
)

func TestLazyCompilesAtFirstUse(t *testing.T) {
	r := Lazy(`(?i)\bkelvin\b`)
	if r.re != nil {
		t.Fatal("compiled before its first use")
	}
	if r.String() != `(?i)\bkelvin\b` {
		t.Errorf("String() = %q", r.String())
	}
	if !r.MatchString("ask Kelvin") || r.MatchString("kelvins") {
		t.Error("matches differ from the expression's")
	}
	if got := r.FindAllStringIndex("kelvin, Kelvin", -1); len(got) != 2 {
		t.Errorf("FindAllStringIndex = %v", got)
	}
}

func TestCompileReportsErrors(t *testing.T) {
	if _, err := Compile(`a(`); err == nil {
		t.Error("Compile(`a(`) gave no error")
	}
	if err := Lazy(`a(`).Check(); err == nil {
		t.Error("Check of `a(` gave no error")
	}
	r, err := Compile(`a+`)
	if err != nil || r.Compiled() == nil {
		t.Fatalf("Compile(`a+`) = %v, %v", r, err)
	}
}

func TestOfKeepsTheExpression(t *testing.T) {
	re := regexp.MustCompile(`x+`)
	if r := Of(re); r.Compiled() != re || r.String() != "x+" {
		t.Error("Of does not hand back the expression it was given")
	}
}

func TestCompiledPanicsOnABrokenPromise(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a lazy source that does not compile")
		}
	}()
	Lazy(`a(`).Compiled()
}

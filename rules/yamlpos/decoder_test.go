package yamlpos

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		root     bool
		next     bool
		err      string
	}{
		{"empty", "", false, false, ""},
		{"comment only", "# nothing\n", false, false, ""},
		{"one document", "a: 1\n", true, false, ""},
		{"two documents", "a: 1\n---\nb: 2\n", true, true, ""},
		{"syntax error", "a: 1\n\tb: 2\n", false, false, "f.yaml:2:1: found a tab character that violates indentation"},
	} {
		root, next, err := Parse("f.yaml", []byte(tc.in))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.err || (root != nil) != tc.root || (next != nil) != tc.next {
			t.Errorf("%s: root %v next %v err %q, want root %v next %v err %q", tc.name, root != nil, next != nil, got, tc.root, tc.next, tc.err)
		}
	}
}

func TestSyntaxLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
		msg  string
	}{
		{"yaml: line 3: did not find expected key", 3, "did not find expected key"},
		{"yaml: control characters are not allowed", 1, "control characters are not allowed"},
		{"yaml: line x: odd", 1, "line x: odd"},
	} {
		line, msg := SyntaxLine(errors.New(tc.in))
		if line != tc.line || msg != tc.msg {
			t.Errorf("%q: %d %q, want %d %q", tc.in, line, msg, tc.line, tc.msg)
		}
	}
}

const sample = `name: "  "
count: many
big: 99
on: maybe
list: x
items: [a, "", [b], " c "]
name: again
colour: red
`

func TestReaders(t *testing.T) {
	root, _, perr := Parse("f.yaml", []byte(sample))
	if perr != nil {
		t.Fatal(perr)
	}
	d := &Decoder{File: "f.yaml"}
	f := d.Fields(root, "", "name", "count", "big", "on", "list", "items")
	d.Text(f["name"], "name")
	d.Int(f["count"], "count", 1, 64)
	d.Int(f["big"], "big", 1, 64)
	d.Bool(f["on"], "on")
	d.Seq(f["list"], "list")
	if got := d.Texts(f["items"], "items"); !cmp.Equal(got, []string{"a", "c"}) {
		t.Errorf("Texts = %q, want [a c]", got)
	}
	if got := d.Strs(f["items"], "items"); !cmp.Equal(got, []string{"a", "", "", " c "}) {
		t.Errorf("Strs = %q, want one entry per item", got)
	}
	d.Errs.Sort()
	want := `f.yaml:1:7: name: must not be empty
f.yaml:2:8: count: want a whole number from 1 to 64, got the string "many"
f.yaml:3:6: big: 99 is out of range; want 1 to 64
f.yaml:4:5: on: want true or false, got the string "maybe"
f.yaml:5:7: list: want a list, got the string "x"
f.yaml:6:12: items[1]: must not be empty
f.yaml:6:16: items[2]: want a string, got a list
f.yaml:6:16: items[2]: want a string, got a list
f.yaml:7:1: name: duplicate key
f.yaml:8:1: colour: unknown key (known: big, count, items, list, name, on)`
	if diff := cmp.Diff(want, d.Errs.Error()); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestErrorNamesItsRule(t *testing.T) {
	e := &Error{File: "r.yaml", Line: 2, Col: 3, Rule: "r", Msg: "bad"}
	if got := e.Error(); got != "r.yaml:2:3: r: bad" {
		t.Errorf("got %q", got)
	}
	var none Errors
	if none.Err() != nil {
		t.Error("no problems is not nil")
	}
}

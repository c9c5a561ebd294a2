// Package oddforms serves the tests' corpus of odd forms of known names and
// contact details (testdata/oddforms/forms.json): the identities, one
// interview per form, and a crude reader that says which identity a text
// still shows. Only tests use it.
package oddforms

package rules

import (
	"fmt"

	"github.com/anonymize/anonymize/rules/yamlpos"
)

// Error is one problem in a rule file, with its place and its rule.
type Error = yamlpos.Error

// Errors is every problem found in a pack, in file and line order.
type Errors = yamlpos.Errors

func quote(s string) string { return fmt.Sprintf("%q", s) }

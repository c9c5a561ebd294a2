// Package servicetest helps tests drive the service from outside, as
// CodeSignal and an operator would: it writes a service file, signs
// webhooks, reads metrics and published packets. The service's own tests
// and the command line's tests of `anonymize serve` share it.
package servicetest

// Package service is `anonymize serve`: it prepares each committee's
// packets before the meeting (on batch's schedule) and refreshes a
// candidate's packets when CodeSignal's webhooks say their feedback changed.
//
// Config is the service file. New wires the parts (webhook receiver and
// journal, scheduler, event processor, metrics); Run serves the webhook
// endpoint, /healthz and /metrics until its context ends, then lets the
// packet in progress finish within a grace period. The command line only
// turns flags into these calls.
package service

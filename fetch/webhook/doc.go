// Package webhook receives CodeSignal webhooks: the event types, the
// signature check (X-CodeSignal-Signature, both documented forms, compared
// in constant time, stale and future triggeredOn refused), a durable
// append-only journal that an event reaches, synced, before it is
// acknowledged, and an http.Handler that puts them together.
//
// The signature covers only the endpoint URL, the event name and
// triggeredOn, never the body, so nothing in a payload is trusted as data:
// the journal keeps only the event's name, time and ids, and whoever
// processes an event re-reads the interview through the API.
//
// It imports only the standard library.
package webhook

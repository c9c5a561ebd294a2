// Package codesignaltest is a stand-in for CodeSignal's GraphQL API, for
// integration tests, demos and benchmarks.
//
// A Server serves the project's copy of the schema (schema.graphql, the
// subset the fetcher needs) at /graphql with a real GraphQL engine
// (graph-gophers/graphql-go), seeded from a fetch.Export. It enforces what
// the real API documents, so that clients are tested against the limits
// rather than around them:
//
//   - only "Authorization: Bearer <key>" with the configured key is
//     accepted (401 with a JSON body otherwise);
//   - liveInterviews pages with first (at most 20) and offset, ordered by
//     startDate descending, then id (fetch.SortInterviews);
//   - a per-key, per-field rate limit answered with CodeSignal's GraphQL
//     error "You are trying to access '<field>' too often";
//   - a query cost cap (10000) and a depth cap (10).
//
// Faults are injected on request, deterministically under a seed: a fixed
// latency, a fraction of HTTP 500/502/503 answers, and "Access Denied" on
// chosen fields. The server counts what it served (Stats, and JSON at
// /debug/stats).
//
// Data can change while it serves: EditFeedback and FinishInterview (or
// POST /admin/feedback and /admin/finish with the API key) change an
// interview as an interviewer would, and with Config.Webhook the server
// then sends CodeSignal's webhooks, signed, one at a time, with the
// documented retries (scaled for tests by WebhookConfig.RetryScale).
package codesignaltest

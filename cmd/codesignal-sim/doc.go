// Command codesignal-sim serves a simulated CodeSignal GraphQL API on a local
// address, for demos, integration tests and benchmarks.
//
//	codesignal-sim --api-key KEY [--data FILE] [--addr 127.0.0.1:0]
//	               [--latency 50ms] [--error-rate 0.2] [--rate-limit 10]
//	               [--deny FIELD]... [--seed N]
//
// It serves the export FILE (the embedded sample organisation without
// --data) at <base URL>/graphql, where only "Authorization: Bearer KEY" is
// accepted, and its counters at <base URL>/debug/stats. The first line it
// prints on stdout is the base URL, so scripts can read it; it serves until
// interrupted (SIGINT or SIGTERM) and then shuts down gracefully.
package main

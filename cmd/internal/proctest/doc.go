// Package proctest runs the project's commands as processes in tests: a
// server command prints its base URL as the first line on stdout, and its
// logs are read while it runs.
package proctest

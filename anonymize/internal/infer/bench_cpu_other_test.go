//go:build !unix

package infer

import "time"

// cpuTime is unknown here; the per-core metrics are then not reported.
func cpuTime() time.Duration { return 0 }

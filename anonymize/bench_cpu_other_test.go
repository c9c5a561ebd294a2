//go:build !unix

package anonymize

import "time"

// cpuTime is unknown here; the per-core metrics are then not reported.
func cpuTime() time.Duration { return 0 }

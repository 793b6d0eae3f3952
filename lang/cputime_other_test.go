//go:build !unix

package lang

import "time"

// processCPU is not measured on this platform; the cpu-* metrics are skipped.
func processCPU() time.Duration { return 0 }

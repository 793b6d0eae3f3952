//go:build unix

package digest

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) this process has used: on a shared CI machine
// it says more about the cost of a build than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

//go:build unix

package terraform

import (
	"syscall"
	"time"
)

// cpuTime is the user and system CPU time this process has used, every
// goroutine and the garbage collector included: on a shared machine it
// moves far less than wall time when other work competes for the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

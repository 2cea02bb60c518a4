//go:build !unix

package capacity

// cpuTime is not measured on this platform.
func cpuTime() int64 { return 0 }

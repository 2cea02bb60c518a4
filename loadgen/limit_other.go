//go:build !unix

package loadgen

// openFileLimit is a guess where the system has no RLIMIT_NOFILE.
func openFileLimit() int { return 1 << 14 }

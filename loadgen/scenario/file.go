package scenario

import (
	"time"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/loadgen"
	"github.com/plimsoll/plimsoll/loadgen/threshold"
)

// Version is the schema version this package reads; a file says which one
// it was written for with "version: 1".
const Version = 1

// File is a loaded scenario file.
type File struct {
	// Name is the file's path as given to Load.
	Name string
	// Options are the run-wide settings of the file's options: block.
	Options Options
	// Scenarios are the workloads, in file order, each with its compiled
	// Program, ready for the engine.
	Scenarios []loadgen.Scenario
	// Thresholds are the pass/fail conditions, in file order.
	Thresholds []Threshold
	// Targets lists every group and step name a threshold may name, sorted.
	Targets []string
}

// Options are run-wide settings. Zero values mean "the engine's default".
type Options struct {
	// Timeout bounds each request, from its intended start to the end of
	// its response.
	Timeout time.Duration
	// MaxConns caps the open connections per host.
	MaxConns int
	// Insecure skips TLS certificate verification.
	Insecure bool
	// Cookies reports whether each virtual user keeps a cookie jar. It is
	// on unless the file says "cookies: false".
	Cookies bool
	// Duration is the default duration of constant executors that give
	// none of their own.
	Duration time.Duration
	// Redirects is the most redirects a step follows (to the same host
	// only); 10 unless the file says otherwise, 0 to follow none.
	Redirects int
}

// Threshold is one pass/fail condition with where the file states it.
type Threshold struct {
	*threshold.Threshold
	// Pos is where the expression starts in the file.
	Pos diag.Pos
}

// LoadOptions adjust how a file is read.
type LoadOptions struct {
	// Getenv reads ${env.NAME} references; nil reads none (every
	// reference must then have a default: ${env.NAME:-value}).
	Getenv func(string) string
	// BaseURL, when set, replaces the file's base_url (a command-line
	// override, say).
	BaseURL string
	// Seed seeds the think-time randomness of every virtual user; runs
	// with the same seed think alike.
	Seed uint64
	// Now is the clock of the cookie jars; nil means time.Now.
	Now func() time.Time
}

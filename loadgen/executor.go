package loadgen

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Executor names how a scenario's iterations are started, with the names k6
// users know.
type Executor uint8

// The executors. The arrival-rate ones are the open model: iterations start
// on a schedule whatever the server does, and latency counts from the
// scheduled time. The VU ones are the closed model: a fixed (or ramped)
// number of virtual users each walk the journey, think, and start again.
const (
	ConstantArrivalRate Executor = iota + 1
	RampingArrivalRate
	ConstantVUs
	RampingVUs
)

var executorNames = map[Executor]string{
	ConstantArrivalRate: "constant-arrival-rate",
	RampingArrivalRate:  "ramping-arrival-rate",
	ConstantVUs:         "constant-vus",
	RampingVUs:          "ramping-vus",
}

func (e Executor) String() string {
	if n, ok := executorNames[e]; ok {
		return n
	}
	return "executor(" + itoa(int(e)) + ")"
}

// Open reports whether e is an open-model (arrival-rate) executor.
func (e Executor) Open() bool { return e == ConstantArrivalRate || e == RampingArrivalRate }

// ParseExecutor returns the executor named s ("constant-arrival-rate", ...).
func ParseExecutor(s string) (Executor, error) {
	for e, n := range executorNames {
		if n == s {
			return e, nil
		}
	}
	return 0, fmt.Errorf("unknown executor %q (want constant-arrival-rate, ramping-arrival-rate, constant-vus or ramping-vus)", s)
}

// Stage is one leg of a ramp: over Duration, the target (iterations per
// second for ramping-arrival-rate, VUs for ramping-vus) moves linearly from
// where the previous stage ended to Target.
type Stage struct {
	Duration time.Duration
	Target   float64
}

// Scenario is one workload of a run: a Program and how to start its
// iterations. Several scenarios may run at once, each with its own
// executor; their metrics are kept apart by step name and merged overall.
type Scenario struct {
	// Name identifies the scenario in the results ("browse", "default").
	Name string
	// Program is the journey each iteration walks.
	Program Program
	// Executor says how iterations start.
	Executor Executor
	// Rate is the arrival rate in iterations per second for
	// constant-arrival-rate, and the starting rate for
	// ramping-arrival-rate.
	Rate float64
	// VUs is the number of virtual users for constant-vus and the starting
	// number for ramping-vus. For the arrival-rate executors it is the
	// number of VUs made up front; iterations run on free ones.
	VUs int
	// MaxVUs caps the concurrent iterations of an arrival-rate executor:
	// when every one of them is busy, an arrival is dropped and counted
	// (results: dropped_iterations) rather than queued, because a queue
	// would hide the shortfall. 0 means max(VUs, the engine's default:
	// Options.MaxVUs, or the peak rate × the request timeout).
	MaxVUs int
	// Duration is how long constant-arrival-rate and constant-vus run.
	Duration time.Duration
	// Stages are the ramp of the ramping executors.
	Stages []Stage
	// StartAfter delays the scenario's start from the start of the run.
	StartAfter time.Duration
	// GracefulStop bounds how long in-flight iterations may go on after
	// the scenario's end; whatever is still running then is cut off and
	// counted as interrupted. 0 means the engine's default.
	GracefulStop time.Duration
}

// Length returns how long the scenario issues new iterations: Duration, or
// the sum of the stage durations.
func (s *Scenario) Length() time.Duration {
	if s.Executor == ConstantArrivalRate || s.Executor == ConstantVUs {
		return s.Duration
	}
	var d time.Duration
	for _, st := range s.Stages {
		d += st.Duration
	}
	return d
}

// peakRate is the highest arrival rate of an arrival-rate scenario: Rate,
// or the highest stage target of a ramp. (The stage targets of the
// closed-model executors are VUs: it means nothing for those.)
func (s *Scenario) peakRate() float64 {
	peak := s.Rate
	for _, st := range s.Stages {
		peak = math.Max(peak, st.Target)
	}
	return peak
}

// Validate reports what is wrong with s, all at once.
func (s *Scenario) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s.Program == nil {
		bad("no program")
	}
	switch s.Executor {
	case ConstantArrivalRate:
		if !(s.Rate > 0) || math.IsInf(s.Rate, 0) {
			bad("%s needs a rate above 0/s, got %v", s.Executor, s.Rate)
		}
		if s.Duration <= 0 {
			bad("%s needs a duration above 0", s.Executor)
		}
	case ConstantVUs:
		if s.VUs <= 0 {
			bad("%s needs at least 1 VU, got %d", s.Executor, s.VUs)
		}
		if s.Duration <= 0 {
			bad("%s needs a duration above 0", s.Executor)
		}
	case RampingArrivalRate, RampingVUs:
		if len(s.Stages) == 0 {
			bad("%s needs at least one stage", s.Executor)
		}
		if s.Rate < 0 || math.IsNaN(s.Rate) || math.IsInf(s.Rate, 0) {
			bad("%s: start rate %v is not a rate", s.Executor, s.Rate)
		}
		if s.VUs < 0 {
			bad("%s: start VUs %d below 0", s.Executor, s.VUs)
		}
		for i, st := range s.Stages {
			if st.Duration <= 0 {
				bad("stage %d: duration must be above 0", i+1)
			}
			if st.Target < 0 || math.IsNaN(st.Target) || math.IsInf(st.Target, 0) {
				bad("stage %d: target %v must be 0 or more", i+1, st.Target)
			}
		}
	default:
		bad("unknown executor %d", s.Executor)
	}
	if s.MaxVUs < 0 || s.StartAfter < 0 || s.GracefulStop < 0 {
		bad("maxVUs, start after and graceful stop must not be negative")
	}
	if len(errs) > 0 {
		name := s.Name
		if name == "" {
			name = "scenario"
		}
		return fmt.Errorf("%s: %w", name, errors.Join(errs...))
	}
	return nil
}

// ParseRate parses a rate such as "2000/s", "2000", "120/m", "36000/h" or
// "500/100ms" and returns it in events per second.
func ParseRate(s string) (float64, error) {
	num, per, found := strings.Cut(strings.TrimSpace(s), "/")
	n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, fmt.Errorf("rate %q: want a number of requests per unit, like 2000/s", s)
	}
	if !found {
		return n, nil
	}
	per = strings.TrimSpace(per)
	switch per {
	case "s":
		return n, nil
	case "m":
		return n / 60, nil
	case "h":
		return n / 3600, nil
	}
	d, err := time.ParseDuration(per)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("rate %q: unit %q is not s, m, h or a duration like 100ms", s, per)
	}
	return n / d.Seconds(), nil
}

// FormatRate formats a rate in events per second the way ParseRate reads it.
func FormatRate(r float64) string {
	return strconv.FormatFloat(r, 'f', -1, 64) + "/s"
}

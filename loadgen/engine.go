package loadgen

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultGracefulStop = 5 * time.Second
	DefaultBodyLimit    = 1 << 20
	DefaultMaxVUs       = 1000
	// MaxDefaultVUs bounds the default cap of an arrival-rate scenario
	// (peak rate × timeout): about 50 MiB of virtual users for a one-request
	// program, and within what one process holds (50,000 journey VUs stay
	// well under 1 GiB).
	MaxDefaultVUs = 50_000
)

// Options configure a run of the engine. The zero value is usable.
type Options struct {
	// MaxConns caps the connections open at once to each target host,
	// over the whole process. VUs beyond it share connections: a VU
	// whose request finds every connection busy waits for one, and the
	// wait counts in its latency. 0 means one connection per VU, capped
	// at what the process's open-file limit allows.
	MaxConns int
	// Timeout bounds each request from its intended send time to the end
	// of its response; 0 means DefaultTimeout.
	Timeout time.Duration
	// BodyLimit is how much of a body is kept for a step that asks for
	// bodies; 0 means DefaultBodyLimit.
	BodyLimit int
	// GracefulStop is the default of Scenario.GracefulStop; 0 means
	// DefaultGracefulStop.
	GracefulStop time.Duration
	// MaxVUs is the default cap on concurrent iterations of an
	// arrival-rate scenario. 0 means enough for the peak rate to wait out
	// the timeout (peak rate × Timeout), at least DefaultMaxVUs and at most
	// MaxDefaultVUs: a healthy target then never makes the generator drop
	// arrivals, and a slow one shows first in the latency, then as drops.
	MaxVUs int
	// Insecure skips verification of TLS certificates.
	Insecure bool
	// HTTP2 sends requests over HTTP/2 (negotiated by TLS ALPN for https,
	// prior knowledge for http).
	HTTP2 bool
	// Workers is the number of event loops sharing the VUs and
	// connections; 0 means GOMAXPROCS.
	Workers int
	// Progress, if set, is called once a second (and once at the end)
	// with the run's progress; a true result stops the run early, as
	// --abort-on-fail does. It runs on the engine's aggregator goroutine
	// and must not keep the Progress.
	Progress func(*Progress) (stop bool)

	newTransport func(w *worker) transport // tests substitute a fake
}

func (o *Options) defaults() {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.BodyLimit <= 0 {
		o.BodyLimit = DefaultBodyLimit
	}
	if o.GracefulStop <= 0 {
		o.GracefulStop = DefaultGracefulStop
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
}

// ErrNoScenarios is returned by Run when it is given nothing to do.
var ErrNoScenarios = errors.New("no scenarios to run")

// Run runs scenarios to their end and returns the results. It stops early,
// keeping the partial results, when ctx is done (Result.Interrupted) or when
// Options.Progress asks it to (Result.Aborted). Only invalid scenarios make
// it return an error; failed requests are results, not errors.
func Run(ctx context.Context, scenarios []Scenario, opts Options) (*Result, error) {
	if len(scenarios) == 0 {
		return nil, ErrNoScenarios
	}
	opts.defaults()
	var errs []error
	names := map[string]bool{}
	for i := range scenarios {
		if err := scenarios[i].Validate(); err != nil {
			errs = append(errs, err)
		}
		if names[scenarios[i].Name] {
			errs = append(errs, fmt.Errorf("two scenarios named %q", scenarios[i].Name))
		}
		names[scenarios[i].Name] = true
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r := newRun(scenarios, &opts)
	return r.run(ctx), nil
}

// run is one execution of the engine: the layout of its metric series, its
// workers and its aggregator.
type run struct {
	opts      *Options
	scenarios []*runScenario
	layout    layout
	start     time.Time
	traceHi   uint64 // run-wide high half of every trace ID
	end       int64  // when the last scenario's graceful stop ends, ns
	stopOnce  sync.Once
	stop      chan struct{}
	aborted   bool
}

// runScenario is a scenario with the run-wide facts workers share.
type runScenario struct {
	*Scenario
	index    int
	stepBase int // index of its first step in layout.steps
	steps    []StepInfo
	start    int64 // ns from run start
	end      int64 // no new iterations from here
	hardEnd  int64 // in-flight iterations are cut off here
	vus      int   // VUs made for it over the whole process
	curve    rateCurve
}

// layout numbers every metric series of a run: series 0 is the total, then
// one per group, then one per step.
type layout struct {
	groups     []string
	steps      []stepKey
	stepGroup  []int // series index of each step's group, or -1
	stepChecks []int
}

type stepKey struct {
	scenario string
	info     StepInfo
}

func (l *layout) nseries() int            { return 1 + len(l.groups) + len(l.steps) }
func (l *layout) stepSeries(step int) int { return 1 + len(l.groups) + step }

func newRun(scenarios []Scenario, opts *Options) *run {
	r := &run{opts: opts, stop: make(chan struct{})}
	var b [8]byte
	_, _ = rand.Read(b[:])
	r.traceHi = binary.BigEndian.Uint64(b[:]) | 1
	groupIndex := map[string]int{}
	for i := range scenarios {
		sc := &scenarios[i]
		rs := &runScenario{Scenario: sc, index: i, stepBase: len(r.layout.steps), steps: sc.Program.Steps()}
		for _, st := range rs.steps {
			r.layout.steps = append(r.layout.steps, stepKey{sc.Name, st})
			r.layout.stepChecks = append(r.layout.stepChecks, len(st.Checks))
			if st.Group == "" {
				r.layout.stepGroup = append(r.layout.stepGroup, -1)
				continue
			}
			g, ok := groupIndex[st.Group]
			if !ok {
				g = len(r.layout.groups)
				groupIndex[st.Group] = g
				r.layout.groups = append(r.layout.groups, st.Group)
			}
			r.layout.stepGroup = append(r.layout.stepGroup, g)
		}
		rs.start = int64(sc.StartAfter)
		rs.end = rs.start + int64(sc.Length())
		grace := sc.GracefulStop
		if grace <= 0 {
			grace = opts.GracefulStop
		}
		rs.hardEnd = rs.end + int64(grace)
		if rs.hardEnd > r.end {
			r.end = rs.hardEnd
		}
		switch sc.Executor {
		case ConstantVUs:
			rs.vus = sc.VUs
		case RampingVUs:
			rs.vus = sc.VUs
			for _, st := range sc.Stages {
				if n := int(st.Target + 0.999999); n > rs.vus {
					rs.vus = n
				}
			}
		default:
			rs.vus = sc.MaxVUs
			if rs.vus <= 0 {
				rs.vus = max(sc.VUs, defaultMaxVUs(sc, opts))
			}
			rs.curve = newRateCurve(sc)
		}
		r.scenarios = append(r.scenarios, rs)
	}
	// Group series come right after the total; steps follow.
	for i, g := range r.layout.stepGroup {
		if g >= 0 {
			r.layout.stepGroup[i] = 1 + g
		}
	}
	return r
}

func (r *run) requestStop() { r.stopOnce.Do(func() { close(r.stop) }) }

func (r *run) run(ctx context.Context) *Result {
	n := r.opts.Workers
	totalVUs := 0
	for _, sc := range r.scenarios {
		totalVUs += sc.vus
	}
	if n > totalVUs && totalVUs > 0 {
		n = totalVUs
	}
	agg := newAggregator(r, n)
	r.start = time.Now()
	workers := make([]*worker, n)
	for i := range workers {
		workers[i] = newWorker(r, i, n, agg)
	}
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop()
		}()
	}
	aggDone := make(chan struct{})
	go func() {
		agg.loop()
		close(aggDone)
	}()
	interrupted := false
	waitDone := make(chan struct{})
	go func() {
		wg.Wait()
		close(waitDone)
	}()
	select {
	case <-waitDone:
	case <-ctx.Done():
		interrupted = true
		r.requestStop()
		<-waitDone
	}
	elapsed := time.Since(r.start)
	close(agg.in)
	<-aggDone
	res := agg.result(elapsed)
	res.Interrupted = interrupted
	res.Aborted = r.aborted && !interrupted
	return res
}

// rateCurve is an arrival rate over time, piecewise linear, and the
// arrival times it implies: arrival k (from 0) falls when the integral of
// the rate reaches k.
type rateCurve struct {
	start  float64 // rate at t=0, per second
	stages []Stage
}

// defaultMaxVUs is the cap on concurrent iterations of an arrival-rate
// scenario that sets none: Options.MaxVUs if given, else the peak rate
// times the request timeout, within [DefaultMaxVUs, MaxDefaultVUs].
func defaultMaxVUs(sc *Scenario, opts *Options) int {
	if opts.MaxVUs > 0 {
		return opts.MaxVUs
	}
	n := math.Ceil(sc.peakRate() * opts.Timeout.Seconds())
	return int(math.Max(DefaultMaxVUs, math.Min(n, MaxDefaultVUs)))
}

func newRateCurve(sc *Scenario) rateCurve {
	if sc.Executor == ConstantArrivalRate {
		return rateCurve{start: sc.Rate, stages: []Stage{{sc.Duration, sc.Rate}}}
	}
	return rateCurve{start: sc.Rate, stages: sc.Stages}
}

// at returns the time, in ns from the scenario's start, of arrival k, and
// false if it falls after the last stage.
func (c *rateCurve) at(k int64) (int64, bool) {
	m := float64(k) // arrivals still to account for
	var t0 time.Duration
	a := c.start
	for _, st := range c.stages {
		d := st.Duration.Seconds()
		b := st.Target
		area := (a + b) / 2 * d
		if m < area {
			if m == 0 {
				return int64(t0), true
			}
			// Solve a*τ + (b-a)/(2d)*τ² = m for τ in [0, d], in the
			// form that stays exact when a == b.
			disc := a*a + 2*(b-a)*m/d
			if disc < 0 {
				disc = 0
			}
			den := a + math.Sqrt(disc)
			if den <= 0 {
				return 0, false
			}
			tau := 2 * m / den
			return int64(t0) + int64(tau*1e9), true
		}
		m -= area
		t0 += st.Duration
		a = b
	}
	return 0, false
}

// rate returns the arrival rate at t (ns from the scenario's start).
func (c *rateCurve) rate(t int64) float64 {
	a := c.start
	var t0 int64
	for _, st := range c.stages {
		if t < t0+int64(st.Duration) {
			f := float64(t-t0) / float64(st.Duration)
			return a + (st.Target-a)*f
		}
		t0 += int64(st.Duration)
		a = st.Target
	}
	return a
}

// vuTarget returns the number of VUs a ramping-vus scenario wants at t (ns
// from its start).
func vuTarget(sc *Scenario, t int64) int {
	a := float64(sc.VUs)
	var t0 int64
	for _, st := range sc.Stages {
		if t < t0+int64(st.Duration) {
			f := float64(t-t0) / float64(st.Duration)
			return int(a + (st.Target-a)*f + 0.5)
		}
		t0 += int64(st.Duration)
		a = st.Target
	}
	return int(a + 0.5)
}

package loadgen

import (
	"sort"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
	"sync"
	"time"
)

// interval is one worker's metrics over one second (or what was left of
// the run at its end).
type interval struct {
	worker int
	sec    int64
	series []*series
	scen   []scenCounts
	busy   int // VUs in an iteration when flushed
	final  bool
}

// Progress is the run's state once a second, for the live line, Prometheus
// and --abort-on-fail.
type Progress struct {
	Elapsed   time.Duration
	Remaining time.Duration // until the last scenario stops starting iterations
	// Over the last second:
	Requests int64
	Errors   int64
	P50, P99 time.Duration
	// Since the start:
	TotalRequests int64
	TotalErrors   int64
	Dropped       int64
	VUs           int // VUs in an iteration
	Final         bool

	agg *aggregator
}

// Result builds the results so far (without encoded histograms), for
// evaluating thresholds while the run goes on.
func (p *Progress) Result() *Result { return p.agg.resultLocked(p.Elapsed, false) }

// aggregator merges the workers' intervals into the run's cumulative
// metrics and its timeline. It alone touches them, except for readers that
// hold mu (the Prometheus collector).
type aggregator struct {
	r       *run
	workers int
	in      chan *interval
	spare   chan []*series

	mu       sync.Mutex
	total    []*series // cumulative, by layout series index
	scen     []scenCounts
	seconds  map[int64]*pendingSecond
	final    []bool
	timeline []Second
	busy     []int
	lastSec  []int64
	last     Progress
	// finalSent: the last Progress (Final) has been reported.
	finalSent bool
	// freeSeconds recycles the histograms of closed seconds.
	freeSeconds []*series
}

type pendingSecond struct {
	reported int
	overall  *series
	dropped  int64
}

func newAggregator(r *run, workers int) *aggregator {
	a := &aggregator{
		r:       r,
		workers: workers,
		in:      make(chan *interval, 4*workers),
		spare:   make(chan []*series, 3*workers),
		seconds: map[int64]*pendingSecond{},
		final:   make([]bool, workers),
		busy:    make([]int, workers),
		lastSec: make([]int64, workers),
		scen:    make([]scenCounts, len(r.scenarios)),
	}
	for i := range a.lastSec {
		a.lastSec[i] = -1
	}
	a.total = a.makeSet()
	return a
}

func (a *aggregator) makeSet() []*series {
	l := &a.r.layout
	set := make([]*series, l.nseries())
	set[0] = newSeries(0)
	for i := range l.groups {
		set[1+i] = newSeries(0)
	}
	for i, n := range l.stepChecks {
		set[l.stepSeries(i)] = newSeries(n)
	}
	return set
}

// newSet returns an empty set of series for a worker's next interval,
// recycled when one is available. Safe for concurrent use.
func (a *aggregator) newSet() []*series {
	select {
	case s := <-a.spare:
		return s
	default:
		return a.makeSet()
	}
}

func (a *aggregator) loop() {
	for iv := range a.in {
		a.mu.Lock()
		a.add(iv)
		a.mu.Unlock()
	}
	a.mu.Lock()
	a.closeSeconds(true)
	if !a.finalSent {
		p := a.last
		p.agg, p.Final = a, true
		a.finalSent = true
		if fn := a.r.opts.Progress; fn != nil {
			fn(&p)
		}
	}
	a.mu.Unlock()
}

func (a *aggregator) add(iv *interval) {
	for i, s := range iv.series {
		a.total[i].merge(s)
	}
	var dropped int64
	for i, c := range iv.scen {
		t := &a.scen[i]
		t.iterations += c.iterations
		t.failed += c.failed
		t.dropped += c.dropped
		t.interrupted += c.interrupted
		dropped += c.dropped
	}
	a.busy[iv.worker] = iv.busy
	a.lastSec[iv.worker] = iv.sec
	ps := a.seconds[iv.sec]
	if ps == nil {
		ps = &pendingSecond{}
		if n := len(a.freeSeconds); n > 0 {
			ps.overall = a.freeSeconds[n-1]
			a.freeSeconds = a.freeSeconds[:n-1]
		} else {
			ps.overall = newSeries(0)
		}
		a.seconds[iv.sec] = ps
	}
	ps.overall.merge(iv.series[0])
	ps.dropped += dropped
	ps.reported++
	if iv.final {
		a.final[iv.worker] = true
		for _, s := range iv.series {
			s.reset()
		}
	} else {
		for _, s := range iv.series {
			s.reset()
		}
		select {
		case a.spare <- iv.series:
		default:
		}
	}
	a.closeSeconds(a.allFinal())
}

func (a *aggregator) allFinal() bool {
	for _, f := range a.final {
		if !f {
			return false
		}
	}
	return true
}

// closeSeconds turns every second that all workers have reported into a
// timeline row, oldest first, and reports progress for each; with all, it
// closes every second left (the run is over).
func (a *aggregator) closeSeconds(all bool) {
	keys := make([]int64, 0, len(a.seconds))
	for k := range a.seconds {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for i, k := range keys {
		if !all && !a.covered(k) {
			break
		}
		ps := a.seconds[k]
		delete(a.seconds, k)
		a.closeSecond(k, ps, all && i == len(keys)-1)
	}
}

// covered reports whether every worker has reported second k: a worker
// reports each second once, in order, and a finished worker no more.
func (a *aggregator) covered(k int64) bool {
	for w, f := range a.final {
		if !f && a.lastSec[w] < k {
			return false
		}
	}
	return true
}

func (a *aggregator) closeSecond(k int64, ps *pendingSecond, last bool) {
	o := ps.overall
	lat := latencyOf(o.hist)
	busy := 0
	for _, b := range a.busy {
		busy += b
	}
	row := Second{
		T:        a.r.start.Add(time.Duration(k) * time.Second).Unix(),
		Requests: o.requests,
		Errors:   o.errorCount(),
		Dropped:  ps.dropped,
		VUs:      busy,
		P50:      lat.P50, P99: lat.P99, Max: lat.Max,
	}
	if o.requests > 0 {
		row.HDR = encodeHist(o.hist)
	}
	a.timeline = append(a.timeline, row)
	o.reset()
	a.freeSeconds = append(a.freeSeconds, o)
	elapsed := time.Duration(k+1) * time.Second
	if now := time.Since(a.r.start); last || now < elapsed {
		elapsed = now
	}
	p := Progress{
		Elapsed:       elapsed,
		Remaining:     max(0, a.remaining()-elapsed),
		Requests:      row.Requests,
		Errors:        row.Errors,
		P50:           time.Duration(lat.P50) * time.Microsecond,
		P99:           time.Duration(lat.P99) * time.Microsecond,
		TotalRequests: a.total[0].requests,
		TotalErrors:   a.total[0].errorCount(),
		VUs:           busy,
		Final:         last,
		agg:           a,
	}
	for _, s := range a.scen {
		p.Dropped += s.dropped
	}
	a.last = p
	a.finalSent = last
	if fn := a.r.opts.Progress; fn != nil && fn(&p) {
		a.r.aborted = true
		a.r.requestStop()
	}
}

// remaining is when the last scenario stops starting iterations.
func (a *aggregator) remaining() time.Duration {
	var end int64
	for _, sc := range a.r.scenarios {
		end = max(end, sc.end)
	}
	return time.Duration(end)
}

func (a *aggregator) result(elapsed time.Duration) *Result {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.resultLocked(elapsed, true)
}

// resultLocked builds a Result from the cumulative metrics; a.mu is held
// (or the caller is the aggregator goroutine itself).
func (a *aggregator) resultLocked(elapsed time.Duration, encode bool) *Result {
	l := &a.r.layout
	res := &Result{
		Schema:    SchemaVersion,
		Started:   a.r.start.UTC(),
		Elapsed:   round3(elapsed.Seconds()),
		Processes: 1,
		Total:     metricsOf(a.total[0], elapsed, encode),
		Timeline:  append([]Second(nil), a.timeline...),
	}
	for i, sc := range a.r.scenarios {
		c := a.scen[i]
		sr := ScenarioResult{
			Name: sc.Name, Executor: sc.Executor.String(),
			Rate: sc.Rate, VUs: sc.VUs, Duration: sc.Length().Seconds(),
			Iterations: c.iterations, Failed: c.failed, Dropped: c.dropped, Interrupted: c.interrupted,
		}
		if sc.Executor.Open() {
			sr.MaxVUs = sc.vus
		}
		for _, st := range sc.Stages {
			sr.Stages = append(sr.Stages, StageResult{Duration: st.Duration.Seconds(), Target: st.Target})
		}
		res.Scenarios = append(res.Scenarios, sr)
	}
	if !encode {
		// A live view: thresholds read the running histograms directly.
		res.hists = map[string]*hdr.Histogram{"": a.total[0].hist}
	}
	for i, g := range l.groups {
		res.Groups = append(res.Groups, GroupResult{Name: g, Metrics: metricsOf(a.total[1+i], elapsed, encode)})
		if !encode {
			res.hists["group:"+g] = a.total[1+i].hist
		}
	}
	for i, k := range l.steps {
		s := a.total[l.stepSeries(i)]
		sr := StepResult{Scenario: k.scenario, Name: k.info.Name, Group: k.info.Group, Metrics: metricsOf(s, elapsed, encode)}
		for j, name := range k.info.Checks {
			sr.Checks = append(sr.Checks, CheckResult{Name: name, Passed: s.passed[j], Failed: s.failed[j]})
		}
		res.Steps = append(res.Steps, sr)
		if !encode {
			res.hists["step:"+k.scenario+"\x00"+k.info.Name] = s.hist
		}
	}
	return res
}

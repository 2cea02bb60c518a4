package loadgen

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// FindMaxOptions configure a breaking-point search.
type FindMaxOptions struct {
	// Start is the first arrival rate tried, in iterations per second;
	// 0 means 50.
	Start float64
	// Factor multiplies the rate after each trial that held, until one
	// fails; 0 means 2.
	Factor float64
	// Precision ends the bisection once the bracket between the highest
	// rate that held and the lowest that failed is narrower than this
	// fraction of the latter; 0 means 0.05.
	Precision float64
	// MaxTrials bounds the number of trials, and so the search's time
	// (MaxTrials × (Trial + graceful stop + Cooldown)); 0 means 12.
	MaxTrials int
	// Trial is how long each rate is held; 0 means 10s.
	Trial time.Duration
	// Cooldown is the pause between trials that lets the target drain;
	// 0 means 1s.
	Cooldown time.Duration
	// MaxErrorRate is the share of failed requests beyond which a rate
	// fails; 0 means 0.01 (1 %). Dropped iterations (every in-flight slot
	// busy) count against the same limit.
	MaxErrorRate float64
	// Limit caps the rates tried (0: none).
	Limit float64
	// Judge, if set, evaluates the thresholds on a trial's results and
	// reports whether all held.
	Judge func(*Result) bool
	// Criteria describes Judge for the results ("p99 < 200ms"); the error
	// and drop limits are added to it.
	Criteria string
	// OnTrial, if set, is told of each trial as it ends.
	OnTrial func(FindMaxStep)
}

func (o *FindMaxOptions) defaults() {
	if o.Start <= 0 {
		o.Start = 50
	}
	if o.Factor <= 1 {
		o.Factor = 2
	}
	if o.Precision <= 0 {
		o.Precision = 0.05
	}
	if o.MaxTrials <= 0 {
		o.MaxTrials = 12
	}
	if o.Trial <= 0 {
		o.Trial = 10 * time.Second
	}
	if o.Cooldown <= 0 {
		o.Cooldown = time.Second
	}
	if o.MaxErrorRate <= 0 {
		o.MaxErrorRate = 0.01
	}
}

// FindMax searches for the highest arrival rate the target holds: it runs
// the scenarios as constant-arrival-rate trials, raising the rate by Factor
// after each trial that held, then bisecting between the highest rate that
// held and the lowest that failed. A rate holds when its errors and dropped
// iterations stay within MaxErrorRate and Judge (the thresholds) passes.
//
// Several scenarios share each trial's rate in proportion to their own
// asked rates (peak stage target for ramps; 1 for the closed model).
//
// It returns the results of the highest rate that held (or of the last
// trial if none did) with Result.FindMax set: the per-instance capacity
// that capacity planning reads. ctx ends the search early, keeping what was
// found (Result.Interrupted).
func FindMax(ctx context.Context, scenarios []Scenario, opts Options, fm FindMaxOptions) (*Result, error) {
	if len(scenarios) == 0 {
		return nil, ErrNoScenarios
	}
	fm.defaults()
	weights := make([]float64, len(scenarios))
	var sum float64
	for i, sc := range scenarios {
		w := 1.0
		switch sc.Executor {
		case ConstantArrivalRate, RampingArrivalRate:
			w = sc.peakRate()
		}
		if !(w > 0) {
			w = 1
		}
		weights[i] = w
		sum += w
	}
	trialScenarios := func(rate float64) []Scenario {
		out := make([]Scenario, len(scenarios))
		for i, sc := range scenarios {
			sc.Executor = ConstantArrivalRate
			sc.Rate = rate * weights[i] / sum
			sc.Duration = fm.Trial
			sc.Stages = nil
			sc.StartAfter = 0
			out[i] = sc
		}
		return out
	}
	criteria := "errors and dropped iterations ≤ " + fmtPct(fm.MaxErrorRate)
	if fm.Criteria != "" {
		criteria = fm.Criteria + "; " + criteria
	}
	res := &FindMaxResult{Criteria: criteria}
	var best, last *Result
	good, bad := 0.0, math.Inf(1)
	rate := fm.Start
	if fm.Limit > 0 {
		rate = math.Min(rate, fm.Limit)
	}
	for trial := 0; trial < fm.MaxTrials; trial++ {
		if trial > 0 {
			select {
			case <-time.After(fm.Cooldown):
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			break
		}
		r, err := Run(ctx, trialScenarios(rate), opts)
		if err != nil {
			return nil, fmt.Errorf("find-max at %s/s: %w", fmtRate(rate), err)
		}
		last = r
		if r.Interrupted {
			break
		}
		step := judgeTrial(r, rate, fm)
		res.Steps = append(res.Steps, step)
		if fm.OnTrial != nil {
			fm.OnTrial(step)
		}
		if step.OK {
			good, best = rate, r
		} else {
			bad = rate
		}
		if !math.IsInf(bad, 1) && (bad-good)/bad < fm.Precision {
			break
		}
		switch {
		case math.IsInf(bad, 1):
			next := rate * fm.Factor
			if fm.Limit > 0 && next > fm.Limit {
				if rate >= fm.Limit {
					trial = fm.MaxTrials // the limit held: nothing higher to try
					continue
				}
				next = fm.Limit
			}
			rate = next
		default:
			rate = (good + bad) / 2
		}
		rate = roundRate(rate)
	}
	if last == nil {
		return nil, errors.New("find-max: interrupted before the first trial")
	}
	out := best
	if out == nil {
		out = last
	}
	res.Rate = good
	if best != nil {
		res.Latency = best.Total.Latency
		res.Achieved = requestRate(best, fm.Trial)
		res.ErrorRate = best.Total.ErrorRate
	}
	out.FindMax = res
	out.Interrupted = last.Interrupted || ctx.Err() != nil
	return out, nil
}

// roundRate keeps rates readable (three significant digits).
func roundRate(r float64) float64 {
	if r <= 0 {
		return r
	}
	mag := math.Pow(10, math.Floor(math.Log10(r))-2)
	return math.Round(r/mag) * mag
}

// requestRate is the request rate a trial sustained: its requests over the
// trial's length. The requests of iterations still running at the end count
// too (they belong to arrivals within the trial), which Metrics.Rate would
// spread over the graceful stop as well and so understate.
func requestRate(r *Result, trial time.Duration) float64 {
	return float64(r.Total.Requests) / trial.Seconds()
}

func judgeTrial(r *Result, rate float64, fm FindMaxOptions) FindMaxStep {
	step := FindMaxStep{
		Rate:      rate,
		Achieved:  requestRate(r, fm.Trial),
		ErrorRate: r.Total.ErrorRate,
		P50:       r.Total.Latency.P50,
		P99:       r.Total.Latency.P99,
		OK:        true,
	}
	var arrivals int64
	for _, s := range r.Scenarios {
		step.Dropped += s.Dropped
		arrivals += s.Iterations + s.Failed + s.Dropped + s.Interrupted
	}
	fail := func(reason string) {
		if step.OK {
			step.OK, step.Reason = false, reason
		}
	}
	if r.Total.Requests == 0 {
		fail("no request completed")
	}
	if r.Total.ErrorRate > fm.MaxErrorRate {
		fail("errors " + fmtPct(r.Total.ErrorRate))
	}
	if arrivals > 0 && float64(step.Dropped)/float64(arrivals) > fm.MaxErrorRate {
		fail(strconv.FormatInt(step.Dropped, 10) + " iterations dropped (every in-flight slot busy)")
	}
	if fm.Judge != nil && !fm.Judge(r) {
		reason := "a threshold failed"
		for _, t := range r.Thresholds {
			if !t.OK {
				reason = t.Detail
				break
			}
		}
		fail(reason)
	}
	return step
}

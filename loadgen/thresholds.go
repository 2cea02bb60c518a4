package loadgen

import (
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/plimsoll/plimsoll/loadgen/threshold"
)

// A Result is the threshold.Metrics that thresholds are evaluated against.
// A target names a group, else a step, else a scenario; "" is the whole run.
var _ threshold.Metrics = (*Result)(nil)

// target is the series a threshold target names, with its histogram.
type target struct {
	m       *Metrics
	hist    *hdr.Histogram
	passed  int64
	failed  int64
	dropped int64
}

func (r *Result) find(name string) (*target, bool) {
	if r.targets == nil {
		r.targets = map[string]*target{}
	}
	if t, ok := r.targets[name]; ok {
		return t, t != nil
	}
	t := r.resolve(name)
	r.targets[name] = t
	return t, t != nil
}

func (r *Result) resolve(name string) *target {
	t := &target{}
	sumChecks := func(group, scenario string, all bool) {
		for _, s := range r.Steps {
			if all || group != "" && s.Group == group || scenario != "" && s.Scenario == scenario {
				for _, c := range s.Checks {
					t.passed += c.Passed
					t.failed += c.Failed
				}
			}
		}
	}
	if name == "" {
		t.m = &r.Total
		sumChecks("", "", true)
		for _, s := range r.Scenarios {
			t.dropped += s.Dropped
		}
		return t.withHist(r, "")
	}
	for i := range r.Groups {
		if r.Groups[i].Name == name {
			t.m = &r.Groups[i].Metrics
			sumChecks(name, "", false)
			return t.withHist(r, "group:"+name)
		}
	}
	for i := range r.Steps {
		if r.Steps[i].Name == name {
			t.m = &r.Steps[i].Metrics
			for _, c := range r.Steps[i].Checks {
				t.passed += c.Passed
				t.failed += c.Failed
			}
			return t.withHist(r, "step:"+r.Steps[i].Scenario+"\x00"+name)
		}
	}
	for _, s := range r.Scenarios {
		if s.Name != name {
			continue
		}
		// A scenario's figures are those of its steps together.
		mm := &metricsMerger{}
		for i := range r.Steps {
			if r.Steps[i].Scenario == name {
				if h := r.hist("step:"+name+"\x00"+r.Steps[i].Name, &r.Steps[i].Metrics); h != nil {
					mm.addDecoded(&r.Steps[i].Metrics, h)
				}
			}
		}
		if mm.hist == nil {
			return nil
		}
		m := mm.metrics(time.Duration(r.Elapsed * float64(time.Second)))
		t.m, t.hist, t.dropped = &m, mm.hist, s.Dropped
		sumChecks("", name, false)
		return t
	}
	return nil
}

func (t *target) withHist(r *Result, key string) *target {
	t.hist = r.hist(key, t.m)
	return t
}

// hist returns the histogram of m: the live one while the run goes on,
// else decoded from the results file.
func (r *Result) hist(key string, m *Metrics) *hdr.Histogram {
	if h, ok := r.hists[key]; ok {
		return h
	}
	if m.HDR == "" {
		return nil
	}
	h, err := decodeHist(m.HDR)
	if err != nil {
		return nil
	}
	if r.hists == nil {
		r.hists = map[string]*hdr.Histogram{}
	}
	r.hists[key] = h
	return h
}

// Quantile returns the latency at percentile q (0 = min, 100 = max) of
// target's requests.
func (r *Result) Quantile(name string, q float64) (time.Duration, bool) {
	t, ok := r.find(name)
	if !ok || t.hist == nil || t.hist.TotalCount() == 0 {
		return 0, false
	}
	var us int64
	switch {
	case q <= 0:
		us = t.hist.Min()
	case q >= 100:
		us = t.hist.Max()
	default:
		us = t.hist.ValueAtPercentile(q)
	}
	return time.Duration(us) * time.Microsecond, true
}

// Mean returns the mean latency of target's requests.
func (r *Result) Mean(name string) (time.Duration, bool) {
	t, ok := r.find(name)
	if !ok || t.hist == nil || t.hist.TotalCount() == 0 {
		return 0, false
	}
	return time.Duration(t.hist.Mean() * float64(time.Microsecond)), true
}

// Counts returns target's totals.
func (r *Result) Counts(name string) (threshold.Counts, bool) {
	t, ok := r.find(name)
	if !ok {
		return threshold.Counts{}, false
	}
	return threshold.Counts{
		Requests:     t.m.Requests,
		Errors:       t.m.Errors,
		ChecksPassed: t.passed,
		ChecksFailed: t.failed,
		Dropped:      t.dropped,
		Elapsed:      time.Duration(r.Elapsed * float64(time.Second)),
	}, true
}

// Judge evaluates thresholds against r, records the verdicts in
// r.Thresholds and reports whether all of them held.
func (r *Result) Judge(ts []*threshold.Threshold) bool {
	r.Thresholds = r.Thresholds[:0]
	ok := true
	for _, t := range ts {
		v := t.Eval(r)
		r.Thresholds = append(r.Thresholds, ThresholdResult{Expr: t.String(), OK: v.OK, NoData: v.NoData, Detail: v.String()})
		ok = ok && v.OK
	}
	return ok
}

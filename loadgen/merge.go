package loadgen

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Merge combines the results of runs that loaded the same system at the
// same time from several processes (shards of a Kubernetes Job, say) into
// one, exactly: counts add up, latency histograms merge bucket by bucket,
// so the merged percentiles are those of all requests together, not an
// average of percentiles. Steps, groups and scenarios match by name; the
// timeline matches by wall-clock second. The merged run spans from the
// earliest start to the latest end. Threshold verdicts and breaking-point
// searches do not merge (re-evaluate thresholds on the merged results).
func Merge(results ...*Result) (*Result, error) {
	if len(results) == 0 {
		return nil, errors.New("nothing to merge")
	}
	out := &Result{Schema: SchemaVersion}
	var start, end time.Time
	totals := &metricsMerger{}
	groups := map[string]*metricsMerger{}
	var groupOrder []string
	type stepID struct{ scenario, name string }
	steps := map[stepID]*stepMerger{}
	var stepOrder []stepID
	scen := map[string]*ScenarioResult{}
	var scenOrder []string
	seconds := map[int64]*secondMerger{}
	for i, r := range results {
		if r.Schema != SchemaVersion {
			return nil, fmt.Errorf("result %d: schema %q is not %q", i+1, r.Schema, SchemaVersion)
		}
		rEnd := r.Started.Add(time.Duration(r.Elapsed * float64(time.Second)))
		if start.IsZero() || r.Started.Before(start) {
			start = r.Started
		}
		if rEnd.After(end) {
			end = rEnd
		}
		out.Processes += max(r.Processes, 1)
		out.Interrupted = out.Interrupted || r.Interrupted
		out.Aborted = out.Aborted || r.Aborted
		if err := totals.add(&r.Total); err != nil {
			return nil, fmt.Errorf("result %d: total: %w", i+1, err)
		}
		for _, g := range r.Groups {
			m := groups[g.Name]
			if m == nil {
				m = &metricsMerger{}
				groups[g.Name] = m
				groupOrder = append(groupOrder, g.Name)
			}
			if err := m.add(&g.Metrics); err != nil {
				return nil, fmt.Errorf("result %d: group %q: %w", i+1, g.Name, err)
			}
		}
		for _, s := range r.Steps {
			id := stepID{s.Scenario, s.Name}
			m := steps[id]
			if m == nil {
				m = &stepMerger{group: s.Group}
				steps[id] = m
				stepOrder = append(stepOrder, id)
			}
			if err := m.add(&s.Metrics); err != nil {
				return nil, fmt.Errorf("result %d: step %q: %w", i+1, s.Name, err)
			}
			m.addChecks(s.Checks)
		}
		for _, s := range r.Scenarios {
			t := scen[s.Name]
			if t == nil {
				c := s
				c.Stages = append([]StageResult(nil), s.Stages...)
				c.Iterations, c.Failed, c.Dropped, c.Interrupted = 0, 0, 0, 0
				c.Rate, c.VUs, c.MaxVUs = 0, 0, 0
				for i := range c.Stages {
					c.Stages[i].Target = 0
				}
				t = &c
				scen[s.Name] = t
				scenOrder = append(scenOrder, s.Name)
			}
			// Rates and VUs of processes running side by side add up.
			t.Rate += s.Rate
			t.VUs += s.VUs
			t.MaxVUs += s.MaxVUs
			t.Duration = max(t.Duration, s.Duration)
			for i := range s.Stages {
				if i < len(t.Stages) {
					t.Stages[i].Target += s.Stages[i].Target
				}
			}
			t.Iterations += s.Iterations
			t.Failed += s.Failed
			t.Dropped += s.Dropped
			t.Interrupted += s.Interrupted
		}
		for j, s := range r.Timeline {
			m := seconds[s.T]
			if m == nil {
				m = &secondMerger{row: Second{T: s.T}, hist: newHist()}
				seconds[s.T] = m
			}
			m.row.Requests += s.Requests
			m.row.Errors += s.Errors
			m.row.Dropped += s.Dropped
			m.row.VUs += s.VUs
			if s.HDR != "" {
				h, err := decodeHist(s.HDR)
				if err != nil {
					return nil, fmt.Errorf("result %d: timeline[%d]: %w", i+1, j, err)
				}
				m.hist.Merge(h)
			}
		}
	}
	elapsed := end.Sub(start)
	out.Started = start.UTC()
	out.Elapsed = round3(elapsed.Seconds())
	out.Total = totals.metrics(elapsed)
	for _, name := range groupOrder {
		out.Groups = append(out.Groups, GroupResult{Name: name, Metrics: groups[name].metrics(elapsed)})
	}
	for _, id := range stepOrder {
		m := steps[id]
		out.Steps = append(out.Steps, StepResult{Scenario: id.scenario, Name: id.name, Group: m.group, Metrics: m.metrics(elapsed), Checks: m.checks})
	}
	for _, name := range scenOrder {
		out.Scenarios = append(out.Scenarios, *scen[name])
	}
	keys := make([]int64, 0, len(seconds))
	for k := range seconds {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		m := seconds[k]
		l := latencyOf(m.hist)
		m.row.P50, m.row.P99, m.row.Max = l.P50, l.P99, l.Max
		if l.Count > 0 {
			m.row.HDR = encodeHist(m.hist)
		}
		out.Timeline = append(out.Timeline, m.row)
	}
	return out, nil
}

type metricsMerger struct {
	requests, bytesIn int64
	classes           map[string]int64
	status            map[string]int64
	hist              *hdr.Histogram
}

func (m *metricsMerger) add(x *Metrics) error {
	if m.hist == nil {
		m.hist = newHist()
		m.classes = map[string]int64{}
		m.status = map[string]int64{}
	}
	if x.HDR != "" {
		h, err := decodeHist(x.HDR)
		if err != nil {
			return err
		}
		m.hist.Merge(h)
	} else if x.Latency.Count > 0 {
		return errors.New("latencies without their histogram (hdr) cannot be merged exactly")
	}
	m.requests += x.Requests
	m.bytesIn += x.BytesIn
	for k, v := range x.ErrorClasses {
		m.classes[k] += v
	}
	for k, v := range x.Status {
		m.status[k] += v
	}
	return nil
}

// addDecoded adds x whose histogram is already decoded.
func (m *metricsMerger) addDecoded(x *Metrics, h *hdr.Histogram) {
	if m.hist == nil {
		m.hist = newHist()
		m.classes = map[string]int64{}
		m.status = map[string]int64{}
	}
	m.hist.Merge(h)
	m.requests += x.Requests
	m.bytesIn += x.BytesIn
	for k, v := range x.ErrorClasses {
		m.classes[k] += v
	}
	for k, v := range x.Status {
		m.status[k] += v
	}
}

func (m *metricsMerger) metrics(elapsed time.Duration) Metrics {
	out := Metrics{Requests: m.requests, BytesIn: m.bytesIn, Latency: latencyOf(m.hist), HDR: encodeHist(m.hist)}
	for k, v := range m.classes {
		if out.ErrorClasses == nil {
			out.ErrorClasses = map[string]int64{}
		}
		out.ErrorClasses[k] = v
		out.Errors += v
	}
	if len(m.status) > 0 {
		out.Status = m.status
	}
	out.rates(elapsed.Seconds())
	return out
}

type stepMerger struct {
	metricsMerger
	group  string
	checks []CheckResult
}

func (m *stepMerger) addChecks(cs []CheckResult) {
	for _, c := range cs {
		found := false
		for i := range m.checks {
			if m.checks[i].Name == c.Name {
				m.checks[i].Passed += c.Passed
				m.checks[i].Failed += c.Failed
				found = true
				break
			}
		}
		if !found {
			m.checks = append(m.checks, c)
		}
	}
}

type secondMerger struct {
	row  Second
	hist *hdr.Histogram
}

// statusKey is the results file's key for a status code.
func statusKey(code int) string {
	if code == 0 {
		return "other"
	}
	return strconv.Itoa(code)
}

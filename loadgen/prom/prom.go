package prom

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/plimsoll/plimsoll/loadgen"
)

// Collector is a prometheus.Collector over the latest progress of a run.
// Update it from loadgen.Options.Progress; scrapes read the last update.
type Collector struct {
	mu   sync.Mutex
	last *loadgen.Result
	vus  int

	requests, errors, statuses, latency, active, dropped, iterations, elapsed *prometheus.Desc
}

// NewCollector returns a Collector with no data yet.
func NewCollector() *Collector {
	ns := func(name string) string { return "plimsoll_load_" + name }
	return &Collector{
		requests:   prometheus.NewDesc(ns("requests_total"), "Requests completed, failed or not, per step.", []string{"scenario", "step", "group"}, nil),
		errors:     prometheus.NewDesc(ns("errors_total"), "Failed requests by error class (connect, timeout, reset, tls, protocol, check, status).", []string{"class"}, nil),
		statuses:   prometheus.NewDesc(ns("responses_total"), "Responses by HTTP status code.", []string{"code"}, nil),
		latency:    prometheus.NewDesc(ns("latency_seconds"), "Latency from each request's intended send time to the end of its response, per step.", []string{"scenario", "step", "group"}, nil),
		active:     prometheus.NewDesc(ns("vus"), "Virtual users in an iteration.", nil, nil),
		dropped:    prometheus.NewDesc(ns("dropped_iterations_total"), "Open-model arrivals dropped because every in-flight slot was busy.", []string{"scenario"}, nil),
		iterations: prometheus.NewDesc(ns("iterations_total"), "Iterations ended, normally or not.", []string{"scenario"}, nil),
		elapsed:    prometheus.NewDesc(ns("elapsed_seconds"), "Time since the run started.", nil, nil),
	}
}

// Update records p; it is cheap enough to call once a second.
func (c *Collector) Update(p *loadgen.Progress) {
	r := p.Result()
	c.mu.Lock()
	c.last, c.vus = r, p.VUs
	c.mu.Unlock()
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.requests, c.errors, c.statuses, c.latency, c.active, c.dropped, c.iterations, c.elapsed} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	r, vus := c.last, c.vus
	c.mu.Unlock()
	ch <- prometheus.MustNewConstMetric(c.active, prometheus.GaugeValue, float64(vus))
	if r == nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(c.elapsed, prometheus.GaugeValue, r.Elapsed)
	for _, s := range r.Steps {
		ch <- prometheus.MustNewConstMetric(c.requests, prometheus.CounterValue, float64(s.Requests), s.Scenario, s.Name, s.Group)
		l := s.Latency
		q := map[float64]float64{0.5: sec(l.P50), 0.9: sec(l.P90), 0.95: sec(l.P95), 0.99: sec(l.P99), 0.999: sec(l.P999)}
		ch <- prometheus.MustNewConstSummary(c.latency, uint64(l.Count), l.Mean*float64(l.Count)/1e6, q, s.Scenario, s.Name, s.Group)
	}
	for class, n := range r.Total.ErrorClasses {
		ch <- prometheus.MustNewConstMetric(c.errors, prometheus.CounterValue, float64(n), class)
	}
	for code, n := range r.Total.Status {
		ch <- prometheus.MustNewConstMetric(c.statuses, prometheus.CounterValue, float64(n), code)
	}
	for _, s := range r.Scenarios {
		ch <- prometheus.MustNewConstMetric(c.dropped, prometheus.CounterValue, float64(s.Dropped), s.Name)
		ch <- prometheus.MustNewConstMetric(c.iterations, prometheus.CounterValue, float64(s.Iterations+s.Failed), s.Name)
	}
}

func sec(us int64) float64 { return float64(us) / 1e6 }

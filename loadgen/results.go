package loadgen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// SchemaVersion identifies the results format written by this package; see
// docs/load-results.md. A reader accepts only this major version.
const SchemaVersion = "plimsoll.load.results/v1"

// Result is a run's results: what was asked, what happened, per step, per
// group and overall, second by second. It is what `plimsoll load --out`
// writes and what `load merge`, `load report` and capacity planning read.
// Every latency histogram is carried encoded (HdrHistogram V2, compressed,
// base64, microseconds), so merging results of several processes is exact.
type Result struct {
	Schema string `json:"schema"`
	// Started is when the run began; Elapsed runs from then to the end of
	// its last request, in seconds.
	Started time.Time `json:"started"`
	Elapsed float64   `json:"elapsed_s"`
	// Processes counts the runs merged into this one (1 for a single run).
	Processes int `json:"processes"`
	// Interrupted: stopped by Ctrl-C. Aborted: stopped by a failed
	// threshold (--abort-on-fail). Either way, the figures are partial.
	Interrupted bool `json:"interrupted,omitempty"`
	Aborted     bool `json:"aborted,omitempty"`

	Scenarios []ScenarioResult `json:"scenarios"`
	Total     Metrics          `json:"total"`
	Groups    []GroupResult    `json:"groups,omitempty"`
	Steps     []StepResult     `json:"steps"`
	Timeline  []Second         `json:"timeline"`

	Thresholds []ThresholdResult `json:"thresholds,omitempty"`
	FindMax    *FindMaxResult    `json:"find_max,omitempty"`

	// Caches for threshold evaluation: targets by name, histograms by
	// series (the live ones during a run, else decoded from HDR).
	targets map[string]*target
	hists   map[string]*hdr.Histogram
}

// ScenarioResult is what a scenario was asked to do and how many of its
// iterations ran.
type ScenarioResult struct {
	Name     string        `json:"name"`
	Executor string        `json:"executor"`
	Rate     float64       `json:"rate,omitempty"` // asked arrival rate per second (start rate when ramping)
	VUs      int           `json:"vus,omitempty"`
	MaxVUs   int           `json:"max_vus,omitempty"`
	Duration float64       `json:"duration_s"`
	Stages   []StageResult `json:"stages,omitempty"`
	// Iterations counts iterations that ended normally, Failed those a VU
	// aborted, Dropped the arrivals that found every VU busy (open model:
	// the shortfall against the asked rate), Interrupted those cut off by
	// the graceful stop or Ctrl-C.
	Iterations  int64 `json:"iterations"`
	Failed      int64 `json:"failed_iterations"`
	Dropped     int64 `json:"dropped_iterations"`
	Interrupted int64 `json:"interrupted_iterations"`
}

// StageResult is one stage of a ramp.
type StageResult struct {
	Duration float64 `json:"duration_s"`
	Target   float64 `json:"target"`
}

// Metrics are the figures of one series of requests.
type Metrics struct {
	Requests int64 `json:"requests"`
	// Errors counts requests without a complete, passing response, and
	// ErrorClasses splits them by class (connect, timeout, reset, tls,
	// protocol, check).
	Errors       int64            `json:"errors"`
	ErrorClasses map[string]int64 `json:"error_classes,omitempty"`
	// Status counts responses by status code ("200"); "other" holds codes
	// outside 100-599.
	Status  map[string]int64 `json:"status,omitempty"`
	BytesIn int64            `json:"bytes_in"`
	// Rate is Requests per second of the run's Elapsed time.
	Rate      float64 `json:"rate"`
	ErrorRate float64 `json:"error_rate"`
	// Latency is computed from HDR, which holds every recorded latency.
	Latency Latency `json:"latency_us"`
	HDR     string  `json:"hdr"`
}

// Latency holds latency figures in microseconds, from the intended send
// time of each request to the end of its response.
type Latency struct {
	Count int64   `json:"count"`
	Min   int64   `json:"min"`
	Mean  float64 `json:"mean"`
	P50   int64   `json:"p50"`
	P90   int64   `json:"p90"`
	P95   int64   `json:"p95"`
	P99   int64   `json:"p99"`
	P999  int64   `json:"p99_9"`
	Max   int64   `json:"max"`
}

// GroupResult is the metrics of a named group of steps.
type GroupResult struct {
	Name string `json:"name"`
	Metrics
}

// StepResult is the metrics of one step of one scenario.
type StepResult struct {
	Scenario string `json:"scenario"`
	Name     string `json:"name"`
	Group    string `json:"group,omitempty"`
	Metrics
	Checks []CheckResult `json:"checks,omitempty"`
}

// CheckResult counts the outcomes of one check of a step.
type CheckResult struct {
	Name   string `json:"name"`
	Passed int64  `json:"passed"`
	Failed int64  `json:"failed"`
}

// Second is one second of the timeline. T is its start, in Unix seconds.
type Second struct {
	T        int64  `json:"t"`
	Requests int64  `json:"requests"`
	Errors   int64  `json:"errors"`
	Dropped  int64  `json:"dropped,omitempty"`
	VUs      int    `json:"vus"` // VUs in an iteration at the second's end
	P50      int64  `json:"p50_us"`
	P99      int64  `json:"p99_us"`
	Max      int64  `json:"max_us"`
	HDR      string `json:"hdr,omitempty"`
}

// ThresholdResult is the verdict on one threshold expression.
type ThresholdResult struct {
	Expr string `json:"expr"`
	OK   bool   `json:"ok"`
	// NoData: the target saw no requests (or no checks), which fails.
	NoData bool `json:"no_data,omitempty"`
	// Detail is the verdict as the summary prints it:
	// "p99(checkout) 183ms < 200ms ok".
	Detail string `json:"detail"`
}

// FindMaxResult is the outcome of a breaking-point search (--find-max). Rate is
// the highest arrival rate, per second, at which every threshold held and
// errors stayed low: the per-instance capacity that capacity planning reads.
type FindMaxResult struct {
	// Rate is the highest rate that held; 0 when even the first step
	// failed. Latency is measured at that rate.
	Rate    float64 `json:"rate"`
	Latency Latency `json:"latency_us"`
	// Rate counts iterations (arrivals) per second; a journey of several
	// steps sends several requests per iteration. Achieved is the request
	// rate sustained at Rate (requests over the trial's length); ErrorRate
	// the share of those requests that failed.
	Achieved  float64 `json:"achieved_rate"`
	ErrorRate float64 `json:"error_rate"`
	// Criteria says what "held" meant: the thresholds and error limit.
	Criteria string        `json:"criteria"`
	Steps    []FindMaxStep `json:"steps"`
}

// FindMaxStep is one trial of the search.
type FindMaxStep struct {
	Rate      float64 `json:"rate"`          // asked, iterations/s
	Achieved  float64 `json:"achieved_rate"` // requests/s
	ErrorRate float64 `json:"error_rate"`
	Dropped   int64   `json:"dropped_iterations"`
	P50       int64   `json:"p50_us"`
	P99       int64   `json:"p99_us"`
	OK        bool    `json:"ok"`
	Reason    string  `json:"reason,omitempty"` // why it failed
}

// WriteResult writes r as indented JSON.
func WriteResult(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "p99 < 200ms" reads as written
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

// ReadResult reads and checks a results file. name is used in errors,
// which say where in the file the problem is.
func ReadResult(name string, data []byte) (*Result, error) {
	var r Result
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: %w", name, jsonError(data, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%s:%s: unexpected data after the results object", name, lineCol(data, dec.InputOffset()))
	}
	if r.Schema != SchemaVersion {
		return nil, fmt.Errorf("%s: schema %q is not %q: not a plimsoll results file, or from an incompatible version", name, r.Schema, SchemaVersion)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &r, nil
}

func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset is just past the offending byte.
		return fmt.Errorf("%s: %v", lineCol(data, se.Offset-1), se)
	case errors.As(err, &te):
		return fmt.Errorf("%s: field %s: expected %v, got JSON %s", lineCol(data, te.Offset), te.Field, te.Type, te.Value)
	case errors.Is(err, io.EOF):
		return errors.New("empty file: expected a JSON results object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("file ends in the middle of the JSON object")
	}
	return err
}

// lineCol turns a byte offset into "line:col" (1-based).
func lineCol(data []byte, off int64) string {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// check validates what JSON decoding cannot: counts are not negative,
// histograms decode with the geometry every run uses and hold no more
// latencies than requests.
func (r *Result) check() error {
	if r.Elapsed < 0 || math.IsNaN(r.Elapsed) || math.IsInf(r.Elapsed, 0) {
		return fmt.Errorf("elapsed_s %v is not a duration", r.Elapsed)
	}
	if r.Processes < 1 {
		return fmt.Errorf("processes %d: expected at least 1", r.Processes)
	}
	if err := r.Total.check("total"); err != nil {
		return err
	}
	for i := range r.Groups {
		if err := r.Groups[i].check("group " + strconv.Quote(r.Groups[i].Name)); err != nil {
			return err
		}
	}
	for i := range r.Steps {
		if err := r.Steps[i].check("step " + strconv.Quote(r.Steps[i].Name)); err != nil {
			return err
		}
	}
	for _, s := range r.Scenarios {
		if s.Iterations < 0 || s.Failed < 0 || s.Dropped < 0 || s.Interrupted < 0 {
			return fmt.Errorf("scenario %q: negative iteration count", s.Name)
		}
	}
	for i, s := range r.Timeline {
		if s.Requests < 0 || s.Errors < 0 || s.Dropped < 0 {
			return fmt.Errorf("timeline[%d]: negative count", i)
		}
		if s.HDR != "" {
			if _, err := decodeHist(s.HDR); err != nil {
				return fmt.Errorf("timeline[%d]: %w", i, err)
			}
		}
	}
	return nil
}

func (m *Metrics) check(what string) error {
	if m.Requests < 0 || m.Errors < 0 || m.BytesIn < 0 {
		return fmt.Errorf("%s: negative count", what)
	}
	for k, v := range m.ErrorClasses {
		if _, ok := ParseErrorClass(k); !ok {
			return fmt.Errorf("%s: unknown error class %q", what, k)
		}
		if v < 0 {
			return fmt.Errorf("%s: negative count of %s errors", what, k)
		}
	}
	for k, v := range m.Status {
		if v < 0 {
			return fmt.Errorf("%s: negative count of status %s", what, k)
		}
		if k == "other" {
			continue
		}
		if n, err := strconv.Atoi(k); err != nil || n < 100 || n >= maxStatus {
			return fmt.Errorf("%s: status %q is not a status code", what, k)
		}
	}
	if m.HDR == "" {
		return nil
	}
	h, err := decodeHist(m.HDR)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if h.TotalCount() > m.Requests {
		return fmt.Errorf("%s: histogram holds %d latencies for %d requests", what, h.TotalCount(), m.Requests)
	}
	return nil
}

func encodeHist(h *hdr.Histogram) string {
	b, err := h.Encode(hdr.V2CompressedEncodingCookieBase)
	if err != nil {
		// Encoding a histogram of our own geometry cannot fail; if it
		// ever does, the results say so rather than lie.
		return ""
	}
	return string(b)
}

// decodeHist decodes a histogram and insists on the geometry every run
// uses, so that merging never silently drops values.
func decodeHist(s string) (h *hdr.Histogram, err error) {
	defer func() {
		if p := recover(); p != nil {
			h, err = nil, fmt.Errorf("hdr: corrupt histogram (%v)", p)
		}
	}()
	h, err = hdr.Decode([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("hdr: %w", err)
	}
	if h.LowestTrackableValue() != histLowest || h.HighestTrackableValue() < histHighest || h.SignificantFigures() != histDigits {
		return nil, fmt.Errorf("hdr: histogram geometry (%d..%d, %d digits) is not plimsoll's (%d..%d, %d digits)",
			h.LowestTrackableValue(), h.HighestTrackableValue(), h.SignificantFigures(), histLowest, histHighest, histDigits)
	}
	if h.TotalCount() < 0 {
		return nil, errors.New("hdr: negative total count")
	}
	return h, nil
}

func latencyOf(h *hdr.Histogram) Latency {
	if h.TotalCount() == 0 {
		return Latency{}
	}
	q := h.ValueAtPercentilesSlice([]float64{50, 90, 95, 99, 99.9})
	mean := h.Mean()
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		mean = 0
	}
	return Latency{
		Count: h.TotalCount(),
		Min:   h.Min(), Mean: math.Round(mean*10) / 10,
		P50: q[0], P90: q[1], P95: q[2], P99: q[3], P999: q[4],
		Max: h.Max(),
	}
}

// metricsOf turns a series into Metrics over elapsed.
func metricsOf(s *series, elapsed time.Duration, encode bool) Metrics {
	m := Metrics{Requests: s.requests, BytesIn: s.bytesIn, Latency: latencyOf(s.hist)}
	for c := ErrConnect; c < numErrorClasses; c++ {
		if n := s.errors[c]; n > 0 {
			if m.ErrorClasses == nil {
				m.ErrorClasses = map[string]int64{}
			}
			m.ErrorClasses[c.String()] = n
			m.Errors += n
		}
	}
	for code, n := range s.status {
		if n == 0 {
			continue
		}
		if m.Status == nil {
			m.Status = map[string]int64{}
		}
		m.Status[statusKey(code)] = n
	}
	m.rates(elapsed.Seconds())
	if encode {
		m.HDR = encodeHist(s.hist)
	}
	return m
}

func (m *Metrics) rates(elapsed float64) {
	m.Rate, m.ErrorRate = 0, 0
	if elapsed > 0 {
		m.Rate = round3(float64(m.Requests) / elapsed)
	}
	if m.Requests > 0 {
		m.ErrorRate = round6(float64(m.Errors) / float64(m.Requests))
	}
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

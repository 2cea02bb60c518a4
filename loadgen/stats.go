package loadgen

import (
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Latency histograms record microseconds from 1 µs to one hour with three
// significant digits (0.1 % resolution). Every histogram of every run uses
// the same geometry so that any two merge exactly.
const (
	histLowest  = 1
	histHighest = int64(time.Hour / time.Microsecond)
	histDigits  = 3
)

func newHist() *hdr.Histogram { return hdr.New(histLowest, histHighest, histDigits) }

// recordLatency records d in h, clamped to the histogram's range: a latency
// beyond an hour is reported as an hour rather than lost.
func recordLatency(h *hdr.Histogram, d time.Duration) {
	us := int64(d / time.Microsecond)
	if us < histLowest {
		us = histLowest
	}
	if us > histHighest {
		us = histHighest
	}
	_ = h.RecordValue(us) // cannot fail: us is within range
}

// maxStatus bounds the status codes counted one by one; anything else is
// counted under 0 ("other").
const maxStatus = 600

// series holds the counters of one metric series (a step, a group, or the
// whole run) over some span of time.
type series struct {
	hist     *hdr.Histogram
	requests int64
	errors   [numErrorClasses]int64 // errors[ErrNone] unused
	status   [maxStatus]int64       // status[0] counts codes outside 100-599
	bytesIn  int64
	passed   []int64 // per check, steps only
	failed   []int64
}

func newSeries(checks int) *series {
	s := &series{hist: newHist()}
	if checks > 0 {
		s.passed = make([]int64, checks)
		s.failed = make([]int64, checks)
	}
	return s
}

func (s *series) reset() {
	s.hist.Reset()
	s.requests, s.bytesIn = 0, 0
	s.errors = [numErrorClasses]int64{}
	s.status = [maxStatus]int64{}
	clear(s.passed)
	clear(s.failed)
}

// add records one response. Errors are counted by class; a latency is
// recorded for every response and for timeouts (whose latency is the time
// waited), not for requests that never got a connection or broke the
// protocol, whose duration says nothing about the server's speed.
func (s *series) add(status int, class ErrorClass, latency time.Duration, bytesIn int64) {
	s.requests++
	s.bytesIn += bytesIn
	if class != ErrNone {
		s.errors[class]++
	}
	if status != 0 {
		if status < 100 || status >= maxStatus {
			status = 0
		}
		s.status[status]++
	}
	if class == ErrNone || class == ErrStatus || class == ErrTimeout {
		recordLatency(s.hist, latency)
	}
}

// addChecks counts check results; a response that failed a check and had no
// other error becomes an error of class ErrCheck.
func (s *series) addChecks(passed, failed uint64, class ErrorClass) {
	if failed != 0 && class == ErrNone {
		s.errors[ErrCheck]++
	}
	for i := range s.passed {
		bit := uint64(1) << i
		if passed&bit != 0 {
			s.passed[i]++
		}
		if failed&bit != 0 {
			s.failed[i]++
		}
	}
}

func (s *series) merge(o *series) {
	s.mergeCounts(o)
	for i := range o.passed {
		if i < len(s.passed) {
			s.passed[i] += o.passed[i]
			s.failed[i] += o.failed[i]
		}
	}
}

// mergeCounts adds o's requests, errors, statuses and latencies to s, but
// not its per-check counts (which only a step has).
func (s *series) mergeCounts(o *series) {
	s.hist.Merge(o.hist)
	s.requests += o.requests
	s.bytesIn += o.bytesIn
	for i := range s.errors {
		s.errors[i] += o.errors[i]
	}
	for k, v := range o.status {
		s.status[k] += v
	}
}

func (s *series) errorCount() int64 {
	var n int64
	for _, e := range s.errors {
		n += e
	}
	return n
}

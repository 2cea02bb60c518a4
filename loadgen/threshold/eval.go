package threshold

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Counts are the event totals of one target.
type Counts struct {
	// Requests is the number of requests that completed, failed or not.
	Requests int64
	// Errors is how many of them failed: a transport error, a status of
	// 400 or above, or a failed check.
	Errors int64
	// ChecksPassed and ChecksFailed count check outcomes.
	ChecksPassed, ChecksFailed int64
	// Dropped counts arrivals that the open model could not start because
	// every in-flight slot was busy.
	Dropped int64
	// Elapsed is the measured time the rate is computed over.
	Elapsed time.Duration
}

// Metrics is what thresholds read. The load engine implements it over its
// histograms and counters. A target is a group, step or scenario name; ""
// is the whole run. Each method reports false when target has no data.
type Metrics interface {
	// Quantile returns the latency at percentile q of target's requests;
	// q is in [0, 100], where 0 asks for the minimum and 100 for the
	// maximum.
	Quantile(target string, q float64) (time.Duration, bool)
	// Mean returns the mean latency of target's requests.
	Mean(target string) (time.Duration, bool)
	// Counts returns target's event totals.
	Counts(target string) (Counts, bool)
}

// Verdict is the outcome of one threshold.
type Verdict struct {
	Threshold *Threshold
	// OK reports whether the threshold held. A threshold whose target saw
	// no requests (or no checks, for "checks") does not hold: nothing was
	// shown.
	OK bool
	// NoData is set when there was nothing to compare.
	NoData bool
	// Actual is the measured value in the threshold's unit (see
	// Threshold.Value); meaningless when NoData.
	Actual float64
}

// String renders the verdict as the run summary prints it:
//
//	p99(checkout) 183ms < 200ms ok
//	error_rate 2.31% < 1% FAIL
//	p99(login) no data < 200ms FAIL
func (v Verdict) String() string {
	t := v.Threshold
	got := "no data"
	if !v.NoData {
		got = t.format(v.Actual)
	}
	word := "ok"
	if !v.OK {
		word = "FAIL"
	}
	return t.Subject() + " " + got + " " + t.Op.String() + " " + t.Limit() + " " + word
}

// Eval compares the threshold with the measured values.
func (t *Threshold) Eval(m Metrics) Verdict {
	v := Verdict{Threshold: t}
	got, ok := t.measure(m)
	if !ok {
		v.NoData = true
		return v
	}
	v.Actual = got
	v.OK = t.Op.holds(got, t.Value)
	return v
}

func (t *Threshold) measure(m Metrics) (float64, bool) {
	if t.Stat.Kind == Latency {
		var d time.Duration
		var ok bool
		if t.Stat.Quantile < 0 {
			d, ok = m.Mean(t.Target)
		} else {
			d, ok = m.Quantile(t.Target, t.Stat.Quantile)
		}
		return float64(d), ok
	}
	c, ok := m.Counts(t.Target)
	if !ok {
		return 0, false
	}
	switch t.Stat.Name {
	case "requests":
		return float64(c.Requests), true
	case "errors":
		return float64(c.Errors), true
	case "dropped":
		return float64(c.Dropped), true
	case "error_rate":
		if c.Requests == 0 {
			return 0, false
		}
		return 100 * float64(c.Errors) / float64(c.Requests), true
	case "checks":
		n := c.ChecksPassed + c.ChecksFailed
		if n == 0 {
			return 0, false
		}
		return 100 * float64(c.ChecksPassed) / float64(n), true
	case "rate":
		if c.Elapsed <= 0 {
			return 0, false
		}
		return float64(c.Requests) * float64(t.Per) / float64(c.Elapsed), true
	}
	return 0, false
}

// format renders a measured value in the threshold's unit with three
// significant digits, so the summary reads "183ms", not "183.456789ms";
// when rounding would flip the comparison as the reader sees it (99.95%
// shown as 100% against "> 99.95%") it adds digits until it no longer does.
func (t *Threshold) format(v float64) string {
	var s string
	for digits := 3; digits <= 17; digits++ {
		s = t.formatDigits(v, digits)
		shown, ok := t.reparse(s)
		if !ok {
			return s
		}
		// 99.95% of checks is not "100%", and one error in 100,000 is not "0%".
		if t.Stat.Kind == Ratio && (shown == 100 || shown == 0) && shown != v {
			continue
		}
		if t.Op.holds(shown, t.Value) == t.Op.holds(v, t.Value) {
			return s
		}
	}
	return s
}

func (t *Threshold) formatDigits(v float64, digits int) string {
	switch t.Stat.Kind {
	case Latency:
		return formatDuration(time.Duration(v), digits)
	case Ratio:
		return sig(v, digits) + "%"
	case Rate:
		return sig(v, digits) + "/" + perText(t.Per)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// reparse reads a formatted measurement back into the threshold's unit.
func (t *Threshold) reparse(s string) (float64, bool) {
	c := *t
	if c.setValue(s) != nil {
		return 0, false
	}
	return c.Value, true
}

// FormatDuration renders d with three significant digits in the largest
// unit that keeps the number at or above 1: 950µs, 1.23ms, 183ms, 1.2s, 95s.
func FormatDuration(d time.Duration) string { return formatDuration(d, 3) }

func formatDuration(d time.Duration, digits int) string {
	switch {
	case d < time.Microsecond:
		return strconv.FormatInt(int64(d), 10) + "ns"
	case d < time.Millisecond:
		return sig(float64(d)/1e3, digits) + "µs"
	case d < time.Second:
		return sig(float64(d)/1e6, digits) + "ms"
	}
	return sig(float64(d)/1e9, digits) + "s"
}

// sig formats v with the given significant digits, never in exponent form
// and never dropping integer digits (12345 stays 12345).
func sig(v float64, digits int) string {
	abs := math.Abs(v)
	if abs == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	prec := min(max(digits-1-int(math.Floor(math.Log10(abs))), 0), 17)
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if prec > 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

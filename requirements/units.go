package requirements

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The unit parsers below accept what people write in a planning document
// ("8k/s", "50,000 users", "18 months") and reject everything else with a
// message that shows an example of what is wanted. Each returns a finite,
// non-negative number or an error; none panics.

// ParsePercent reads a percentage such as "25%" or "99.95 %" and returns it
// as a fraction (0.25, 0.9995).
func ParsePercent(s string) (float64, error) {
	t := strings.TrimSpace(s)
	num, ok := strings.CutSuffix(t, "%")
	if !ok {
		return 0, fmt.Errorf("want a percentage such as 25%%, got %q", s)
	}
	v, err := parseNumber(num)
	if err != nil {
		return 0, fmt.Errorf("want a percentage such as 25%%, got %q", s)
	}
	return v / 100, nil
}

// ParseDuration reads a duration such as "200ms", "5 s", "15m", "1h30m",
// "2 days" or "90 seconds".
func ParseDuration(s string) (time.Duration, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if num, unit, ok := splitNumberWord(t); ok {
		if mul, known := durationWords[unit]; known {
			v, err := parseNumber(num)
			if err == nil && v*float64(mul) < math.MaxInt64/2 {
				return time.Duration(v * float64(mul)), nil
			}
		}
	}
	d, err := time.ParseDuration(strings.ReplaceAll(t, " ", ""))
	if err != nil || d < 0 {
		return 0, fmt.Errorf("want a duration such as 200ms, 5s, 15m or 2h, got %q", s)
	}
	return d, nil
}

var durationWords = map[string]time.Duration{
	"ms": time.Millisecond, "millisecond": time.Millisecond, "milliseconds": time.Millisecond,
	"s": time.Second, "sec": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
}

// ParseRate reads a request rate such as "8k/s", "8000/s", "500 req/s",
// "30000/min" or "1200 rps", and returns requests per second. A bare number
// is requests per second.
func ParseRate(s string) (float64, error) {
	bad := fmt.Errorf("want a rate such as 8k/s, 500/s or 30000/min, got %q", s)
	t := strings.ToLower(strings.TrimSpace(s))
	per := 1.0
	for _, u := range []struct {
		suffix string
		secs   float64
	}{
		{"rps", 1}, {"/s", 1}, {"/sec", 1}, {"/second", 1},
		{"/m", 60}, {"/min", 60}, {"/minute", 60},
		{"/h", 3600}, {"/hour", 3600},
	} {
		if num, ok := strings.CutSuffix(t, u.suffix); ok {
			t, per = num, u.secs
			break
		}
	}
	t = strings.TrimSpace(t)
	for _, w := range []string{"requests", "request", "reqs", "req"} {
		if num, ok := strings.CutSuffix(t, w); ok {
			t = num
			break
		}
	}
	v, err := parseCount(t)
	if err != nil {
		return 0, bad
	}
	return v / per, nil
}

// ParseUsers reads a number of concurrent users such as "50000 users",
// "50,000", "50k users" or "1.2M".
func ParseUsers(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, w := range []string{"users", "user", "vus", "vu"} {
		if num, ok := strings.CutSuffix(t, w); ok {
			t = num
			break
		}
	}
	v, err := parseCount(t)
	if err != nil {
		return 0, fmt.Errorf("want a number of users such as 50000 users or 50k, got %q", s)
	}
	return v, nil
}

// ParsePeriod reads a planning period such as "18 months", "2 years",
// "24mo" or "1y", and returns it in years.
func ParsePeriod(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if num, unit, ok := splitNumberWord(t); ok {
		v, err := parseNumber(num)
		if err == nil {
			switch unit {
			case "mo", "month", "months":
				return v / 12, nil
			case "y", "yr", "yrs", "year", "years":
				return v, nil
			case "w", "week", "weeks":
				return v * 7 / 365.25, nil
			}
		}
	}
	return 0, fmt.Errorf("want a period such as 18 months or 2 years, got %q", s)
}

// ParseGrowth reads a yearly growth rate such as "30%", "30%/year",
// "30% per year" or "1.5x/year", and returns the yearly factor (1.3, 1.5).
func ParseGrowth(s string) (float64, error) {
	bad := fmt.Errorf("want a yearly growth such as 30%%/year or 1.5x/year, got %q", s)
	t := strings.ToLower(strings.TrimSpace(s))
	for _, suf := range []string{"/year", "/yr", "/y", "per year", "a year", "yearly"} {
		if num, ok := strings.CutSuffix(t, suf); ok {
			t = strings.TrimSpace(num)
			break
		}
	}
	if num, ok := strings.CutSuffix(t, "x"); ok {
		v, err := parseNumber(num)
		if err != nil || v <= 0 {
			return 0, bad
		}
		return v, nil
	}
	// A negative growth (a shrinking business) is allowed down to -100%.
	num, ok := strings.CutSuffix(t, "%")
	if !ok {
		return 0, bad
	}
	num = strings.TrimSpace(num)
	sign := 1.0
	if n, neg := strings.CutPrefix(num, "-"); neg {
		num, sign = n, -1
	} else {
		num = strings.TrimPrefix(num, "+")
	}
	v, err := parseNumber(num)
	if err != nil || sign < 0 && v >= 100 {
		return 0, bad
	}
	return 1 + sign*v/100, nil
}

// SLO is a latency objective: the Percentile-th percentile of latency must
// stay at or below (or strictly below, when Strict) Max.
type SLO struct {
	Percentile float64 // 50, 95, 99, 99.9
	Max        time.Duration
	Strict     bool
}

func (s SLO) String() string {
	op := "≤"
	if s.Strict {
		op = "<"
	}
	return fmt.Sprintf("p%s %s %s", strconv.FormatFloat(s.Percentile, 'f', -1, 64), op, s.Max)
}

// Met reports whether a measured latency at the SLO's percentile meets it.
func (s SLO) Met(measured time.Duration) bool {
	if s.Strict {
		return measured < s.Max
	}
	return measured <= s.Max
}

// ParseSLO reads a latency objective such as "p99 <= 200ms", "p99 ≤ 200 ms",
// "p99.9 < 1s" or "median <= 50ms".
func ParseSLO(s string) (SLO, error) {
	bad := fmt.Errorf("want a latency objective such as \"p99 <= 200ms\", got %q", s)
	t := strings.TrimSpace(s)
	var slo SLO
	var lhs, rhs string
	switch {
	case strings.Contains(t, "<="):
		lhs, rhs, _ = strings.Cut(t, "<=")
	case strings.Contains(t, "≤"):
		lhs, rhs, _ = strings.Cut(t, "≤")
	case strings.Contains(t, "<"):
		lhs, rhs, _ = strings.Cut(t, "<")
		slo.Strict = true
	default:
		return SLO{}, bad
	}
	lhs = strings.ToLower(strings.TrimSpace(lhs))
	switch {
	case lhs == "median":
		slo.Percentile = 50
	case strings.HasPrefix(lhs, "p"):
		v, err := parseNumber(lhs[1:])
		if err != nil || v <= 0 || v >= 100 {
			return SLO{}, fmt.Errorf("want a percentile between p0 and p100 such as p99, got %q", strings.TrimSpace(s))
		}
		slo.Percentile = v
	default:
		return SLO{}, bad
	}
	d, err := ParseDuration(rhs)
	if err != nil || d <= 0 {
		return SLO{}, bad
	}
	slo.Max = d
	return slo, nil
}

// parseCount reads a non-negative number with an optional k or M suffix and
// optional thousands separators: "8k", "50,000", "1.2M".
func parseCount(s string) (float64, error) {
	t := strings.TrimSpace(s)
	mul := 1.0
	switch {
	case strings.HasSuffix(t, "k"):
		t, mul = t[:len(t)-1], 1e3
	case strings.HasSuffix(t, "m"), strings.HasSuffix(t, "M"):
		t, mul = t[:len(t)-1], 1e6
	}
	if strings.Contains(t, ",") {
		if !thousands(t) {
			return 0, fmt.Errorf("bad thousands separators in %q", s)
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	t = strings.ReplaceAll(t, "_", "")
	v, err := parseNumber(t)
	if err != nil {
		return 0, err
	}
	return v * mul, nil
}

// thousands reports whether commas in s separate groups of three digits.
func thousands(s string) bool {
	intPart, _, _ := strings.Cut(s, ".")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// parseNumber reads a finite, non-negative decimal number.
func parseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" || t[0] == '+' || t[0] == '-' || strings.ContainsAny(t, "eExXpPnN_iI") {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || v < 0 {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return v, nil
}

// splitNumberWord splits "18 months" or "18months" into "18" and "months".
func splitNumberWord(s string) (num, word string, ok bool) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 || i == len(s) {
		return "", "", false
	}
	return s[:i], strings.TrimSpace(s[i:]), true
}

package requirements

import (
	"math"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestParseUnits(t *testing.T) {
	type parse func(string) (float64, error)
	dur := func(s string) (float64, error) { d, err := ParseDuration(s); return d.Seconds(), err }
	for _, tc := range []struct {
		name  string
		parse parse
		in    string
		want  float64 // ignored when bad
		bad   bool
	}{
		{"percent", ParsePercent, "25%", 0.25, false},
		{"percent", ParsePercent, "99.95 %", 0.9995, false},
		{"percent", ParsePercent, "0%", 0, false},
		{"percent", ParsePercent, "25", 0, true},
		{"percent", ParsePercent, "-5%", 0, true},
		{"percent", ParsePercent, "NaN%", 0, true},
		{"percent", ParsePercent, "1e2%", 0, true},
		{"duration", dur, "200ms", 0.2, false},
		{"duration", dur, "5 s", 5, false},
		{"duration", dur, "15m", 900, false},
		{"duration", dur, "1h30m", 5400, false},
		{"duration", dur, "2 days", 172800, false},
		{"duration", dur, "90 seconds", 90, false},
		{"duration", dur, "1.5 min", 90, false},
		{"duration", dur, "soon", 0, true},
		{"duration", dur, "-5s", 0, true},
		{"duration", dur, "5 fortnights", 0, true},
		{"rate", ParseRate, "8k/s", 8000, false},
		{"rate", ParseRate, "8000/s", 8000, false},
		{"rate", ParseRate, "500 req/s", 500, false},
		{"rate", ParseRate, "30000/min", 500, false},
		{"rate", ParseRate, "1200 rps", 1200, false},
		{"rate", ParseRate, "7,200/h", 2, false},
		{"rate", ParseRate, "1.5M/h", 1e6 * 1.5 / 3600, false},
		{"rate", ParseRate, "450", 450, false},
		{"rate", ParseRate, "8k per fortnight", 0, true},
		{"rate", ParseRate, "1,00/s", 0, true},
		{"rate", ParseRate, "/s", 0, true},
		{"users", ParseUsers, "50000 users", 50000, false},
		{"users", ParseUsers, "50,000", 50000, false},
		{"users", ParseUsers, "50k users", 50000, false},
		{"users", ParseUsers, "1.2M", 1.2e6, false},
		{"users", ParseUsers, "lots", 0, true},
		{"users", ParseUsers, "50,00", 0, true},
		{"period", ParsePeriod, "18 months", 1.5, false},
		{"period", ParsePeriod, "24mo", 2, false},
		{"period", ParsePeriod, "2 years", 2, false},
		{"period", ParsePeriod, "1y", 1, false},
		{"period", ParsePeriod, "18", 0, true},
		{"period", ParsePeriod, "18 parsecs", 0, true},
		{"growth", ParseGrowth, "30%", 1.3, false},
		{"growth", ParseGrowth, "30%/year", 1.3, false},
		{"growth", ParseGrowth, "30% per year", 1.3, false},
		{"growth", ParseGrowth, "1.5x/year", 1.5, false},
		{"growth", ParseGrowth, "-20%", 0.8, false},
		{"growth", ParseGrowth, "0%", 1, false},
		{"growth", ParseGrowth, "-100%", 0, true},
		{"growth", ParseGrowth, "0x", 0, true},
		{"growth", ParseGrowth, "lots", 0, true},
	} {
		got, err := tc.parse(tc.in)
		switch {
		case tc.bad && err == nil:
			t.Errorf("%s %q = %v, want an error", tc.name, tc.in, got)
		case !tc.bad && err != nil:
			t.Errorf("%s %q: %v", tc.name, tc.in, err)
		case !tc.bad && !near(got, tc.want):
			t.Errorf("%s %q = %v, want %v", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestParseSLO(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want SLO
		bad  bool
	}{
		{in: "p99 <= 200ms", want: SLO{Percentile: 99, Max: 200 * time.Millisecond}},
		{in: "p99 ≤ 200 ms", want: SLO{Percentile: 99, Max: 200 * time.Millisecond}},
		{in: "p99.9 < 1s", want: SLO{Percentile: 99.9, Max: time.Second, Strict: true}},
		{in: "median <= 50ms", want: SLO{Percentile: 50, Max: 50 * time.Millisecond}},
		{in: "P95<=300ms", want: SLO{Percentile: 95, Max: 300 * time.Millisecond}},
		{in: "p99 = 200ms", bad: true},
		{in: "p100 <= 1s", bad: true},
		{in: "p0 <= 1s", bad: true},
		{in: "p99 <= 0s", bad: true},
		{in: "avg <= 1s", bad: true},
		{in: "p99 <= soon", bad: true},
	} {
		got, err := ParseSLO(tc.in)
		switch {
		case tc.bad && err == nil:
			t.Errorf("ParseSLO(%q) = %v, want an error", tc.in, got)
		case !tc.bad && err != nil:
			t.Errorf("ParseSLO(%q): %v", tc.in, err)
		case !tc.bad && got != tc.want:
			t.Errorf("ParseSLO(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	s := SLO{Percentile: 99, Max: 200 * time.Millisecond}
	if !s.Met(200*time.Millisecond) || s.Met(201*time.Millisecond) {
		t.Errorf("%v: Met is wrong at the bound", s)
	}
	s.Strict = true
	if s.Met(200 * time.Millisecond) {
		t.Errorf("%v: a strict SLO is not met at its bound", s)
	}
	if got := s.String(); got != "p99 < 200ms" {
		t.Errorf("String() = %q", got)
	}
}

func TestMatchAddress(t *testing.T) {
	for _, tc := range []struct {
		p, addr string
		want    bool
	}{
		{"aws_instance.web", "aws_instance.web", true},
		{"aws_instance.web", "aws_instance.web[0]", true},
		{"aws_instance.web", `aws_instance.web["a"]`, true},
		{"aws_instance.web", "aws_instance.webby", false},
		{"aws_instance.web", "aws_instance.web[0][1]", false},
		{"aws_instance.web[0]", "aws_instance.web[1]", false},
		{"aws_instance.web[*]", "aws_instance.web[1]", true},
		{"module.*.aws_instance.web", `module.a["x"].aws_instance.web`, true},
		{"module.*.aws_instance.web", "aws_instance.web", false},
		{"*", "anything", true},
		{"aws_?.x", "aws_a.x", true},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXbYY", false},
	} {
		if got := MatchAddress(tc.p, tc.addr); got != tc.want {
			t.Errorf("MatchAddress(%q, %q) = %v, want %v", tc.p, tc.addr, got, tc.want)
		}
	}
}

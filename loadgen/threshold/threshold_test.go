package threshold

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		src    string
		want   string // canonical String()
		kind   Kind
		target string
		value  float64
	}{
		{"p99(checkout) < 200ms", "p99(checkout) < 200ms", Latency, "checkout", 200e6},
		{"p95 < 1s", "p95 < 1s", Latency, "", 1e9},
		{"  p99.9 ( browse ) <= 1m30s ", "p99.9(browse) <= 1m30s", Latency, "browse", 90e9},
		{"p99.90<250us", "p99.9 < 250µs", Latency, "", 250e3},
		{"p50 < 1.5ms", "p50 < 1.5ms", Latency, "", 1.5e6},
		{"med >= 10ms", "med >= 10ms", Latency, "", 10e6},
		{"max(browse) <= 2s", "max(browse) <= 2s", Latency, "browse", 2e9},
		{"min > 1µs", "min > 1µs", Latency, "", 1e3},
		{"avg < 100ms", "avg < 100ms", Latency, "", 100e6},
		{"p100 < 3s", "p100 < 3s", Latency, "", 3e9},
		{"error_rate < 1%", "error_rate < 1%", Ratio, "", 1},
		{"error_rate(login) < 0.5%", "error_rate(login) < 0.5%", Ratio, "login", 0.5},
		{"checks > 99%", "checks > 99%", Ratio, "", 99},
		{"checks(add-to-cart) >= 99.95%", "checks(add-to-cart) >= 99.95%", Ratio, "add-to-cart", 99.95},
		{"rate > 1000/s", "rate > 1000/s", Rate, "", 1000},
		{"rate(checkout) >= 60/m", "rate(checkout) >= 60/m", Rate, "checkout", 60},
		{"rate > 0.5/h", "rate > 0.5/h", Rate, "", 0.5},
		{"errors == 0", "errors == 0", Count, "", 0},
		{"requests != 0", "requests != 0", Count, "", 0},
		{"dropped(shop.v2) < 10", "dropped(shop.v2) < 10", Count, "shop.v2", 10},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			th, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.src, err)
			}
			if got := th.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if th.Stat.Kind != tt.kind || th.Target != tt.target || th.Value != tt.value {
				t.Errorf("got kind %v target %q value %v, want %v %q %v", th.Stat.Kind, th.Target, th.Value, tt.kind, tt.target, tt.value)
			}
			again, err := Parse(th.String())
			th.TargetCol, again.TargetCol = 0, 0
			if err != nil || *again != *th {
				t.Errorf("Parse(String()) = %+v, %v; want %+v", again, err, th)
			}
		})
	}
}

func TestParseTargetColumn(t *testing.T) {
	th, err := Parse("p99( checkout) < 1s")
	if err != nil {
		t.Fatal(err)
	}
	if th.TargetCol != 6 {
		t.Errorf("TargetCol = %d, want 6", th.TargetCol)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		col  int
		want string // substring of the message
	}{
		{"", 1, "expected a statistic"},
		{"   ", 4, "found end of expression"},
		{"p99 200ms", 5, "expected a comparison"},
		{"p99 = 200ms", 5, "write == to test equality"},
		{"p99 <", 6, "expected a duration such as 200ms"},
		{"p99 < 200", 7, `"200" has no unit`},
		{"p99 < 2 00ms", 7, `"2" has no unit`},
		{"p99 < 200ms 5", 13, "expected end of expression"},
		{"p99 < -5ms", 7, "not a duration"},
		{"p99 < 5parsecs", 7, "not a duration"},
		{"P99 < 1s", 1, "statistics are lower case: p99"},
		{"p0 < 1s", 1, "out of range"},
		{"p101 < 1s", 1, "out of range"},
		{"p1e2 < 1s", 1, "a percentile is p followed by a number"},
		{"p99x < 1s", 1, "a percentile is p followed by a number"},
		{"latency < 1s", 1, "unknown statistic \"latency\""},
		{"p99() < 1s", 5, "expected a group, step or scenario name"},
		{"p99(check out) < 1s", 11, "expected ')' after \"check\""},
		{"p99(checkout < 1s", 14, "expected ')'"},
		{"error_rate < 1", 14, `"1" has no % sign`},
		{"error_rate < 101%", 14, "above 100%"},
		{"error_rate < x%", 14, "not a number"},
		{"checks > 1e2%", 10, "not a number"},
		{"rate > 1000", 8, "write /s, /m or /h"},
		{"rate > 1000/d", 8, "unknown time unit \"/d\""},
		{"rate > /s", 8, "missing number"},
		{"errors < 1.5", 10, "not a whole number"},
		{"errors < -1", 10, "not a whole number"},
		{"µs < 1s", 1, "expected a statistic"},
		{"p99(cart) < 1s ok", 16, "expected end of expression"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse(tt.src)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want *Error", tt.src, err)
			}
			if e.Col != tt.col || !strings.Contains(e.Msg, tt.want) {
				t.Errorf("Parse(%q) = column %d %q, want column %d containing %q", tt.src, e.Col, e.Msg, tt.col, tt.want)
			}
		})
	}
}

// fakeMetrics serves fixed figures per target.
type fakeMetrics map[string]struct {
	q      map[float64]time.Duration
	mean   time.Duration
	counts Counts
}

func (f fakeMetrics) Quantile(target string, q float64) (time.Duration, bool) {
	m, ok := f[target]
	if !ok || m.counts.Requests == 0 {
		return 0, false
	}
	d, ok := m.q[q]
	return d, ok
}

func (f fakeMetrics) Mean(target string) (time.Duration, bool) {
	m, ok := f[target]
	return m.mean, ok && m.counts.Requests > 0
}

func (f fakeMetrics) Counts(target string) (Counts, bool) {
	m, ok := f[target]
	return m.counts, ok
}

func TestEval(t *testing.T) {
	m := fakeMetrics{
		"": {
			q:      map[float64]time.Duration{0: 800 * time.Microsecond, 50: 12 * time.Millisecond, 99: 183456789, 99.9: 1234 * time.Millisecond, 100: 2 * time.Second},
			mean:   15 * time.Millisecond,
			counts: Counts{Requests: 20000, Errors: 462, ChecksPassed: 999, ChecksFailed: 1, Dropped: 3, Elapsed: 10 * time.Second},
		},
		"checkout": {
			q:      map[float64]time.Duration{99: 183 * time.Millisecond},
			counts: Counts{Requests: 100, Elapsed: 10 * time.Second},
		},
		"idle": {counts: Counts{Elapsed: 10 * time.Second}},
	}
	tests := []struct {
		src  string
		want string
	}{
		{"p99(checkout) < 200ms", "p99(checkout) 183ms < 200ms ok"},
		{"p99 < 200ms", "p99 183ms < 200ms ok"},
		{"p99 < 180ms", "p99 183ms < 180ms FAIL"},
		{"p99.9 <= 1s", "p99.9 1.23s <= 1s FAIL"},
		{"min < 1ms", "min 800µs < 1ms ok"},
		{"max <= 2s", "max 2s <= 2s ok"},
		{"avg < 20ms", "avg 15ms < 20ms ok"},
		{"med == 12ms", "med 12ms == 12ms ok"},
		{"error_rate < 1%", "error_rate 2.31% < 1% FAIL"},
		{"error_rate(checkout) < 0.5%", "error_rate(checkout) 0% < 0.5% ok"},
		{"checks > 99%", "checks 99.9% > 99% ok"},
		{"rate > 1000/s", "rate 2000/s > 1000/s ok"},
		{"rate(checkout) >= 600/m", "rate(checkout) 600/m >= 600/m ok"},
		{"errors == 0", "errors 462 == 0 FAIL"},
		{"requests > 10000", "requests 20000 > 10000 ok"},
		{"dropped < 1", "dropped 3 < 1 FAIL"},
		// Nothing measured is nothing shown: the threshold fails.
		{"p99(idle) < 1s", "p99(idle) no data < 1s FAIL"},
		{"error_rate(idle) < 1%", "error_rate(idle) no data < 1% FAIL"},
		{"checks(checkout) > 99%", "checks(checkout) no data > 99% FAIL"},
		{"p99(nowhere) < 1s", "p99(nowhere) no data < 1s FAIL"},
		{"requests(idle) == 0", "requests(idle) 0 == 0 ok"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			th, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			v := th.Eval(m)
			if got := v.String(); got != tt.want {
				t.Errorf("Eval(%q) = %q, want %q", tt.src, got, tt.want)
			}
			if v.OK != strings.HasSuffix(tt.want, " ok") {
				t.Errorf("Eval(%q).OK = %v, disagrees with %q", tt.src, v.OK, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0ns"},
		{999, "999ns"},
		{1500, "1.5µs"},
		{950 * time.Microsecond, "950µs"},
		{1234567, "1.23ms"},
		{12345678, "12.3ms"},
		{183456789, "183ms"},
		{time.Second, "1s"},
		{95 * time.Second, "95s"},
		{1234 * time.Second, "1234s"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%d) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSig(t *testing.T) {
	for v, want := range map[float64]string{0.42: "0.42", 0.00123: "0.00123", 0.5: "0.5", 0: "0", 99.95: "100", 12345.6: "12346", 2000: "2000"} {
		if got := sig(v, 3); got != want {
			t.Errorf("sig(%v, 3) = %q, want %q", v, got, want)
		}
	}
}

// A rounded figure must never seem to contradict the verdict.
func TestVerdictRoundingKeepsMeaning(t *testing.T) {
	m := fakeMetrics{"": {
		q:      map[float64]time.Duration{99: 199_999_000},
		counts: Counts{Requests: 2000, ChecksPassed: 1999, ChecksFailed: 1, Elapsed: time.Second},
	}}
	tests := []struct{ src, want string }{
		{"checks > 99.95%", "checks 99.95% > 99.95% FAIL"},
		{"checks > 99.9%", "checks 99.95% > 99.9% ok"},
		{"p99 < 200ms", "p99 199.999ms < 200ms ok"},
		{"p99 < 199.9ms", "p99 200ms < 199.9ms FAIL"},
		{"error_rate < 1%", "error_rate 0% < 1% ok"},
	}
	for _, tt := range tests {
		th, err := Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := th.Eval(m).String(); got != tt.want {
			t.Errorf("Eval(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func ExampleParse() {
	th, err := Parse("p99(checkout) < 200ms")
	if err != nil {
		panic(err)
	}
	fmt.Println(th.Stat.Name, th.Target, th.Op, th.Limit())
	// Output: p99 checkout < 200ms
}

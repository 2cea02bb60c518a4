package loadgen

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestResultRoundTrip(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		res, _ := fakeRun(t, context.Background(), Options{}, fixedDelay(10*ms),
			urlScenario(Scenario{Executor: ConstantArrivalRate, Rate: 50, Duration: 2 * time.Second}))
		var buf bytes.Buffer
		if err := WriteResult(&buf, res); err != nil {
			t.Fatal(err)
		}
		back, err := ReadResult("run.json", buf.Bytes())
		if err != nil {
			t.Fatalf("ReadResult: %v", err)
		}
		res.targets, res.hists = nil, nil
		if !reflect.DeepEqual(back, res) {
			t.Errorf("read back differs:\ngot  %+v\nwant %+v", back, res)
		}
	})
}

// TestMergeIsExact splits one set of latencies between two results and
// checks that merging them gives the figures of all latencies together,
// where averaging percentiles would not.
func TestMergeIsExact(t *testing.T) {
	start := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	mk := func(started time.Time, lat ...time.Duration) *Result {
		s := newSeries(0)
		for _, l := range lat {
			s.add(200, ErrNone, l, 2)
		}
		s.add(0, ErrReset, 0, 0)
		m := metricsOf(s, 10*time.Second, true)
		sec := Second{T: started.Unix(), Requests: s.requests, HDR: m.HDR}
		return &Result{Schema: SchemaVersion, Started: started, Elapsed: 10, Processes: 1, Total: m,
			Steps:     []StepResult{{Scenario: "default", Name: "GET /", Metrics: m, Checks: []CheckResult{{"ok", 3, 1}}}},
			Scenarios: []ScenarioResult{{Name: "default", Executor: "constant-arrival-rate", Rate: 100, Iterations: 5, Dropped: 2}},
			Timeline:  []Second{sec}}
	}
	a := mk(start, 1*ms, 2*ms, 3*ms, 4*ms, 100*ms)
	b := mk(start.Add(5*time.Second), 5*ms, 6*ms, 7*ms, 8*ms, 9*ms, 10*ms, 200*ms)
	all := newSeries(0)
	for _, l := range []time.Duration{1, 2, 3, 4, 100, 5, 6, 7, 8, 9, 10, 200} {
		all.add(200, ErrNone, l*ms, 2)
	}
	want := latencyOf(all.hist)

	got, err := Merge(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total.Latency != want {
		t.Errorf("merged latency = %+v, want %+v", got.Total.Latency, want)
	}
	if got.Total.Requests != 14 || got.Total.Errors != 2 || got.Total.ErrorClasses["reset"] != 2 || got.Total.Status["200"] != 12 {
		t.Errorf("merged counts = %+v, want 14 requests, 2 reset errors, 12 × 200", got.Total)
	}
	if got.Elapsed != 15 || !got.Started.Equal(start) || got.Processes != 2 {
		t.Errorf("merged span = %v from %v, %d processes; want 15s from %v, 2", got.Elapsed, got.Started, got.Processes, start)
	}
	if got.Total.Rate != round3(14.0/15) {
		t.Errorf("merged rate = %v, want %v", got.Total.Rate, round3(14.0/15))
	}
	sc := got.Scenarios[0]
	if sc.Rate != 200 || sc.Iterations != 10 || sc.Dropped != 4 {
		t.Errorf("merged scenario = %+v, want rate 200, 10 iterations, 4 dropped", sc)
	}
	if c := got.Steps[0].Checks[0]; c.Passed != 6 || c.Failed != 2 {
		t.Errorf("merged check = %+v, want 6 passed, 2 failed", c)
	}
	if len(got.Timeline) != 2 {
		t.Errorf("merged timeline has %d rows, want 2 (different seconds)", len(got.Timeline))
	}
	// Merging a result with itself doubles every count and keeps every
	// percentile.
	twice, err := Merge(a, a)
	if err != nil {
		t.Fatal(err)
	}
	if twice.Total.Requests != 2*a.Total.Requests || twice.Total.Latency.P99 != a.Total.Latency.P99 || twice.Timeline[0].Requests != 2*a.Timeline[0].Requests {
		t.Errorf("self-merge: %d requests p99 %d; want %d and %d", twice.Total.Requests, twice.Total.Latency.P99, 2*a.Total.Requests, a.Total.Latency.P99)
	}
}

func TestReadResultErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/results/shop.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "empty file"},
		{"syntax", "{\n  \"schema\": ,\n}", "run.json: 2:13"},
		{"type", `{"schema": "plimsoll.load.results/v1", "processes": "two"}`, "field processes: expected int"},
		{"schema", `{"schema": "k6"}`, `schema "k6" is not`},
		{"trailing", string(good) + "{}", "unexpected data after the results object"},
		{"negative", strings.Replace(string(good), `"requests": 1525`, `"requests": -1`, 1), "negative count"},
		{"corrupt hdr", strings.Replace(string(good), `"hdr": "HISTF`, `"hdr": "HISTX`, 1), "hdr:"},
		{"bad status", strings.Replace(string(good), `"200": 1525`, `"20x": 1525`, 1), `status "20x"`},
		{"truncated", string(good[:len(good)/2]), "ends in the middle"},
	}
	for _, tt := range tests {
		_, err := ReadResult("run.json", []byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	if _, err := ReadResult("run.json", good); err != nil {
		t.Errorf("good file: %v", err)
	}
}

func TestSummaryGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/results/*.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ReadResult(f, data)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteSummary(&buf, r); err != nil {
			t.Fatal(err)
		}
		golden := strings.TrimSuffix(f, ".json") + ".summary.txt"
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if buf.String() != string(want) {
			t.Errorf("%s: summary differs from %s (go test -update rewrites it):\n%s", f, golden, buf.String())
		}
	}
}

// FuzzReadResult checks that the results reader never panics, and that
// whatever it accepts writes back to a file it reads the same, and merges
// with itself.
func FuzzReadResult(f *testing.F) {
	files, _ := filepath.Glob("testdata/results/*.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schema":"plimsoll.load.results/v1","processes":1,"total":{"hdr":"HISTFAAAABx4nJNpmSzMwMDAxgABzFCaEUoz2X+AsQA/3QQ9"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadResult("fuzz.json", data)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteResult(&buf, r); err != nil {
			t.Fatalf("write: %v", err)
		}
		if _, err := ReadResult("again.json", buf.Bytes()); err != nil {
			t.Fatalf("accepted, written, then refused: %v", err)
		}
		if _, err := Merge(r, r); err != nil && !strings.Contains(err.Error(), "cannot be merged exactly") {
			t.Fatalf("merge of an accepted result: %v", err)
		}
		_ = WriteSummary(&bytes.Buffer{}, r)
	})
}

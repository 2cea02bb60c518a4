package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func newTarget(t *testing.T, h http.HandlerFunc) *url.URL {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestRunClosedRealServer(t *testing.T) {
	var hits atomic.Int64
	var remote atomic.Value
	u := newTarget(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		remote.Store(r.RemoteAddr)
		if r.Header.Get("traceparent") == "" {
			w.WriteHeader(400)
			return
		}
		w.Write([]byte("ok"))
	})
	res, err := Run(context.Background(), []Scenario{{
		Name: "default", Program: NewURLProgram("GET", u, nil, nil, 0),
		Executor: ConstantVUs, VUs: 4, Duration: 500 * time.Millisecond,
	}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Requests == 0 || res.Total.Requests != hits.Load() {
		t.Errorf("requests = %d, server saw %d; want equal and above 0", res.Total.Requests, hits.Load())
	}
	if res.Total.Errors != 0 || res.Total.Status["200"] != res.Total.Requests {
		t.Errorf("errors %d, status %v; want no errors, all 200", res.Total.Errors, res.Total.Status)
	}
	// On Linux the event loop spreads loopback connections over source
	// addresses 127.1.x.y (see epollTransport.dial).
	if ra, _ := remote.Load().(string); runtime.GOOS == "linux" && !strings.HasPrefix(ra, "127.1.") {
		t.Errorf("server saw a connection from %s, want 127.1.x.y", ra)
	}
	t.Logf("%d requests, %.0f/s, p50 %dµs p99 %dµs", res.Total.Requests, res.Total.Rate, res.Total.Latency.P50, res.Total.Latency.P99)
}

func TestDefaultMaxVUs(t *testing.T) {
	for _, tc := range []struct {
		name string
		sc   Scenario
		opts Options
		want int
	}{
		{"slow rate keeps the floor", Scenario{Rate: 10}, Options{Timeout: 5 * time.Second}, DefaultMaxVUs},
		{"rate times timeout", Scenario{Rate: 550}, Options{Timeout: 5 * time.Second}, 2750},
		{"peak stage of a ramp", Scenario{Rate: 10, Stages: []Stage{{Duration: time.Second, Target: 900}, {Duration: time.Second, Target: 0}}}, Options{Timeout: 2 * time.Second}, 1800},
		{"bounded", Scenario{Rate: 1e6}, Options{Timeout: 30 * time.Second}, MaxDefaultVUs},
		{"the engine's option wins", Scenario{Rate: 550}, Options{Timeout: 5 * time.Second, MaxVUs: 64}, 64},
	} {
		if got := defaultMaxVUs(&tc.sc, &tc.opts); got != tc.want {
			t.Errorf("%s: defaultMaxVUs = %d, want %d", tc.name, got, tc.want)
		}
	}
}

package prom

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/plimsoll/plimsoll/loadgen"
)

func TestCollectorServesLiveMetrics(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			w.WriteHeader(404)
		}
	}))
	defer target.Close()
	c := NewCollector()
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	metrics := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer metrics.Close()

	scrape := func() string {
		resp, err := http.Get(metrics.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	var during string
	u, _ := url.Parse(target.URL + "/missing")
	_, err := loadgen.Run(context.Background(), []loadgen.Scenario{{
		Name: "default", Program: loadgen.NewURLProgram("GET", u, nil, nil, 10*time.Millisecond),
		Executor: loadgen.ConstantVUs, VUs: 2, Duration: 1500 * time.Millisecond,
	}}, loadgen.Options{Workers: 1, Progress: func(p *loadgen.Progress) bool {
		c.Update(p)
		if during == "" {
			during = scrape()
		}
		return false
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`plimsoll_load_requests_total{group="",scenario="default",step="GET /missing"}`,
		`plimsoll_load_responses_total{code="404"}`,
		`plimsoll_load_errors_total{class="status"}`,
		`plimsoll_load_latency_seconds{group="",scenario="default",step="GET /missing",quantile="0.99"}`,
		`plimsoll_load_vus `,
		`plimsoll_load_dropped_iterations_total{scenario="default"} 0`,
	} {
		if !strings.Contains(during, want) {
			t.Errorf("scrape during the run lacks %s:\n%s", want, during)
		}
	}
}

package shop_test

import (
	"bufio"
	"context"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/examples/shop/shopserver"
	"github.com/plimsoll/plimsoll/loadgen"
	"github.com/plimsoll/plimsoll/loadgen/scenario"
)

// BenchmarkShop50kVUs runs shop-scale.yaml — the shop journey with 10 s
// think times, ramped to 50,000 virtual users — against the shop server in
// the same process, and reports the process's peak resident memory (VmHWM):
// engine, VUs and server together.
//
//	go test -run x -bench Shop50kVUs -benchtime 1x ./examples/shop
func BenchmarkShop50kVUs(b *testing.B) {
	shop := shopserver.New(shopserver.Config{})
	srv := httptest.NewServer(shop)
	defer srv.Close()
	f, ds := scenario.Load(os.DirFS("."), "shop-scale.yaml", scenario.LoadOptions{Getenv: func(k string) string {
		if k == "SHOP_URL" {
			return srv.URL
		}
		return ""
	}})
	if ds.HasErrors() {
		b.Fatal(ds.Err())
	}
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		res, err := loadgen.Run(ctx, f.Scenarios, loadgen.Options{Timeout: f.Options.Timeout, MaxConns: f.Options.MaxConns})
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("errors %v, status %v", res.Total.ErrorClasses, res.Total.Status)
		var maxVUs int
		for _, s := range res.Timeline {
			maxVUs = max(maxVUs, s.VUs)
		}
		b.ReportMetric(float64(vmHWM(b))/(1<<20), "MiB-peak-RSS")
		b.ReportMetric(float64(maxVUs), "peak-busy-VUs")
		b.ReportMetric(res.Total.Rate, "req/s")
		b.ReportMetric(float64(res.Total.Errors), "errors")
		b.ReportMetric(float64(shop.Orders()), "orders")
		b.ReportMetric(float64(res.Total.Latency.P99), "p99-µs")
	}
}

// vmHWM returns the process's peak resident set size in bytes.
func vmHWM(b *testing.B) int64 {
	fh, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status on this system")
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("VmHWM not found")
	return 0
}

package loadgen

import (
	"bytes"
	"context"
	"net"
	"net/url"
	"runtime"
	"testing"
	"time"
)

// rawServer answers every request on loopback with a fixed response,
// allocating nothing per request, so that the allocations counted below
// are the engine's.
func rawServer(t *testing.T) *url.URL {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	resp := []byte("HTTP/1.1 200 OK\r\nServer: raw\r\nContent-Length: 2\r\n\r\nok")
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				buf := make([]byte, 4096)
				n := 0
				for {
					m, err := c.Read(buf[n:])
					if err != nil {
						return
					}
					n += m
					for {
						i := bytes.Index(buf[:n], []byte("\r\n\r\n"))
						if i < 0 {
							break
						}
						if _, err := c.Write(resp); err != nil {
							return
						}
						n = copy(buf, buf[i+4:n])
					}
				}
			}()
		}
	}()
	u, _ := url.Parse("http://" + ln.Addr().String() + "/")
	return u
}

// TestHotPathAllocations checks the promise of the hot path: a request
// costs no allocation. A run allocates a fixed amount (its VUs,
// connections, per-second flushes), plus what encoding its histograms
// costs, which grows with the number of distinct latency buckets recorded
// (the HdrHistogram encoder allocates per bucket), not with requests; so
// a run ten times longer may allocate a few hundred more times, not tens
// of thousands.
func TestHotPathAllocations(t *testing.T) {
	u := rawServer(t)
	run := func(d time.Duration) (mallocs uint64, requests int64) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		res, err := Run(context.Background(), []Scenario{{
			Name: "default", Program: NewURLProgram("GET", u, nil, nil, 0),
			Executor: ConstantVUs, VUs: 4, Duration: d,
		}}, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.Mallocs - before.Mallocs, res.Total.Requests
	}
	// Both runs flush the same number of seconds.
	m1, n1 := run(100 * time.Millisecond)
	m2, n2 := run(900 * time.Millisecond)
	if n2-n1 < 1000 {
		t.Fatalf("%d and %d requests: the machine is too busy to judge", n1, n2)
	}
	// The server's goroutines are in this process too, but allocate
	// nothing per request either.
	perRequest := (float64(m2) - float64(m1)) / float64(n2-n1)
	if perRequest > 0.05 {
		t.Errorf("%.4f allocations per request (%d allocations for %d requests, %d for %d), want 0", perRequest, m1, n1, m2, n2)
	}
	t.Logf("%d requests: %d allocations; %d requests: %d allocations", n1, m1, n2, m2)
}

package loadgen

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"runtime"
	"strings"
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
// costs no allocation. It records every allocation of a run (MemProfileRate
// 1) and counts those made under the per-request functions (completing a
// call, the VU's next action, sending, the transport's poll), leaving out
// the once-a-second flushes and the results, whose cost does not grow with
// requests. What remains must be a handful (a connection's first dial, a
// static request's first encoding), whatever the number of requests.
func TestHotPathAllocations(t *testing.T) {
	u := rawServer(t)
	old := runtime.MemProfileRate
	runtime.MemProfileRate = 1
	defer func() { runtime.MemProfileRate = old }()
	before, _ := hotAllocs()
	res, err := Run(context.Background(), []Scenario{{
		Name: "default", Program: NewURLProgram("GET", u, nil, nil, 0),
		Executor: ConstantVUs, VUs: 4, Duration: 500 * time.Millisecond,
	}}, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := res.Total.Requests
	if n < 1000 {
		t.Fatalf("only %d requests: the machine is too busy to judge", n)
	}
	allocs, where := hotAllocs()
	allocs -= before
	if allocs > 64 {
		t.Errorf("%d allocations on the per-request path for %d requests, want a handful:\n%s", allocs, n, strings.Join(where, "\n"))
	}
	t.Logf("%d requests, %d allocations on the per-request path", n, allocs)
}

// hotAllocs returns the allocations recorded so far under the per-request
// functions, and where they were made.
func hotAllocs() (int64, []string) {
	runtime.GC()
	runtime.GC() // the profile is as of the last completed collection
	var records []runtime.MemProfileRecord
	for {
		m, ok := runtime.MemProfile(records, true)
		if ok {
			records = records[:m]
			break
		}
		records = make([]runtime.MemProfileRecord, m+64)
	}
	hot := []string{"(*worker).complete", "(*worker).send", "(*worker).fire", "(*epollTransport).poll", "(*epollTransport).start"}
	cold := []string{"(*worker).flush", "aggregator", "newWorker", "newRun"}
	var allocs int64
	var where []string
	for _, r := range records {
		var inHot, inCold bool
		frames := runtime.CallersFrames(r.Stack())
		var top string
		for {
			f, more := frames.Next()
			if top == "" {
				top = f.Function
			}
			for _, h := range hot {
				inHot = inHot || strings.Contains(f.Function, h)
			}
			for _, c := range cold {
				inCold = inCold || strings.Contains(f.Function, c)
			}
			if !more {
				break
			}
		}
		if inHot && !inCold && r.AllocObjects > 0 {
			allocs += r.AllocObjects
			where = append(where, fmt.Sprintf("%d at %s", r.AllocObjects, top))
		}
	}
	return allocs, where
}

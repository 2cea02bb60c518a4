package loadgen

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostile is a loopback TCP server that reads each request header and then
// misbehaves as told. It stops with the test.
func hostile(t *testing.T, behave func(c net.Conn, r *bufio.Reader)) *url.URL {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	t.Cleanup(func() {
		close(done)
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				behave(c, bufio.NewReader(c))
			}()
		}
	}()
	u, _ := url.Parse("http://" + ln.Addr().String() + "/")
	return u
}

// readRequest reads one request header; false at EOF.
func readRequest(r *bufio.Reader) bool {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		if line == "\r\n" {
			return true
		}
	}
}

func transports() map[string]func(*worker) transport {
	return map[string]func(*worker) transport{
		"default":  nil,
		"portable": func(w *worker) transport { return newPortableTransport(w) },
	}
}

func TestHostileTargets(t *testing.T) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	tests := []struct {
		name   string
		behave func(c net.Conn, r *bufio.Reader)
		class  string // every request fails in this class
		body   int64  // or succeeds with this many body bytes
		// timeout per request (default 200ms)
		timeout time.Duration
	}{
		{"reset", func(c net.Conn, r *bufio.Reader) {
			if readRequest(r) {
				c.(*net.TCPConn).SetLinger(0) // close with RST
			}
		}, "reset", 0, 0},
		{"close mid-header", func(c net.Conn, r *bufio.Reader) {
			if readRequest(r) {
				c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Le"))
			}
		}, "reset", 0, 0},
		{"garbage", func(c net.Conn, r *bufio.Reader) {
			if readRequest(r) {
				c.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n\r\n"))
			}
		}, "protocol", 0, 0},
		{"slow", func(c net.Conn, r *bufio.Reader) {
			if readRequest(r) {
				r.ReadByte() // never answer; wait for the client to give up
			}
		}, "timeout", 0, 0},
		{"endless chunked", func(c net.Conn, r *bufio.Reader) {
			if !readRequest(r) {
				return
			}
			c.Write([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))
			chunk := []byte("400\r\n" + strings.Repeat("x", 1024) + "\r\n")
			for {
				if _, err := c.Write(chunk); err != nil {
					return
				}
				select {
				case <-time.After(time.Millisecond):
				case <-stop:
					return
				}
			}
		}, "timeout", 0, 0},
		{"10MB body", func(c net.Conn, r *bufio.Reader) {
			block := []byte(strings.Repeat("y", 64<<10))
			for readRequest(r) {
				fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", 160*len(block))
				for range 160 {
					if _, err := c.Write(block); err != nil {
						return
					}
				}
			}
		}, "", 160 * 64 << 10, 5 * time.Second},
	}
	for _, tt := range tests {
		for tname, tr := range transports() {
			t.Run(tt.name+"/"+tname, func(t *testing.T) {
				t.Parallel()
				u := hostile(t, tt.behave)
				timeout := tt.timeout
				if timeout == 0 {
					timeout = 200 * time.Millisecond
				}
				start := time.Now()
				res, err := Run(context.Background(), []Scenario{{
					Name: "default", Program: NewURLProgram("GET", u, nil, nil, 0),
					Executor: ConstantVUs, VUs: 2, Duration: 700 * time.Millisecond,
				}}, Options{Timeout: timeout, GracefulStop: max(300*time.Millisecond, timeout/2), Workers: 1, newTransport: tr})
				if err != nil {
					t.Fatal(err)
				}
				// Duration + graceful stop, with room for a loaded machine.
				if took := time.Since(start); took > 4*time.Second {
					t.Errorf("run took %v, want it to end on time (~1s)", took)
				}
				total := res.Total
				if total.Requests == 0 {
					t.Fatalf("no requests recorded")
				}
				if tt.class != "" {
					// On a loaded machine a request may also time out
					// before the misbehaviour shows.
					other := total.Errors - total.ErrorClasses[tt.class]
					if tt.class != "timeout" {
						other -= total.ErrorClasses["timeout"]
					}
					if total.Errors != total.Requests || other != 0 || total.ErrorClasses[tt.class]*10 < total.Requests*9 {
						t.Errorf("errors %v of %d requests; want all %s", total.ErrorClasses, total.Requests, tt.class)
					}
					return
				}
				if total.Errors != 0 {
					t.Errorf("errors %v, want none", total.ErrorClasses)
				}
				if want := total.Requests * tt.body; total.BytesIn != want {
					t.Errorf("bytes in = %d, want %d (%d bodies of %d)", total.BytesIn, want, total.Requests, tt.body)
				}
			})
		}
	}
}

func TestConnectRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	u, _ := url.Parse("http://" + addr + "/")
	for name, tr := range transports() {
		res, err := Run(context.Background(), []Scenario{{
			Name: "default", Program: NewURLProgram("GET", u, nil, nil, 10*time.Millisecond),
			Executor: ConstantVUs, VUs: 1, Duration: 200 * time.Millisecond,
		}}, Options{Workers: 1, newTransport: tr})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Total.ErrorClasses["connect"]; got == 0 || got != res.Total.Requests {
			t.Errorf("%s: errors %v of %d requests, want all connect", name, res.Total.ErrorClasses, res.Total.Requests)
		}
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %v", r.Proto, r.TLS != nil)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	srv.StartTLS()
	defer srv.Close()
	u, _ := url.Parse(srv.URL + "/")
	run := func(opts Options) *Result {
		t.Helper()
		opts.Workers = 1
		res, err := Run(context.Background(), []Scenario{{
			Name: "default", Program: NewURLProgram("GET", u, nil, nil, 0),
			Executor: ConstantVUs, VUs: 2, Duration: 300 * time.Millisecond,
		}}, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := run(Options{}); res.Total.ErrorClasses["tls"] == 0 || res.Total.Errors != res.Total.Requests {
		t.Errorf("self-signed certificate: errors %v of %d, want all tls", res.Total.ErrorClasses, res.Total.Requests)
	}
	if res := run(Options{Insecure: true}); res.Total.Errors != 0 || res.Total.Requests == 0 {
		t.Errorf("--insecure: errors %v of %d, want none", res.Total.ErrorClasses, res.Total.Requests)
	}
}

func TestHTTP2(t *testing.T) {
	var mu sync.Mutex
	protos := map[string]int{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		protos[r.Proto]++
		mu.Unlock()
		if r.Header.Get("traceparent") == "" {
			w.WriteHeader(400)
		}
	})
	tlsSrv := httptest.NewUnstartedServer(h)
	tlsSrv.EnableHTTP2 = true
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	h2c := httptest.NewUnstartedServer(h)
	h2c.Config.Protocols = new(http.Protocols)
	h2c.Config.Protocols.SetUnencryptedHTTP2(true)
	h2c.Start()
	defer h2c.Close()
	for _, base := range []string{tlsSrv.URL, h2c.URL} {
		u, _ := url.Parse(base + "/")
		res, err := Run(context.Background(), []Scenario{{
			Name: "default", Program: NewURLProgram("GET", u, nil, nil, 0),
			Executor: ConstantVUs, VUs: 4, Duration: 300 * time.Millisecond,
		}}, Options{Workers: 1, HTTP2: true, Insecure: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total.Requests == 0 || res.Total.Errors != 0 {
			t.Errorf("%s: %d requests, errors %v; want some, none failed", base, res.Total.Requests, res.Total.ErrorClasses)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(protos) != 1 || protos["HTTP/2.0"] == 0 {
		t.Errorf("server saw %v, want only HTTP/2.0", protos)
	}
}

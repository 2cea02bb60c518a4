package loadgen

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

type parseOutcome struct {
	err       bool
	done      bool
	status    int
	bodySize  int64
	body      string
	keepAlive bool
	headers   int
	truncated bool
	used      int
}

// parseAll feeds resp to a fresh parser in pieces of size chunk (0: all at
// once), then EOF if eof.
func parseAll(resp []byte, chunk int, head, eof bool, limit int) parseOutcome {
	var p respParser
	p.reset(true, true, head, limit)
	var o parseOutcome
	for off := 0; off < len(resp) && !p.done(); {
		end := len(resp)
		if chunk > 0 && off+chunk < end {
			end = off + chunk
		}
		n, err := p.feed(resp[off:end])
		o.used += n
		if err != nil {
			o.err = true
			return o
		}
		if n < end-off {
			break
		}
		off = end
	}
	if eof && !p.done() {
		p.eof()
	}
	o.done = p.done()
	o.status, o.bodySize, o.body, o.keepAlive = p.status, p.bodySize, string(p.body), p.keepAlive
	o.headers, o.truncated = len(p.header), p.truncated
	return o
}

func TestParser(t *testing.T) {
	tests := []struct {
		name string
		resp string
		head bool
		eof  bool
		want parseOutcome
	}{
		{"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
			false, false, parseOutcome{done: true, status: 200, bodySize: 2, body: "ok", keepAlive: true, headers: 1}},
		{"no reason", "HTTP/1.1 204\r\n\r\n",
			false, false, parseOutcome{done: true, status: 204, keepAlive: true}},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-T: 1\r\n\r\n",
			false, false, parseOutcome{done: true, status: 200, bodySize: 11, body: "hello world", keepAlive: true, headers: 1}},
		{"chunked upper hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
			false, false, parseOutcome{done: true, status: 200, bodySize: 10, body: "0123456789", keepAlive: true, headers: 1}},
		{"close delimited", "HTTP/1.1 200 OK\r\n\r\nuntil the end",
			false, true, parseOutcome{done: true, status: 200, bodySize: 13, body: "until the end"}},
		{"close delimited not ended", "HTTP/1.1 200 OK\r\n\r\nuntil the end",
			false, false, parseOutcome{status: 200, bodySize: 13, body: "until the end"}},
		{"connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
			false, false, parseOutcome{done: true, status: 200, headers: 2}},
		{"http/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx",
			false, false, parseOutcome{done: true, status: 200, bodySize: 1, body: "x", headers: 1}},
		{"http/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
			false, false, parseOutcome{done: true, status: 200, bodySize: 1, body: "x", keepAlive: true, headers: 2}},
		{"head ignores length", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
			true, false, parseOutcome{done: true, status: 200, keepAlive: true, headers: 1}},
		{"304 no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n",
			false, false, parseOutcome{done: true, status: 304, keepAlive: true, headers: 1}},
		{"100 continue first", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
			false, false, parseOutcome{done: true, status: 201, keepAlive: true, headers: 1}},
		{"bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\n\r\nok",
			false, false, parseOutcome{done: true, status: 200, bodySize: 2, body: "ok", keepAlive: true, headers: 1}},
		{"bad status line", "HTTP/2 200 OK\r\n\r\n", false, false, parseOutcome{err: true}},
		{"bad status code", "HTTP/1.1 2x0 OK\r\n\r\n", false, false, parseOutcome{err: true}},
		{"status 600", "HTTP/1.1 600 Odd\r\n\r\n", false, false, parseOutcome{err: true}},
		{"garbage", "hello\r\n\r\n", false, false, parseOutcome{err: true}},
		{"bad content-length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, false, parseOutcome{err: true}},
		{"conflicting content-length", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx", false, false, parseOutcome{err: true}},
		{"header without colon", "HTTP/1.1 200 OK\r\nbroken\r\n\r\n", false, false, parseOutcome{err: true}},
		{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, false, parseOutcome{err: true}},
		{"chunk without CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy", false, false, parseOutcome{err: true}},
		{"chunk size overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", false, false, parseOutcome{err: true}},
		{"unfinished chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
			false, true, parseOutcome{status: 200, bodySize: 3, body: "hel", keepAlive: true, headers: 1}},
		{"closed mid-header", "HTTP/1.1 200 OK\r\nContent-Le", false, true, parseOutcome{status: 200, keepAlive: true}},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1, 2, 7} {
			got := parseAll([]byte(tt.resp), chunk, tt.head, tt.eof, 1<<20)
			if tt.want.err {
				if !got.err {
					t.Errorf("%s (pieces of %d): no error, want one", tt.name, chunk)
				}
				continue
			}
			got.used = 0
			if got != tt.want {
				t.Errorf("%s (pieces of %d):\ngot  %+v\nwant %+v", tt.name, chunk, got, tt.want)
			}
		}
	}
}

func TestParserBodyLimit(t *testing.T) {
	resp := "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"
	got := parseAll([]byte(resp), 3, false, false, 4)
	if got.body != "0123" || !got.truncated || got.bodySize != 10 || !got.done {
		t.Errorf("got %+v, want body 0123 truncated, size 10, done", got)
	}
}

func TestParserHeaderLimit(t *testing.T) {
	resp := "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", maxHeaderBytes) + "\r\n\r\n"
	for _, chunk := range []int{0, 1000} {
		if got := parseAll([]byte(resp), chunk, false, false, 0); !got.err {
			t.Errorf("pieces of %d: %+v, want an error for a header over %d bytes", chunk, got, maxHeaderBytes)
		}
	}
}

func TestParserNoHeaderWhenNotAsked(t *testing.T) {
	var p respParser
	p.reset(false, false, false, 1<<20)
	resp := []byte("HTTP/1.1 200 OK\r\nA: b\r\nContent-Length: 2\r\n\r\nok")
	if n, err := p.feed(resp); err != nil || n != len(resp) || !p.done() {
		t.Fatalf("feed = %d, %v, done %v", n, err, p.done())
	}
	if len(p.header) != 0 || len(p.body) != 0 || p.bodySize != 2 {
		t.Errorf("header %v body %q size %d; want none kept, size 2", p.header, p.body, p.bodySize)
	}
}

func TestParserKeepAliveSequence(t *testing.T) {
	// Two responses back to back on one connection: the parser takes only
	// the first.
	two := []byte("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb")
	var p respParser
	p.reset(false, true, false, 10)
	n, err := p.feed(two)
	if err != nil || !p.done() || n != len(two)/2 || string(p.body) != "a" {
		t.Errorf("feed = %d, %v, done %v, body %q; want %d, the first response", n, err, p.done(), p.body, len(two)/2)
	}
}

func TestParserNoAllocs(t *testing.T) {
	resp := []byte("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Fri, 27 Nov 2026 16:00:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
	var p respParser
	allocs := testing.AllocsPerRun(1000, func() {
		p.reset(false, false, false, 0)
		if _, err := p.feed(resp); err != nil || !p.done() {
			t.Fatal("parse failed")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per response, want 0", allocs)
	}
}

func BenchmarkParser(b *testing.B) {
	resp := []byte("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Fri, 27 Nov 2026 16:00:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
	var p respParser
	b.ReportAllocs()
	b.SetBytes(int64(len(resp)))
	for b.Loop() {
		p.reset(false, false, false, 0)
		if _, err := p.feed(resp); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParser checks that the parser never panics, never reads past what
// it is given, and reaches the same outcome whatever the pieces the bytes
// come in; and that whatever it accepts whole, net/http accepts too with
// the same status and body length.
func FuzzParser(f *testing.F) {
	for _, s := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
		"HTTP/1.0 404 Not Found\r\n\r\nbody",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n0\r\nT: 1\r\n\r\n",
	} {
		f.Add([]byte(s), uint8(3), false)
	}
	f.Fuzz(func(t *testing.T, resp []byte, chunk uint8, head bool) {
		whole := parseAll(resp, 0, head, true, 64)
		pieces := parseAll(resp, int(chunk%16)+1, head, true, 64)
		if whole.used > len(resp) || pieces.used > len(resp) {
			t.Fatalf("used %d / %d of %d bytes", whole.used, pieces.used, len(resp))
		}
		whole.used, pieces.used = 0, 0
		if whole != pieces {
			t.Fatalf("whole %+v\npieces %+v", whole, pieces)
		}
		if whole.err || !whole.done || head {
			return
		}
		// A complete response we accepted must be one net/http reads too.
		r, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(resp)), nil)
		if err != nil {
			return // net/http is stricter in places (e.g. header names); fine
		}
		n, err := io.Copy(io.Discard, r.Body)
		if err == nil && r.StatusCode == whole.status && n != whole.bodySize && r.StatusCode >= 200 {
			t.Fatalf("body size %d, net/http reads %d", whole.bodySize, n)
		}
	})
}

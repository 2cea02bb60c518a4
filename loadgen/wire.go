package loadgen

import (
	"strconv"
	"strings"
)

// userAgent is sent unless a request sets its own.
const userAgent = "plimsoll"

// traceValueLen is the length of a W3C traceparent value:
// "00-" + 32 hex trace ID + "-" + 16 hex span ID + "-01".
const traceValueLen = 3 + 32 + 1 + 16 + 3

// wireRequest is an HTTP/1.1 request encoded once. Each send patches the
// trace and span IDs in place at trace, so a static request costs no
// encoding and no allocation per send.
type wireRequest struct {
	buf   []byte
	trace int // offset of the traceparent value in buf
}

// encodeRequest appends r's HTTP/1.1 encoding to dst and returns it with the
// offset of the traceparent value (filled with zero IDs).
func encodeRequest(dst []byte, r *Request) (buf []byte, trace int) {
	method := r.Method
	if method == "" {
		method = "GET"
	}
	dst = append(dst, method...)
	dst = append(dst, ' ')
	target := r.URL.RequestURI()
	if target == "" {
		target = "/"
	}
	dst = append(dst, target...)
	dst = append(dst, " HTTP/1.1\r\n"...)
	var hasHost, hasUA bool
	for _, f := range r.Header {
		switch {
		case strings.EqualFold(f.Name, "Host"):
			hasHost = true
		case strings.EqualFold(f.Name, "User-Agent"):
			hasUA = true
		}
	}
	if !hasHost {
		dst = append(dst, "Host: "...)
		dst = append(dst, r.URL.Host...)
		dst = append(dst, "\r\n"...)
	}
	if !hasUA {
		dst = append(dst, "User-Agent: "+userAgent+"\r\n"...)
	}
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, "Content-Length") || strings.EqualFold(f.Name, "traceparent") {
			continue
		}
		dst = append(dst, f.Name...)
		dst = append(dst, ": "...)
		dst = append(dst, f.Value...)
		dst = append(dst, "\r\n"...)
	}
	if len(r.Body) > 0 || methodWantsBody(method) {
		dst = append(dst, "Content-Length: "...)
		dst = strconv.AppendInt(dst, int64(len(r.Body)), 10)
		dst = append(dst, "\r\n"...)
	}
	dst = append(dst, "traceparent: "...)
	trace = len(dst)
	dst = append(dst, "00-00000000000000000000000000000000-0000000000000000-01\r\n\r\n"...)
	dst = append(dst, r.Body...)
	return dst, trace
}

func methodWantsBody(m string) bool { return m == "POST" || m == "PUT" || m == "PATCH" }

const hexDigits = "0123456789abcdef"

// putTrace writes the trace ID (hi, lo) and span ID into a traceparent value
// at b[0:traceValueLen].
func putTrace(b []byte, hi, lo, span uint64) {
	putHex64(b[3:19], hi)
	putHex64(b[19:35], lo)
	putHex64(b[36:52], span)
}

func putHex64(b []byte, v uint64) {
	_ = b[15]
	for i := 15; i >= 0; i-- {
		b[i] = hexDigits[v&0xf]
		v >>= 4
	}
}

package loadgen

import (
	"bytes"
	"errors"
)

// Limits of the HTTP/1.1 response parser.
const (
	// maxHeaderBytes bounds a response's status line and header fields
	// together; a server sending more is broken or hostile.
	maxHeaderBytes = 64 << 10
	// maxChunkLine bounds a chunk-size line (size, extensions, CRLF) and
	// each trailer line.
	maxChunkLine = 4 << 10
	// maxTrailerBytes bounds the trailer section of a chunked body.
	maxTrailerBytes = 64 << 10
)

// errProtocol is what the parser returns for a response that breaks HTTP/1.1.
var errProtocol = errors.New("malformed HTTP/1.1 response")

// parser states
const (
	stHeader    uint8 = iota // collecting the header block
	stBodyLen                // Content-Length body: remain bytes left
	stBodyClose              // body runs until the connection closes
	stChunkSize              // reading a chunk-size line
	stChunkExt               // skipping a chunk extension up to LF
	stChunkData              // remain bytes of chunk data left
	stChunkCR                // expecting CR after chunk data
	stChunkLF                // expecting LF after chunk data
	stTrailer                // skipping trailer lines up to an empty one
	stDone
)

// respParser reads one HTTP/1.1 response at a time from bytes as they
// arrive, in pieces of any size. It keeps only what its caller asked for:
// the body is counted and dropped unless wantBody, header fields are turned
// into strings only if wantHeader. A header block split across reads is the
// only thing it buffers by itself.
type respParser struct {
	state      uint8
	wantHeader bool
	wantBody   bool
	head       bool // response to HEAD: no body whatever the header says
	keepAlive  bool // connection may be reused after this response
	sawByte    bool // any byte of this response arrived
	chunkDigit bool // the current chunk-size line has a digit
	lineLen    int  // bytes in the current chunk-size or trailer line
	trailerLen int
	remain     int64
	bodyLimit  int

	pend []byte // partial header block carried over between reads

	// Header parsing so far.
	hdrOff        int // offset in the block of the first line not yet parsed
	sawStatus     bool
	http10        bool
	chunked       bool
	contentLength int64

	// Outcome of the current response.
	status    int
	proto     string
	header    []Field
	body      []byte
	bodySize  int64
	truncated bool
}

// reset prepares p for the response to a request.
func (p *respParser) reset(wantHeader, wantBody, head bool, bodyLimit int) {
	p.resetInto(wantHeader, wantBody, head, bodyLimit, nil, nil)
}

// resetInto is reset with the storage the response's header fields and body
// go into: a call's own, so that a connection may carry the next request
// while the last response is still being read by its VU.
func (p *respParser) resetInto(wantHeader, wantBody, head bool, bodyLimit int, header []Field, body []byte) {
	p.state = stHeader
	p.wantHeader, p.wantBody, p.head = wantHeader, wantBody, head
	p.keepAlive, p.sawByte, p.chunkDigit = true, false, false
	p.lineLen, p.trailerLen, p.remain = 0, 0, 0
	p.bodyLimit = bodyLimit
	p.pend = p.pend[:0]
	p.hdrOff, p.sawStatus, p.http10, p.chunked, p.contentLength = 0, false, false, false, -1
	p.status, p.proto = 0, ""
	p.header = header[:0]
	p.body = body[:0]
	p.bodySize, p.truncated = 0, false
}

// fill copies the outcome so far into r and hands the storage back to c.
func (p *respParser) fill(c *call) {
	r := &c.resp
	r.Status, r.Proto = p.status, p.proto
	r.BodySize, r.Truncated = p.bodySize, p.truncated
	r.Header, r.Body = nil, nil
	if p.wantHeader {
		r.Header = p.header
	}
	if p.wantBody {
		r.Body = p.body
	}
	c.hdrBuf, c.bodyBuf = p.header[:0], p.body[:0]
	p.header, p.body = nil, nil
}

// done reports whether the response is complete.
func (p *respParser) done() bool { return p.state == stDone }

// feed consumes bytes of the response from b. It returns how many it used
// (the rest belong to whatever follows, which for a client not pipelining
// is a protocol error) and errProtocol when the response is malformed.
func (p *respParser) feed(b []byte) (int, error) {
	if len(b) > 0 {
		p.sawByte = true
	}
	n := 0
	for n < len(b) && p.state != stDone {
		used, err := p.step(b[n:])
		if err != nil {
			return n, err
		}
		n += used
		if used == 0 {
			break
		}
	}
	return n, nil
}

// eof tells the parser the connection was closed. It reports whether that
// completes the response (a body delimited by the close).
func (p *respParser) eof() bool {
	if p.state == stBodyClose {
		p.state = stDone
		p.keepAlive = false
		return true
	}
	return p.state == stDone
}

func (p *respParser) step(b []byte) (int, error) {
	switch p.state {
	case stHeader:
		return p.stepHeader(b)
	case stBodyLen, stChunkData:
		n := int64(len(b))
		if n > p.remain {
			n = p.remain
		}
		p.takeBody(b[:n])
		p.remain -= n
		if p.remain == 0 {
			if p.state == stBodyLen {
				p.state = stDone
			} else {
				p.state = stChunkCR
			}
		}
		return int(n), nil
	case stBodyClose:
		p.takeBody(b)
		return len(b), nil
	case stChunkCR, stChunkLF:
		want := byte('\r')
		if p.state == stChunkLF {
			want = '\n'
		}
		if b[0] != want {
			return 0, errProtocol
		}
		if p.state == stChunkCR {
			p.state = stChunkLF
		} else {
			p.state, p.lineLen, p.chunkDigit, p.remain = stChunkSize, 0, false, 0
		}
		return 1, nil
	case stChunkSize:
		for i, c := range b {
			p.lineLen++
			if p.lineLen > maxChunkLine {
				return i, errProtocol
			}
			switch {
			case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
				if p.remain > (1<<59)-1 {
					return i, errProtocol // chunk size overflows
				}
				p.remain = p.remain<<4 | int64(unhex(c))
				p.chunkDigit = true
			case c == ';' || c == ' ' || c == '\t':
				if !p.chunkDigit {
					return i, errProtocol
				}
				p.state = stChunkExt
				return i + 1, nil
			case c == '\r':
				// tolerated; the LF ends the line
			case c == '\n':
				if !p.chunkDigit {
					return i, errProtocol
				}
				p.endChunkLine()
				return i + 1, nil
			default:
				return i, errProtocol
			}
		}
		return len(b), nil
	case stChunkExt:
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			p.lineLen += len(b)
			if p.lineLen > maxChunkLine {
				return len(b), errProtocol
			}
			return len(b), nil
		}
		p.endChunkLine()
		return i + 1, nil
	case stTrailer:
		for i, c := range b {
			p.trailerLen++
			if p.trailerLen > maxTrailerBytes {
				return i, errProtocol
			}
			if c == '\n' {
				if p.lineLen == 0 {
					p.state = stDone
					return i + 1, nil
				}
				p.lineLen = 0
				continue
			}
			if c != '\r' {
				p.lineLen++
			}
		}
		return len(b), nil
	}
	return 0, nil
}

func (p *respParser) endChunkLine() {
	if p.remain == 0 {
		p.state, p.lineLen = stTrailer, 0
		return
	}
	p.state = stChunkData
}

func (p *respParser) takeBody(b []byte) {
	p.bodySize += int64(len(b))
	if !p.wantBody || len(b) == 0 {
		return
	}
	room := p.bodyLimit - len(p.body)
	if room <= 0 {
		p.truncated = true
		return
	}
	if len(b) > room {
		b = b[:room]
		p.truncated = true
	}
	p.body = append(p.body, b...)
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// stepHeader parses the header block line by line as it arrives. In the
// common case the whole block is in b: it is parsed in place, in one pass,
// and nothing is copied. Otherwise the partial block is kept in pend and
// each later read parses only the lines it completes, so a header dripping
// in byte by byte costs linear time, and a malformed line is reported as
// soon as it is whole, however the bytes are split.
func (p *respParser) stepHeader(b []byte) (int, error) {
	if len(p.pend) == 0 {
		end, err := p.parseHeader(b)
		if err != nil || end > 0 {
			return end, err
		}
		if len(b) >= maxHeaderBytes {
			return 0, errProtocol
		}
		p.pend = append(p.pend, b...)
		return len(b), nil
	}
	old := len(p.pend)
	p.pend = append(p.pend, b...)
	end, err := p.parseHeader(p.pend)
	if err != nil {
		return 0, err
	}
	if end == 0 {
		if len(p.pend) >= maxHeaderBytes {
			return 0, errProtocol
		}
		return len(b), nil
	}
	p.pend = p.pend[:0]
	return end - old, nil
}

// parseHeader goes on parsing the header block at the start of b from the
// first line not yet parsed (p.hdrOff): the status line, then fields, each
// ending in CRLF (a bare LF is tolerated), then an empty line. It returns
// the length of the block once b holds all of it, else 0.
func (p *respParser) parseHeader(b []byte) (int, error) {
	rest := b[p.hdrOff:]
	for {
		line, r, ok := cutLine(rest)
		if !ok {
			p.hdrOff = len(b) - len(rest)
			if p.hdrOff > maxHeaderBytes {
				return 0, errProtocol
			}
			return 0, nil
		}
		rest = r
		if !p.sawStatus {
			if err := p.statusLine(line); err != nil {
				return 0, err
			}
			continue
		}
		if len(line) == 0 {
			break
		}
		if err := p.field(line); err != nil {
			return 0, err
		}
	}
	end := len(b) - len(rest)
	if end > maxHeaderBytes {
		return 0, errProtocol
	}
	p.hdrOff, p.sawStatus = 0, false
	switch {
	case p.status < 200:
		// An interim response (100 Continue, 103 Early Hints): the real
		// one follows.
		p.header = p.header[:0]
		p.contentLength, p.chunked = -1, false
		p.state = stHeader
	case p.head || p.status == 204 || p.status == 304:
		p.state = stDone
	case p.chunked && !p.http10: // as net/http: chunked is not HTTP/1.0
		p.state, p.lineLen, p.chunkDigit, p.remain = stChunkSize, 0, false, 0
	case p.contentLength >= 0:
		p.remain = p.contentLength
		p.state = stBodyLen
		if p.contentLength == 0 {
			p.state = stDone
		}
	default:
		p.state = stBodyClose
		p.keepAlive = false
	}
	return end, nil
}

func (p *respParser) statusLine(line []byte) error {
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return errProtocol
	}
	switch line[7] {
	case '1':
		p.proto, p.http10 = "HTTP/1.1", false
	case '0':
		p.proto, p.http10 = "HTTP/1.0", true
	default:
		return errProtocol
	}
	s0, s1, s2 := line[9], line[10], line[11]
	if s0 < '1' || s0 > '5' || s1 < '0' || s1 > '9' || s2 < '0' || s2 > '9' || len(line) > 12 && line[12] != ' ' {
		return errProtocol
	}
	p.status = int(s0-'0')*100 + int(s1-'0')*10 + int(s2-'0')
	p.keepAlive = !p.http10
	p.sawStatus = true
	return nil
}

func (p *respParser) field(line []byte) error {
	if line[0] == ' ' || line[0] == '\t' {
		return nil // obsolete line folding: tolerated, ignored
	}
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return errProtocol
	}
	name, value := line[:colon], trimOWS(line[colon+1:])
	switch len(name) {
	case len("content-length"):
		if equalFoldASCII(name, "content-length") {
			n, ok := parseDecimal(value)
			if !ok || p.contentLength >= 0 && n != p.contentLength {
				return errProtocol
			}
			p.contentLength = n
		}
	case len("transfer-encoding"):
		if equalFoldASCII(name, "transfer-encoding") && hasTokenFold(value, "chunked") {
			p.chunked = true
		}
	case len("connection"):
		if equalFoldASCII(name, "connection") {
			if hasTokenFold(value, "close") {
				p.keepAlive = false
			} else if p.http10 && hasTokenFold(value, "keep-alive") {
				p.keepAlive = true
			}
		}
	}
	if p.wantHeader {
		p.header = append(p.header, Field{Name: string(name), Value: string(value)})
	}
	return nil
}

// cutLine cuts b at its first LF, dropping a CR before it; ok is false
// when b holds no LF.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return nil, b, false
	}
	line, rest = b[:i], b[i+1:]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, rest, true
}

func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// equalFoldASCII compares b with lower, which must be lower case.
func equalFoldASCII(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// hasTokenFold reports whether the comma-separated list v has token (lower
// case).
func hasTokenFold(v []byte, token string) bool {
	for len(v) > 0 {
		var item []byte
		if i := bytes.IndexByte(v, ','); i >= 0 {
			item, v = v[:i], v[i+1:]
		} else {
			item, v = v, nil
		}
		if equalFoldASCII(trimOWS(item), token) {
			return true
		}
	}
	return false
}

func parseDecimal(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

package loadgen

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// h2Transport carries requests over HTTP/2 with net/http: negotiated by
// ALPN for https, by prior knowledge (h2c) for http. HTTP/2 multiplexes
// streams over few connections, so its cost lies in framing and HPACK, not
// in the system calls the HTTP/1.1 event loop saves; the standard library's
// implementation is correct and good enough here.
type h2Transport struct {
	w      *worker
	client *http.Client
	tr     *http.Transport
	done   chan *call
	closed chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	timer  *time.Timer
}

func newH2Transport(w *worker) *h2Transport {
	vus := 0
	for _, ws := range w.scen {
		vus += len(ws.vus)
	}
	tr := &http.Transport{
		TLSClientConfig:     &tls.Config{InsecureSkipVerify: w.r.opts.Insecure},
		MaxConnsPerHost:     w.maxConns(vus),
		MaxIdleConnsPerHost: w.maxConns(vus),
		ForceAttemptHTTP2:   true,
		DisableCompression:  true,
	}
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetHTTP2(true)
	tr.Protocols.SetUnencryptedHTTP2(true)
	ctx, cancel := context.WithCancel(context.Background())
	return &h2Transport{
		w:      w,
		tr:     tr,
		client: &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		done:   make(chan *call, max(vus, 1)),
		closed: make(chan struct{}),
		ctx:    ctx,
		cancel: cancel,
	}
}

func (t *h2Transport) start(c *call) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		t.do(c)
		select {
		case t.done <- c:
		case <-t.closed:
		}
	}()
}

func (t *h2Transport) do(c *call) {
	deadline := t.w.r.start.Add(time.Duration(c.deadline))
	ctx, cancel := context.WithDeadline(t.ctx, deadline)
	defer cancel()
	method := c.req.Method
	if method == "" {
		method = "GET"
	}
	var body io.Reader
	if len(c.req.Body) > 0 {
		body = bytes.NewReader(c.req.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.req.URL.String(), body)
	if err != nil {
		c.resp.Err = ErrProtocol
		return
	}
	for _, f := range c.req.Header {
		if equalFoldASCII([]byte(f.Name), "host") {
			req.Host = f.Value
			continue
		}
		req.Header.Add(f.Name, f.Value)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", userAgent)
	}
	var tp [traceValueLen]byte
	copy(tp[:], "00-00000000000000000000000000000000-0000000000000000-01")
	putTrace(tp[:], t.w.r.traceHi, c.traceLo, c.span)
	req.Header.Set("traceparent", string(tp[:]))
	resp, err := t.client.Do(req)
	if err != nil {
		c.resp.Err = classifyHTTP(err)
		return
	}
	defer resp.Body.Close()
	c.resp.Status = resp.StatusCode
	c.resp.Proto = resp.Proto
	if c.info.Header {
		h := c.hdrBuf[:0]
		for k, vs := range resp.Header {
			for _, v := range vs {
				h = append(h, Field{Name: k, Value: v})
			}
		}
		c.resp.Header, c.hdrBuf = h, h[:0]
	}
	limit := t.w.r.opts.BodyLimit
	var n int64
	if c.info.Body {
		buf := bytes.NewBuffer(c.bodyBuf[:0])
		n, err = io.Copy(buf, io.LimitReader(resp.Body, int64(limit)))
		if err == nil {
			var rest int64
			rest, err = io.Copy(io.Discard, resp.Body)
			c.resp.Truncated = rest > 0
			n += rest
		}
		c.resp.Body = buf.Bytes()
		c.bodyBuf = c.resp.Body[:0]
	} else {
		n, err = io.Copy(io.Discard, resp.Body)
	}
	c.resp.BodySize = n
	if err != nil {
		c.resp.Err = classifyHTTP(err)
	}
}

// classifyHTTP maps an error from net/http to an error class.
func classifyHTTP(err error) ErrorClass {
	switch {
	case isTimeout(err):
		return ErrTimeout
	case isTLSError(err):
		return ErrTLS
	}
	c := classify(err)
	if c == ErrProtocol && errors.Is(err, io.EOF) {
		return ErrReset
	}
	return c
}

func (t *h2Transport) poll(deadline int64, stop <-chan struct{}, done []*call) []*call {
	d := time.Duration(deadline - t.w.now())
	if d > 0 {
		if t.timer == nil {
			t.timer = time.NewTimer(d)
		} else {
			t.timer.Reset(d)
		}
		select {
		case c := <-t.done:
			done = append(done, c)
		case <-t.timer.C:
		case <-stop:
		}
		t.timer.Stop()
	}
	for {
		select {
		case c := <-t.done:
			done = append(done, c)
		default:
			return done
		}
	}
}

func (t *h2Transport) close() {
	close(t.closed)
	t.cancel()
	t.wg.Wait()
	t.tr.CloseIdleConnections()
}

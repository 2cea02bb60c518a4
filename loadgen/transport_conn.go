package loadgen

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// connTransport is the portable HTTP/1.1 transport: one goroutine per
// connection, blocking I/O through net.Conn, and the same response parser
// as the event loop. It carries https (TLS) everywhere and plain http where
// the epoll transport is not available.
type connTransport struct {
	w        *worker
	tls      *tls.Config
	maxConns int
	pools    map[string]*connPool
	done     chan *call
	ready    []*call // completed without reaching a connection
	closed   chan struct{}
	wg       sync.WaitGroup
	notify   func() // wakes the worker's event loop after a completion; nil if it waits on done
	timer    *time.Timer
}

// connPool is the connections to one scheme://host:port.
type connPool struct {
	t      *connTransport
	addr   string // host:port
	tls    bool
	server string // TLS server name
	queue  chan *call
	open   atomic.Int32
	idle   atomic.Int32
}

func newConnTransport(w *worker, maxConns, queueCap int) *connTransport {
	return &connTransport{
		w:        w,
		tls:      &tls.Config{InsecureSkipVerify: w.r.opts.Insecure, NextProtos: []string{"http/1.1"}},
		maxConns: maxConns,
		pools:    map[string]*connPool{},
		done:     make(chan *call, queueCap),
		closed:   make(chan struct{}),
	}
}

func (t *connTransport) pool(c *call) *connPool {
	u := c.req.URL
	key := u.Scheme + "://" + u.Host
	if p := t.pools[key]; p != nil {
		return p
	}
	p := &connPool{t: t, addr: hostPort(u.Scheme, u.Host), tls: u.Scheme == "https", server: u.Hostname(), queue: make(chan *call, cap(t.done))}
	t.pools[key] = p
	return p
}

// hostPort adds the scheme's default port to host when it has none.
func hostPort(scheme, host string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	h := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if scheme == "https" {
		return net.JoinHostPort(h, "443")
	}
	return net.JoinHostPort(h, "80")
}

func (t *connTransport) start(c *call) {
	if s := c.req.URL.Scheme; s != "http" && s != "https" {
		c.resp.Err = ErrConnect
		t.ready = append(t.ready, c)
		return
	}
	p := t.pool(c)
	if p.idle.Load() == 0 && int(p.open.Load()) < t.maxConns {
		p.open.Add(1)
		t.wg.Add(1)
		go p.serve(c)
		return
	}
	p.queue <- c
}

func (t *connTransport) poll(deadline int64, stop <-chan struct{}, done []*call) []*call {
	if len(t.ready) > 0 {
		done = append(done, t.ready...)
		clear(t.ready)
		t.ready = t.ready[:0]
		return t.drain(done)
	}
	d := time.Duration(deadline - t.w.now())
	if d <= 0 {
		return t.drain(done)
	}
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
	return t.drain(done)
}

func (t *connTransport) drain(done []*call) []*call {
	for {
		select {
		case c := <-t.done:
			done = append(done, c)
		default:
			return done
		}
	}
}

func (t *connTransport) close() {
	close(t.closed)
	t.wg.Wait()
}

// serve is one connection's goroutine: it carries first, then whatever the
// pool's queue holds, until the transport closes.
func (p *connPool) serve(first *call) {
	t := p.t
	defer t.wg.Done()
	defer p.open.Add(-1)
	cn := &hconn{pool: p, buf: make([]byte, 16<<10)}
	defer cn.close()
	c := first
	for {
		cn.do(c)
		select {
		case t.done <- c:
		case <-t.closed:
			return
		}
		if t.notify != nil {
			t.notify()
		}
		p.idle.Add(1)
		select {
		case c = <-p.queue:
			p.idle.Add(-1)
		case <-t.closed:
			p.idle.Add(-1)
			return
		}
	}
}

// hconn is one HTTP/1.1 connection of the portable transport.
type hconn struct {
	pool   *connPool
	nc     net.Conn
	used   bool // has carried a complete response
	parser respParser
	buf    []byte
}

func (cn *hconn) close() {
	if cn.nc != nil {
		cn.nc.Close()
		cn.nc = nil
	}
}

// do carries c over the connection, dialling if needed, and fills c.resp.
// A request that fails on a reused connection before any byte of response
// arrived is retried once on a fresh one: the server may have closed the
// idle connection just as we sent.
func (cn *hconn) do(c *call) {
	deadline := cn.pool.t.w.r.start.Add(time.Duration(c.deadline))
	for {
		class, fresh := cn.try(c, deadline)
		c.resp.Err = class
		if class == ErrNone {
			return
		}
		cn.close()
		if fresh || c.retried || cn.parser.sawByte || class == ErrTimeout {
			return
		}
		c.retried = true
	}
}

func (cn *hconn) try(c *call, deadline time.Time) (class ErrorClass, fresh bool) {
	if time.Now().After(deadline) {
		return ErrTimeout, false
	}
	t := cn.pool.t
	if cn.nc == nil {
		fresh = true
		cn.used = false
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		nc, err := (&net.Dialer{}).DialContext(ctx, "tcp", cn.pool.addr)
		cancel()
		if err != nil {
			if time.Now().After(deadline) {
				return ErrTimeout, true
			}
			return ErrConnect, true
		}
		if tc, ok := nc.(*net.TCPConn); ok {
			_ = tc.SetNoDelay(true)
		}
		if cn.pool.tls {
			conf := t.tls.Clone()
			conf.ServerName = cn.pool.server
			tc := tls.Client(nc, conf)
			_ = tc.SetDeadline(deadline)
			if err := tc.Handshake(); err != nil {
				nc.Close()
				if isTimeout(err) {
					return ErrTimeout, true
				}
				return ErrTLS, true
			}
			nc = tc
		}
		cn.nc = nc
	} else {
		fresh = !cn.used
	}
	_ = cn.nc.SetDeadline(deadline)
	if _, err := cn.nc.Write(c.wire); err != nil {
		return classify(err), fresh
	}
	p := &cn.parser
	p.resetInto(c.info.Header, c.info.Body, c.req.Method == "HEAD", t.w.r.opts.BodyLimit, c.hdrBuf, c.bodyBuf)
	for !p.done() {
		n, err := cn.nc.Read(cn.buf)
		if n > 0 {
			used, perr := p.feed(cn.buf[:n])
			if perr != nil || used < n {
				p.fill(c)
				return ErrProtocol, fresh
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) && p.eof() {
				break
			}
			p.fill(c)
			return classify(err), fresh
		}
	}
	p.fill(c)
	cn.used = true
	if !p.keepAlive {
		cn.close()
	}
	return ErrNone, fresh
}

// classify maps an I/O error after the connection was made to an error
// class.
func classify(err error) ErrorClass {
	switch {
	case isTimeout(err):
		return ErrTimeout
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, net.ErrClosed):
		return ErrReset
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EMFILE),
		errors.Is(err, syscall.EADDRNOTAVAIL):
		return ErrConnect
	case isTLSError(err):
		return ErrTLS
	}
	return ErrProtocol
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		errors.As(err, &ne) && ne.Timeout()
}

func isTLSError(err error) bool {
	var (
		rh  tls.RecordHeaderError
		ae  tls.AlertError
		ve  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		cie x509.CertificateInvalidError
	)
	return errors.As(err, &rh) || errors.As(err, &ae) || errors.As(err, &ve) ||
		errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &cie) ||
		strings.HasPrefix(err.Error(), "tls: ")
}

// newPortableTransport returns the goroutine-per-connection transport for
// w, with a cap on connections per host computed from the options.
func newPortableTransport(w *worker) *connTransport {
	vus := 0
	for _, ws := range w.scen {
		vus += len(ws.vus)
	}
	return newConnTransport(w, w.maxConns(vus), max(vus, 1))
}

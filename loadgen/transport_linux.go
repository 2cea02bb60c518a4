package loadgen

import (
	"context"
	"net"
	"runtime"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// newTransport picks the fastest transport that can carry the run: the
// epoll event loop for HTTP/1.1, with https requests handed to the portable
// transport, or net/http for HTTP/2.
func newTransport(w *worker) transport {
	if w.r.opts.HTTP2 {
		return newH2Transport(w)
	}
	t, err := newEpollTransport(w)
	if err != nil {
		return newPortableTransport(w)
	}
	return t
}

// epollTransport carries plain-http HTTP/1.1 on non-blocking sockets from
// the worker's own goroutine: one epoll_wait wakes it for every connection
// that has something to read, each response is parsed straight out of one
// shared read buffer, and the next request is written at once, without a
// goroutine, a lock or an allocation per request. This is the hot path
// that makes a request cost about what it costs wrk.
type epollTransport struct {
	w        *worker
	epfd     int
	wakefd   int // eventfd the portable side transport signals
	events   []unix.EpollEvent
	conns    []*econn // by file descriptor
	pools    map[string]*epool
	rbuf     []byte
	ready    []*call
	maxConns int
	lastScan int64
	side     *connTransport // https requests; made on first use
	noPwait2 bool
	// rawWait blocks in epoll_pwait2 without telling the scheduler. A
	// blocking system call made through it costs two context switches
	// on this hot path (the runtime's monitor thread wakes, takes the
	// P away, gives it back), more than a loopback request; a raw one
	// keeps the P. That is only fair to the process's other goroutines
	// (the aggregator, signal handling, the metrics server, an
	// in-process server in tests) when a spare P is left for them, so
	// rawWait is set only when GOMAXPROCS exceeds the number of
	// workers, as the load command arranges; and it is not used once
	// https requests ride on side goroutines whose answers must wake
	// the loop at once.
	rawWait bool
}

type epool struct {
	key string
	sa  unix.Sockaddr
	fam int
	// loopback: the target is on 127.0.0.0/8, so connections may come
	// from any address of it (see dial).
	loopback bool
	dials    uint32
	err      bool // the address did not resolve
	idle     []*econn
	open     int
	qhead    *call // calls waiting for a connection, FIFO
	qtail    *call
	qlen     int
}

const (
	connConnecting uint8 = iota
	connIdle
	connBusy
)

type econn struct {
	fd      int
	pool    *epool
	state   uint8
	cur     *call
	woff    int  // bytes of cur.wire written
	wantOut bool // EPOLLOUT is registered
	used    bool // has carried a complete response
	p       respParser
}

func newEpollTransport(w *worker) (*epollTransport, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	wakefd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(wakefd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, wakefd, &ev); err != nil {
		unix.Close(epfd)
		unix.Close(wakefd)
		return nil, err
	}
	vus := 0
	for _, ws := range w.scen {
		vus += len(ws.vus)
	}
	return &epollTransport{
		w:        w,
		epfd:     epfd,
		wakefd:   wakefd,
		events:   make([]unix.EpollEvent, 512),
		pools:    map[string]*epool{},
		rbuf:     make([]byte, 64<<10),
		maxConns: w.maxConns(vus),
		rawWait:  runtime.GOMAXPROCS(0) > w.n,
	}, nil
}

func (t *epollTransport) sideTransport() *connTransport {
	if t.side == nil {
		vus := 0
		for _, ws := range t.w.scen {
			vus += len(ws.vus)
		}
		t.side = newConnTransport(t.w, t.maxConns, max(vus, 1))
		var one = [8]byte{1}
		t.side.notify = func() { _, _ = unix.Write(t.wakefd, one[:]) }
	}
	return t.side
}

func (t *epollTransport) start(c *call) {
	u := c.req.URL
	switch u.Scheme {
	case "http":
	case "https":
		t.sideTransport().start(c)
		return
	default:
		c.resp.Err = ErrConnect
		t.ready = append(t.ready, c)
		return
	}
	p := t.pools[u.Host]
	if p == nil {
		p = t.newPool(u.Host)
	}
	if p.err {
		c.resp.Err = ErrConnect
		t.ready = append(t.ready, c)
		return
	}
	t.dispatch(p, c)
}

// dispatch gives c to an idle connection, a new one, or the pool's queue.
func (t *epollTransport) dispatch(p *epool, c *call) {
	if n := len(p.idle); n > 0 {
		cn := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		t.assign(cn, c)
		return
	}
	if p.open < t.maxConns {
		t.dial(p, c)
		return
	}
	c.next = nil
	if p.qtail == nil {
		p.qhead = c
	} else {
		p.qtail.next = c
	}
	p.qtail = c
	p.qlen++
}

func (p *epool) dequeue() *call {
	c := p.qhead
	if c == nil {
		return nil
	}
	p.qhead = c.next
	if p.qhead == nil {
		p.qtail = nil
	}
	c.next = nil
	p.qlen--
	return c
}

func (t *epollTransport) newPool(host string) *epool {
	p := &epool{key: host}
	t.pools[host] = p
	hp := hostPort("http", host)
	h, port, err := net.SplitHostPort(hp)
	if err != nil {
		p.err = true
		return p
	}
	pn, err := strconv.Atoi(port)
	if err != nil || pn <= 0 || pn > 65535 {
		p.err = true
		return p
	}
	ip := net.ParseIP(h)
	if ip == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, h)
		cancel()
		if err != nil || len(addrs) == 0 {
			p.err = true
			return p
		}
		ip = addrs[0].IP
		for _, a := range addrs {
			if a.IP.To4() != nil { // prefer IPv4, as most servers listen there
				ip = a.IP
				break
			}
		}
	}
	if ip4 := ip.To4(); ip4 != nil {
		sa := &unix.SockaddrInet4{Port: pn}
		copy(sa.Addr[:], ip4)
		p.sa, p.fam = sa, unix.AF_INET
		p.loopback = ip4[0] == 127
	} else {
		sa := &unix.SockaddrInet6{Port: pn}
		copy(sa.Addr[:], ip.To16())
		p.sa, p.fam = sa, unix.AF_INET6
	}
	return p
}

func (t *epollTransport) dial(p *epool, c *call) {
	fd, err := unix.Socket(p.fam, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.finish(c, ErrConnect)
		return
	}
	_ = unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	if p.loopback {
		// To a loopback target, spread connections over source
		// addresses 127.1.x.y. The kernel picks an ephemeral port by
		// trying ports until the (source, destination) pair is unused,
		// so thousands of connections from one source address to one
		// destination cost time quadratic in their number (13 s of
		// kernel time for 20,000 here); from many sources the first
		// port tried is free. The port is still chosen at connect
		// (IP_BIND_ADDRESS_NO_PORT), so no port is reserved early.
		p.dials++
		n := p.dials % 4096
		src := &unix.SockaddrInet4{Addr: [4]byte{127, 1, byte(n >> 8), byte(n & 0xff)}}
		if n&0xff == 0 {
			src.Addr[3] = 1
		}
		_ = unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_BIND_ADDRESS_NO_PORT, 1)
		_ = unix.Bind(fd, src) // on failure, connect picks a source as usual
	}
	cn := &econn{fd: fd, pool: p, state: connConnecting, cur: c}
	err = unix.Connect(fd, p.sa)
	if err != nil && err != unix.EINPROGRESS {
		unix.Close(fd)
		t.finish(c, ErrConnect)
		return
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLOUT, Fd: int32(fd)}
	if err := unix.EpollCtl(t.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
		unix.Close(fd)
		t.finish(c, ErrConnect)
		return
	}
	cn.wantOut = true
	for fd >= len(t.conns) {
		t.conns = append(t.conns, make([]*econn, len(t.conns)+64)...)
	}
	t.conns[fd] = cn
	p.open++
}

// assign starts c on the connected, idle cn.
func (t *epollTransport) assign(cn *econn, c *call) {
	cn.state = connBusy
	cn.cur = c
	cn.woff = 0
	cn.p.resetInto(c.info.Header, c.info.Body, c.req.Method == "HEAD", t.w.r.opts.BodyLimit, c.hdrBuf, c.bodyBuf)
	t.write(cn)
}

func (t *epollTransport) write(cn *econn) {
	buf := cn.cur.wire
	for cn.woff < len(buf) {
		n, err := rawWrite(cn.fd, buf[cn.woff:])
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN {
			t.setOut(cn, true)
			return
		}
		if err != nil {
			t.fail(cn, ErrReset)
			return
		}
		cn.woff += n
	}
	if cn.wantOut {
		t.setOut(cn, false)
	}
}

func (t *epollTransport) setOut(cn *econn, on bool) {
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(cn.fd)}
	if on {
		ev.Events |= unix.EPOLLOUT
	}
	_ = unix.EpollCtl(t.epfd, unix.EPOLL_CTL_MOD, cn.fd, &ev)
	cn.wantOut = on
}

// finish completes c with class (ErrNone for success).
func (t *epollTransport) finish(c *call, class ErrorClass) {
	c.resp.Err = class
	t.ready = append(t.ready, c)
}

// fail ends cn with class for its current call. A request that failed on a
// reused connection before any byte of its response arrived is retried
// once on a fresh one: the server may have closed the idle connection just
// as we sent.
func (t *epollTransport) fail(cn *econn, class ErrorClass) {
	c := cn.cur
	retry := class == ErrReset && cn.used && !cn.p.sawByte && c != nil && !c.retried
	if c != nil && cn.state == connBusy {
		cn.p.fill(c)
	}
	t.closeConn(cn)
	if c == nil {
		return
	}
	if retry {
		c.retried = true
		t.dispatch(cn.pool, c)
		return
	}
	t.finish(c, class)
}

func (t *epollTransport) closeConn(cn *econn) {
	p := cn.pool
	unix.Close(cn.fd)
	t.conns[cn.fd] = nil
	p.open--
	if cn.state == connIdle {
		for i, x := range p.idle {
			if x == cn {
				p.idle = append(p.idle[:i], p.idle[i+1:]...)
				break
			}
		}
	}
	cn.cur = nil
	if p.qhead != nil && p.open < t.maxConns {
		t.dial(p, p.dequeue())
	}
}

// release returns a connection whose response is complete to its pool, or
// hands it the next queued call.
func (t *epollTransport) release(cn *econn) {
	cn.cur = nil
	cn.used = true
	if !cn.p.keepAlive {
		cn.state = connBusy // not idle: closeConn must not search the idle list
		t.closeConn(cn)
		return
	}
	p := cn.pool
	if c := p.dequeue(); c != nil {
		t.assign(cn, c)
		return
	}
	cn.state = connIdle
	p.idle = append(p.idle, cn)
}

// scanInterval is how often in-flight and queued calls are checked against
// their deadlines.
const scanInterval = int64(10 * time.Millisecond)

func (t *epollTransport) poll(deadline int64, stop <-chan struct{}, done []*call) []*call {
	wait := int64(0)
	if len(t.ready) == 0 && (t.side == nil || len(t.side.ready) == 0) {
		wait = deadline - t.w.now()
		if wait < 0 {
			wait = 0
		}
	}
	n, err := t.epollWait(wait)
	if err != nil && err != unix.EINTR {
		n = 0
	}
	for i := 0; i < n; i++ {
		ev := &t.events[i]
		fd := int(ev.Fd)
		if fd == t.wakefd {
			var b [8]byte
			_, _ = unix.Read(t.wakefd, b[:])
			continue
		}
		if fd >= len(t.conns) || t.conns[fd] == nil {
			continue
		}
		t.handle(t.conns[fd], ev.Events)
	}
	if now := t.w.now(); now-t.lastScan >= scanInterval {
		t.lastScan = now
		t.scan(now)
	}
	done = append(done, t.ready...)
	clear(t.ready)
	t.ready = t.ready[:0]
	if t.side != nil {
		done = append(done, t.side.ready...)
		clear(t.side.ready)
		t.side.ready = t.side.ready[:0]
		done = t.side.drain(done)
	}
	return done
}

func (t *epollTransport) handle(cn *econn, events uint32) {
	if cn.state == connConnecting {
		if events&(unix.EPOLLOUT|unix.EPOLLERR|unix.EPOLLHUP) == 0 {
			return
		}
		if e, err := unix.GetsockoptInt(cn.fd, unix.SOL_SOCKET, unix.SO_ERROR); err != nil || e != 0 {
			c := cn.cur
			cn.cur = nil
			t.closeConn(cn)
			t.finish(c, ErrConnect)
			return
		}
		c := cn.cur
		t.assign(cn, c)
		return
	}
	if events&unix.EPOLLOUT != 0 && cn.state == connBusy && cn.cur != nil && cn.woff < len(cn.cur.wire) {
		t.write(cn)
		if t.conns[cn.fd] != cn {
			return
		}
	}
	if events&(unix.EPOLLIN|unix.EPOLLERR|unix.EPOLLHUP|unix.EPOLLRDHUP) != 0 {
		t.read(cn)
	}
}

func (t *epollTransport) read(cn *econn) {
	n, err := rawRead(cn.fd, t.rbuf)
	if err == unix.EAGAIN || err == unix.EINTR {
		return
	}
	if cn.state == connIdle {
		// The server closed an idle connection, or sent something
		// unasked for: either way the connection is done.
		t.closeConn(cn)
		return
	}
	c := cn.cur
	if err != nil {
		t.fail(cn, ErrReset)
		return
	}
	if n == 0 {
		if cn.p.eof() {
			cn.p.fill(c)
			cn.state = connBusy
			t.closeConn(cn)
			t.finish(c, ErrNone)
			return
		}
		t.fail(cn, ErrReset)
		return
	}
	used, perr := cn.p.feed(t.rbuf[:n])
	if perr != nil || used < n {
		t.fail(cn, ErrProtocol)
		return
	}
	if cn.p.done() {
		cn.p.fill(c)
		t.finish(c, ErrNone)
		t.release(cn)
	}
}

// scan times out calls past their deadline, in flight or queued.
func (t *epollTransport) scan(now int64) {
	for _, cn := range t.conns {
		if cn != nil && cn.cur != nil && cn.state != connIdle && cn.cur.deadline <= now {
			c := cn.cur
			if cn.state == connBusy {
				cn.p.fill(c)
			}
			cn.cur = nil
			t.closeConn(cn)
			t.finish(c, ErrTimeout)
		}
	}
	for _, p := range t.pools {
		var keep, tail *call
		for c := p.qhead; c != nil; {
			next := c.next
			c.next = nil
			if c.deadline <= now {
				p.qlen--
				t.finish(c, ErrTimeout)
			} else {
				if tail == nil {
					keep = c
				} else {
					tail.next = c
				}
				tail = c
			}
			c = next
		}
		p.qhead, p.qtail = keep, tail
	}
}

func (t *epollTransport) close() {
	for _, cn := range t.conns {
		if cn != nil {
			unix.Close(cn.fd)
		}
	}
	t.conns = nil
	unix.Close(t.epfd)
	if t.side != nil {
		t.side.close()
	}
	unix.Close(t.wakefd)
}

// epollWait waits up to wait ns, with nanosecond precision where the
// kernel has epoll_pwait2 (Linux 5.11), so that an open-model arrival is
// not sent up to a millisecond late.
func (t *epollTransport) epollWait(wait int64) (int, error) {
	ev := unsafe.Pointer(&t.events[0])
	if wait == 0 {
		n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_WAIT, uintptr(t.epfd), uintptr(ev), uintptr(len(t.events)), 0, 0, 0)
		if e != 0 {
			return 0, e
		}
		return int(n), nil
	}
	if !t.noPwait2 {
		ts := unix.NsecToTimespec(wait)
		sys := unix.Syscall6
		if t.rawWait && t.side == nil {
			sys = unix.RawSyscall6
		}
		n, _, e := sys(unix.SYS_EPOLL_PWAIT2, uintptr(t.epfd), uintptr(ev), uintptr(len(t.events)), uintptr(unsafe.Pointer(&ts)), 0, 0)
		if e != unix.ENOSYS {
			if e != 0 {
				return 0, e
			}
			return int(n), nil
		}
		t.noPwait2 = true
	}
	ms := (wait + int64(time.Millisecond) - 1) / int64(time.Millisecond)
	return unix.EpollWait(t.epfd, t.events, int(ms))
}

// rawRead and rawWrite skip the scheduler's bookkeeping of a blocking
// system call: on a non-blocking socket they never block.
func rawRead(fd int, b []byte) (int, error) {
	n, _, e := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

func rawWrite(fd int, b []byte) (int, error) {
	n, _, e := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

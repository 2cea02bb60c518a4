package loadgen

import (
	"time"
)

// transport carries a worker's requests. It is driven from the worker's
// goroutine only: start hands it a call, poll waits for completions.
type transport interface {
	// start begins c. Its outcome, success or error, is reported by a
	// later poll, never from within start.
	start(c *call)
	// poll waits until at least one call is complete, the deadline (ns
	// since the run's start) passes, or stop is closed, and appends the
	// completed calls to done.
	poll(deadline int64, stop <-chan struct{}, done []*call) []*call
	// close ends every connection; calls still in flight are dropped.
	close()
}

// call is one request in flight. Each VU owns one and reuses it, since a VU
// has at most one request in flight.
type call struct {
	vu       *vuState
	req      *Request
	info     *StepInfo
	step     int   // run-wide step index
	intended int64 // ns since run start: latency counts from here
	deadline int64 // ns since run start: timeout
	resp     Response
	traceLo  uint64
	span     uint64
	retried  bool   // already retried once on a fresh connection
	wire     []byte // the request's bytes for this send, reused
	hdrBuf   []Field
	bodyBuf  []byte
	next     *call // transport queue link
}

// vuState is the engine's side of a VU.
type vuState struct {
	vu      VU
	ws      *workerScenario
	active  bool // ramping-vus: may start iterations
	inIter  bool
	waiting bool // in an iteration's trailing Wait, or parked in a timer
	sends   int  // requests sent in the current iteration
	pending *Request
	iter    uint64 // trace ID low half of the current iteration
	c       call
}

// workerScenario is a worker's share of a scenario: its VUs and counters.
type workerScenario struct {
	*runScenario
	vus     []*vuState
	free    []*vuState // open model: VUs ready for an arrival
	nextK   int64      // this worker's next arrival index
	running bool       // between start and end
	ended   bool       // past end: no new iterations
	over    bool       // drained or cut off
	inIter  int
	active  int
	counts  scenCounts // since the last flush
}

type scenCounts struct {
	iterations, failed, dropped, interrupted int64
}

// timer kinds
const (
	tmSend uint8 = iota // VU sends its pending request
	tmIdle              // VU's trailing wait is over
	tmArrival
	tmRamp
	tmStart
	tmEnd
	tmHardEnd
	tmSecond
)

type timer struct {
	at   int64
	seq  uint64
	kind uint8
	vu   *vuState
	ws   *workerScenario
}

// timerHeap is a binary min-heap of timers by (at, seq), typed to avoid the
// boxing of container/heap.
type timerHeap []timer

func (h timerHeap) less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].seq < h[j].seq
}

func (h *timerHeap) push(t timer) {
	*h = append(*h, t)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *timerHeap) pop() timer {
	s := *h
	t := s[0]
	n := len(s) - 1
	s[0] = s[n]
	s[n] = timer{}
	s = s[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return t
}

// maxKeptBody is the largest body buffer a VU keeps between requests.
const maxKeptBody = 64 << 10

// rampTick is how often a ramping-vus scenario adjusts its VUs.
const rampTick = 10 * time.Millisecond

// worker is one event loop: a share of every scenario's VUs, its own
// connections, its own timers and metrics. Workers share nothing but the
// run's read-only facts and the aggregator's channel.
type worker struct {
	r        *run
	id, n    int
	tr       transport
	timers   timerHeap
	seq      uint64
	scen     []*workerScenario
	agg      *aggregator
	interval []*series // metrics since the last flush
	sec      int64     // index of the current second
	done     []*call
	iterSeq  uint64
	spanSeq  uint64
	open     int // scenarios not yet over
	timeout  int64
	wires    map[*Request]*wireRequest
}

func newWorker(r *run, id, n int, agg *aggregator) *worker {
	w := &worker{r: r, id: id, n: n, agg: agg, timeout: int64(r.opts.Timeout), wires: map[*Request]*wireRequest{}}
	w.interval = agg.newSet()
	for _, sc := range r.scenarios {
		ws := &workerScenario{runScenario: sc, nextK: int64(id)}
		for j := 0; ; j++ {
			vid := id + j*n
			if vid >= sc.vus {
				break
			}
			v := &vuState{vu: sc.Program.NewVU(vid), ws: ws}
			v.c.vu = v
			ws.vus = append(ws.vus, v)
		}
		w.scen = append(w.scen, ws)
	}
	w.open = len(w.scen)
	if r.opts.newTransport != nil {
		w.tr = r.opts.newTransport(w)
	} else {
		w.tr = newTransport(w)
	}
	return w
}

// now returns the time since the run's start, in ns, on the monotonic clock.
func (w *worker) now() int64 { return int64(time.Since(w.r.start)) }

func (w *worker) push(at int64, kind uint8, v *vuState, ws *workerScenario) {
	w.seq++
	w.timers.push(timer{at: at, seq: w.seq, kind: kind, vu: v, ws: ws})
}

// maxPollWait bounds how long a worker sleeps without looking at the stop
// channel's state through its transport.
const maxPollWait = int64(50 * time.Millisecond)

func (w *worker) loop() {
	defer w.tr.close()
	for _, ws := range w.scen {
		w.push(ws.start, tmStart, nil, ws)
		w.push(ws.end, tmEnd, nil, ws)
		w.push(ws.hardEnd, tmHardEnd, nil, ws)
	}
	w.push(int64(time.Second), tmSecond, nil, nil)
	for w.open > 0 {
		select {
		case <-w.r.stop:
			w.interruptAll()
			w.flush(true)
			return
		default:
		}
		now := w.now()
		for len(w.timers) > 0 && w.timers[0].at <= now && w.open > 0 {
			w.fire(w.timers.pop(), now)
		}
		if w.open == 0 {
			break
		}
		deadline := now + maxPollWait
		if len(w.timers) > 0 && w.timers[0].at < deadline {
			deadline = w.timers[0].at
		}
		w.done = w.tr.poll(deadline, w.r.stop, w.done[:0])
		if len(w.done) > 0 {
			now = w.now()
			for i, c := range w.done {
				w.complete(c, now)
				w.done[i] = nil
			}
		}
	}
	w.flush(true)
}

func (w *worker) fire(t timer, now int64) {
	switch t.kind {
	case tmSend:
		v := t.vu
		if v.ws.over {
			return
		}
		req := v.pending
		v.pending = nil
		w.send(v, req, t.at)
	case tmIdle:
		v := t.vu
		v.waiting = false
		if v.ws.over {
			return
		}
		w.idle(v, t.at)
	case tmArrival:
		w.arrive(t.ws, t.at)
	case tmRamp:
		w.ramp(t.ws, t.at)
	case tmStart:
		w.startScenario(t.ws, t.at)
	case tmEnd:
		ws := t.ws
		ws.running, ws.ended = false, true
		if ws.inIter == 0 {
			w.scenarioOver(ws)
		}
	case tmHardEnd:
		ws := t.ws
		if ws.over {
			return
		}
		ws.counts.interrupted += int64(ws.inIter)
		w.scenarioOver(ws)
	case tmSecond:
		w.flush(false)
		w.sec++
		w.push(int64(w.sec+1)*int64(time.Second), tmSecond, nil, nil)
	}
}

func (w *worker) startScenario(ws *workerScenario, now int64) {
	if ws.over {
		return
	}
	ws.running = true
	switch ws.Executor {
	case ConstantArrivalRate, RampingArrivalRate:
		ws.free = append(ws.free[:0], ws.vus...)
		if t, ok := ws.curve.at(ws.nextK); ok {
			w.push(ws.start+t, tmArrival, nil, ws)
		}
	case ConstantVUs:
		for _, v := range ws.vus {
			v.active = true
			w.beginIteration(v, now)
		}
		ws.active = len(ws.vus)
	case RampingVUs:
		w.ramp(ws, now)
	}
}

// arrive starts an open-model iteration meant to start at at, on a free VU,
// or counts it dropped when every VU is busy.
func (w *worker) arrive(ws *workerScenario, at int64) {
	if !ws.running {
		return
	}
	if n := len(ws.free); n == 0 {
		ws.counts.dropped++
	} else {
		v := ws.free[n-1]
		ws.free = ws.free[:n-1]
		w.beginIteration(v, at)
	}
	ws.nextK += int64(w.n)
	if t, ok := ws.curve.at(ws.nextK); ok && ws.start+t < ws.end {
		w.push(ws.start+t, tmArrival, nil, ws)
	}
}

// ramp brings the number of active VUs of a ramping-vus scenario to its
// target. VUs above the target finish their iteration and then rest.
func (w *worker) ramp(ws *workerScenario, now int64) {
	if !ws.running {
		return
	}
	target := vuTarget(ws.Scenario, now-ws.start)
	// This worker's VUs are global numbers id, id+n, id+2n, ...
	local := 0
	if target > w.id {
		local = (target - w.id + w.n - 1) / w.n
	}
	local = min(local, len(ws.vus))
	for ws.active < local {
		v := ws.vus[ws.active]
		ws.active++
		v.active = true
		if !v.inIter && !v.waiting {
			w.beginIteration(v, now)
		}
	}
	for ws.active > local {
		ws.active--
		ws.vus[ws.active].active = false
	}
	w.push(now+int64(rampTick), tmRamp, nil, ws)
}

func (w *worker) beginIteration(v *vuState, at int64) {
	ws := v.ws
	v.inIter = true
	ws.inIter++
	v.sends = 0
	w.iterSeq++
	v.iter = uint64(w.id)<<48 | w.iterSeq
	w.act(v, v.vu.Begin(), at)
}

// act carries out a VU's action; base is when the VU asked for it (for the
// first action of an open-model iteration: the scheduled arrival).
func (w *worker) act(v *vuState, a Action, base int64) {
	switch a.Kind {
	case Send:
		steps := v.ws.steps
		if a.Req == nil || a.Req.URL == nil || a.Req.Step < 0 || a.Req.Step >= len(steps) {
			// A Program bug: end the iteration as failed rather than
			// crash the run.
			w.endIteration(v, true, base, 0)
			return
		}
		v.sends++
		if a.Wait > 0 {
			v.pending = a.Req
			w.push(base+int64(a.Wait), tmSend, v, nil)
			return
		}
		w.send(v, a.Req, base)
	default:
		w.endIteration(v, a.Kind == Abort, base, a.Wait)
	}
}

func (w *worker) endIteration(v *vuState, failed bool, now int64, wait time.Duration) {
	ws := v.ws
	v.inIter = false
	ws.inIter--
	if failed {
		ws.counts.failed++
	} else {
		ws.counts.iterations++
	}
	if ws.ended && ws.inIter == 0 {
		w.scenarioOver(ws)
		return
	}
	if v.sends == 0 && wait <= 0 {
		// An iteration that sent nothing would loop without time
		// passing; let a millisecond pass.
		wait = time.Millisecond
	}
	if wait > 0 {
		v.waiting = true
		w.push(now+int64(wait), tmIdle, v, nil)
		return
	}
	w.idle(v, now)
}

// idle makes v available: for the open model, to the next arrival; for the
// closed model, it starts v's next iteration at once.
func (w *worker) idle(v *vuState, now int64) {
	ws := v.ws
	if ws.Executor.Open() {
		ws.free = append(ws.free, v)
		return
	}
	if ws.running && v.active {
		w.beginIteration(v, now)
	}
}

func (w *worker) send(v *vuState, req *Request, intended int64) {
	c := &v.c
	c.req = req
	c.step = v.ws.stepBase + req.Step
	c.info = &v.ws.steps[req.Step]
	c.intended = intended
	c.deadline = intended + w.timeout
	c.retried = false
	c.traceLo = v.iter
	w.spanSeq++
	c.span = uint64(w.id+1)<<48 | w.spanSeq
	c.resp = Response{Step: req.Step}
	w.encode(c)
	w.tr.start(c)
}

// encode puts c's request bytes in c.wire with a fresh traceparent: a copy
// of the cached encoding for a static request (the copy is what lets
// connections on other goroutines carry it while the next send patches its
// own), a fresh encoding otherwise.
func (w *worker) encode(c *call) {
	var off int
	if c.req.Static {
		wr := w.wires[c.req]
		if wr == nil {
			wr = &wireRequest{}
			wr.buf, wr.trace = encodeRequest(nil, c.req)
			w.wires[c.req] = wr
		}
		c.wire = append(c.wire[:0], wr.buf...)
		off = wr.trace
	} else {
		c.wire, off = encodeRequest(c.wire[:0], c.req)
	}
	putTrace(c.wire[off:], w.r.traceHi, c.traceLo, c.span)
}

// complete records a finished call and hands its response to its VU.
func (w *worker) complete(c *call, now int64) {
	v := c.vu
	if v.ws.over || !v.inIter {
		return // cut off by the graceful stop
	}
	if now < c.intended {
		now = c.intended
	}
	c.resp.Latency = time.Duration(now - c.intended)
	l := &w.r.layout
	bytesIn := c.resp.BodySize
	class := c.resp.Err
	if class == ErrNone && c.resp.Status >= 400 {
		class = ErrStatus
	}
	// Only the step's series is recorded per request; the total and the
	// groups are merged from the steps once a second (see flush), which
	// keeps one histogram update per request on the hot path.
	step := w.interval[l.stepSeries(c.step)]
	step.add(c.resp.Status, class, c.resp.Latency, bytesIn)
	a := v.vu.Deliver(&c.resp)
	if cap(c.bodyBuf) > maxKeptBody {
		c.bodyBuf = nil // one huge body must not pin memory for the VU's life
	}
	if a.Passed|a.Failed != 0 {
		step.addChecks(a.Passed, a.Failed, class)
	}
	w.act(v, a, now)
}

func (w *worker) scenarioOver(ws *workerScenario) {
	if ws.over {
		return
	}
	ws.over, ws.running, ws.ended = true, false, true
	ws.inIter = 0
	for _, v := range ws.vus {
		v.inIter = false
	}
	w.open--
}

// interruptAll ends the run at once (Ctrl-C, --abort-on-fail).
func (w *worker) interruptAll() {
	for _, ws := range w.scen {
		if !ws.over {
			ws.counts.interrupted += int64(ws.inIter)
			w.scenarioOver(ws)
		}
	}
}

// flush sends the metrics of the second that just ended to the aggregator
// and starts afresh.
func (w *worker) flush(final bool) {
	l := &w.r.layout
	for i := range l.steps {
		s := w.interval[l.stepSeries(i)]
		if s.requests == 0 {
			continue
		}
		w.interval[0].mergeCounts(s)
		if g := l.stepGroup[i]; g > 0 {
			w.interval[g].mergeCounts(s)
		}
	}
	iv := &interval{worker: w.id, sec: w.sec, series: w.interval, final: final}
	iv.scen = make([]scenCounts, len(w.scen))
	for i, ws := range w.scen {
		iv.scen[i] = ws.counts
		ws.counts = scenCounts{}
		iv.busy += ws.inIter
	}
	w.agg.in <- iv
	if !final {
		w.interval = w.agg.newSet()
	}
}

// maxConns is this worker's cap on connections per host: its share of
// Options.MaxConns, or by default one per VU within the share of the
// process's open-file limit that workers may use.
func (w *worker) maxConns(vus int) int {
	// More connections than files would fail to connect one by one;
	// capped, the VUs beyond share connections and wait their turn,
	// which counts in their latency instead.
	limit := max(1, ConnLimit()/w.n)
	if m := w.r.opts.MaxConns; m > 0 {
		return min(max(1, (m+w.n-1)/w.n), limit)
	}
	return max(1, min(vus, limit))
}

// ConnLimit is the most connections the engine opens at once in this
// process: its open-file limit less a reserve for everything else. A
// larger Options.MaxConns is capped to it.
func ConnLimit() int { return max(1, openFileLimit()-fileReserve) }

// fileReserve is the open files left for everything but connections:
// results, scenario data, the metrics listener, the runtime.
const fileReserve = 64

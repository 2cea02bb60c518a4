package scenario

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/plimsoll/plimsoll/loadgen"
)

// Program is one compiled scenario: its steps in journey order. It
// implements loadgen.Program; the engine makes its virtual users.
type Program struct {
	name      string
	steps     []*step
	infos     []loadgen.StepInfo
	cookies   bool
	redirects int      // most redirects followed per step
	initial   []string // each variable's value at the start of an iteration
	feeds     []*feed
	used      []int // the feeds this program's templates read
	seed      uint64
	now       func() time.Time
}

var _ loadgen.Program = (*Program)(nil)

// Name returns the scenario's name.
func (p *Program) Name() string { return p.name }

// Steps returns the step table the engine records metrics under.
func (p *Program) Steps() []loadgen.StepInfo { return p.infos }

// NewVU returns virtual user number id. It allocates only the VU's own
// state; request and body buffers come with its first request.
func (p *Program) NewVU(id int) loadgen.VU {
	v := &vu{p: p, id: id, iter: -1, rng: *rand.NewPCG(p.seed, uint64(id))}
	if len(p.initial) > 0 {
		v.vars = make([]string, len(p.initial))
	}
	if len(p.used) > 0 {
		v.rows = make([]int32, len(p.feeds))
	}
	return v
}

// finish builds the step table once the whole file is read: variables and
// feeds are known only then.
func (p *Program) finish(c *compiler) {
	p.initial = make([]string, len(c.vars))
	for i, v := range c.vars {
		p.initial[i] = v.initial
	}
	p.feeds = c.feeds
	p.seed = c.opts.Seed
	p.redirects = c.options.Redirects
	p.now = c.opts.Now
	if p.now == nil {
		p.now = time.Now
	}
	usedFeed := make([]bool, len(c.feeds))
	p.infos = make([]loadgen.StepInfo, len(p.steps))
	for i, st := range p.steps {
		st.index = i
		info := loadgen.StepInfo{
			Name:   st.name,
			Group:  st.group,
			Header: st.wantHeader || p.cookies || p.redirects > 0,
			Body:   st.wantBody,
		}
		for _, ch := range st.checks {
			info.Checks = append(info.Checks, ch.name)
		}
		p.infos[i] = info
		mark := func(s segment) {
			if s.kind == refFeed {
				usedFeed[s.a] = true
			}
		}
		if st.url != nil {
			st.url.refs(mark)
		}
		if st.body != nil {
			st.body.refs(mark)
		}
		for _, h := range st.headers {
			h.val.refs(mark)
		}
		st.fixed = st.fixedRequest()
	}
	for i, u := range usedFeed {
		if u {
			p.used = append(p.used, i)
		}
	}
}

// fixedRequest returns the step's request when nothing in it varies.
func (st *step) fixedRequest() *loadgen.Request {
	if st.fixedURL == nil {
		return nil
	}
	var hdr []loadgen.Field
	for _, h := range st.headers {
		if !h.val.static() {
			return nil
		}
		hdr = append(hdr, loadgen.Field{Name: h.name, Value: h.val.text()})
	}
	var body []byte
	if st.body != nil {
		if !st.body.static() {
			return nil
		}
		body = []byte(st.body.text())
	}
	return &loadgen.Request{Step: st.index, Method: st.method, URL: st.fixedURL, Header: hdr, Body: body, Static: true}
}

// vu is one virtual user. It is driven by one goroutine at a time, so it
// needs no locks; everything in it is its own except p.
type vu struct {
	p    *Program
	id   int
	iter int
	cur  int // index of the step whose response is awaited
	rng  rand.PCG
	vars []string
	rows []int32 // current row per feed of the file
	jar  loadgen.Jar

	req      loadgen.Request
	hdr      []loadgen.Field
	body     []byte
	buf      []byte
	lastURL  *url.URL // of the request in flight
	method   string   // of the request in flight
	withBody bool     // whether the request in flight carries the step's body
	hops     uint8    // redirects followed for the current step
}

// value returns the current value of a variable or feed reference.
func (v *vu) value(s *segment) string {
	switch s.kind {
	case refVar:
		return v.vars[s.a]
	case refFeed:
		f := v.p.feeds[s.a]
		row := f.rows[v.rows[s.a]]
		if s.b < len(row) {
			return row[s.b]
		}
	}
	return ""
}

// Begin starts an iteration: variables start afresh, each feed moves to
// this iteration's row, and the first request goes out at once.
func (v *vu) Begin() loadgen.Action {
	v.iter++
	copy(v.vars, v.p.initial)
	for _, fi := range v.p.used {
		v.rows[fi] = v.p.feeds[fi].row(v.id, v.iter)
	}
	v.cur = 0
	return v.send(0, 0, 0, 0)
}

// send asks for step i after wait, carrying the check bits of the response
// just delivered.
func (v *vu) send(i int, wait time.Duration, passed, failed uint64) loadgen.Action {
	v.cur = i
	req := v.request(v.p.steps[i])
	if req == nil {
		return loadgen.Action{Kind: loadgen.Abort, Wait: wait, Passed: passed, Failed: failed}
	}
	return loadgen.Action{Kind: loadgen.Send, Req: req, Wait: wait, Passed: passed, Failed: failed}
}

// Deliver takes the response to the current step: it stores cookies, runs
// the checks and extractions, and moves on after the step's think time. A
// transport error or a failed check ends the iteration: a journey that
// went wrong does not go on as if it had not.
func (v *vu) Deliver(r *loadgen.Response) loadgen.Action {
	st := v.p.steps[v.cur]
	if v.p.cookies && len(r.Header) > 0 && v.lastURL != nil {
		v.jar.Update(v.lastURL, r, v.p.now())
	}
	if r.Err == loadgen.ErrNone {
		if req := v.redirect(st, r); req != nil {
			return loadgen.Action{Kind: loadgen.Send, Req: req}
		}
	}
	wait := st.think.sample(&v.rng)
	if r.Err != loadgen.ErrNone && r.Err != loadgen.ErrCheck {
		return loadgen.Action{Kind: loadgen.Abort, Wait: wait}
	}
	passed, failed := v.evaluate(st, r)
	if failed != 0 {
		return loadgen.Action{Kind: loadgen.Abort, Wait: wait, Passed: passed, Failed: failed}
	}
	if v.cur+1 == len(v.p.steps) {
		return loadgen.Action{Kind: loadgen.Done, Wait: wait, Passed: passed}
	}
	return v.send(v.cur+1, wait, passed, 0)
}

// request builds the request for st, reusing the VU's buffers. It returns
// nil when a templated URL does not render to a valid one.
func (v *vu) request(st *step) *loadgen.Request {
	u := st.fixedURL
	if u == nil {
		v.buf = st.url.appendTo(v.buf[:0], v)
		parsed, err := url.Parse(string(v.buf))
		if err != nil || parsed.Host == "" {
			return nil
		}
		u = parsed
	}
	v.hops = 0
	return v.build(st, u, st.method, true)
}

// build makes st's request to u with method, with st's body or without.
func (v *vu) build(st *step, u *url.URL, method string, withBody bool) *loadgen.Request {
	v.lastURL, v.method, v.withBody = u, method, withBody
	cookie := ""
	if v.p.cookies && v.jar.Len() > 0 {
		cookie = v.jar.Header(u, v.p.now())
	}
	if st.fixed != nil && cookie == "" && u == st.fixedURL && withBody {
		return st.fixed
	}
	v.hdr = v.hdr[:0]
	for i := range st.headers {
		h := &st.headers[i]
		if h.optional && v.anyEmpty(h.slots) {
			continue
		}
		if !withBody && st.body != nil && strings.EqualFold(h.name, "Content-Type") {
			continue
		}
		val := h.fixed
		if !h.isFixed {
			v.buf = h.val.appendTo(v.buf[:0], v)
			if bytes.ContainsAny(v.buf, "\r\n") {
				return nil
			}
			val = string(v.buf)
		}
		v.hdr = append(v.hdr, loadgen.Field{Name: h.name, Value: val})
	}
	if cookie != "" {
		v.hdr = append(v.hdr, loadgen.Field{Name: "Cookie", Value: cookie})
	}
	v.body = v.body[:0]
	if withBody && st.body != nil {
		v.body = st.body.appendTo(v.body, v)
	}
	v.req = loadgen.Request{Step: st.index, Method: method, URL: u, Header: v.hdr, Body: v.body}
	return &v.req
}

// redirect returns the request that follows r, a redirect answering st,
// or nil when r is not one to follow: not a 301, 302, 303, 307 or 308,
// no Location, the VU's hops used up, or another host. Load never follows
// a redirect to another host: the run would send traffic where nobody
// aimed it.
func (v *vu) redirect(st *step, r *loadgen.Response) *loadgen.Request {
	if int(v.hops) >= v.p.redirects || v.lastURL == nil {
		return nil
	}
	switch r.Status {
	case 301, 302, 303, 307, 308:
	default:
		return nil
	}
	loc, ok := headerValue(r, "Location")
	if !ok || loc == "" {
		return nil
	}
	next, err := v.lastURL.Parse(loc)
	if err != nil || next.Scheme != v.lastURL.Scheme || next.Host != v.lastURL.Host {
		return nil
	}
	next.Fragment, next.RawFragment = "", ""
	method, withBody := v.method, v.withBody
	if r.Status <= 303 && method != "HEAD" {
		// 301, 302 and 303 turn into a GET without the body, as browsers do.
		method, withBody = "GET", false
	}
	v.hops++
	return v.build(st, next, method, withBody)
}

func (v *vu) anyEmpty(slots []int) bool {
	for _, s := range slots {
		if v.vars[s] == "" {
			return true
		}
	}
	return false
}

// evaluate runs st's checks on r, in the order of StepInfo.Checks, and
// stores what its extractions find.
func (v *vu) evaluate(st *step, r *loadgen.Response) (passed, failed uint64) {
	var doc any
	decoded := false
	document := func() (any, bool) {
		if !decoded {
			decoded = true
			if r.Truncated || len(r.Body) == 0 {
				return nil, false
			}
			d := json.NewDecoder(bytes.NewReader(r.Body))
			d.UseNumber()
			if err := d.Decode(&doc); err != nil {
				doc = nil
			}
		}
		return doc, doc != nil
	}
	for i, ch := range st.checks {
		ok := false
		switch ch.kind {
		case checkStatus:
			for _, rg := range ch.status {
				if r.Status >= rg.lo && r.Status <= rg.hi {
					ok = true
					break
				}
			}
		case checkHeader:
			val, found := headerValue(r, ch.header)
			ok = ch.pred.test(val, found, v)
		case checkBodyContains:
			ok = bytes.Contains(r.Body, ch.needle)
		case checkBodyMatches:
			ok = ch.re.Match(r.Body)
		case checkJSONPath:
			if d, okDoc := document(); okDoc {
				val, found := first(ch.path.Select(d))
				ok = ch.pred.test(val, found, v)
			}
		case checkExtract:
			x := ch.extract
			var val string
			switch {
			case x.path != nil:
				if d, okDoc := document(); okDoc {
					val, ok = first(x.path.Select(d))
				}
			case x.re != nil && x.header != "":
				h, found := headerValue(r, x.header)
				if m := x.re.FindStringSubmatch(h); found && m != nil {
					val, ok = strings.Clone(m[x.group]), true
				}
			case x.re != nil:
				if m := x.re.FindSubmatch(r.Body); m != nil {
					val, ok = string(m[x.group]), true
				}
			default:
				val, ok = headerValue(r, x.header)
				val = strings.Clone(val)
			}
			if ok {
				v.vars[x.slot] = val
			}
		}
		if ok {
			passed |= 1 << i
		} else {
			failed |= 1 << i
		}
	}
	return passed, failed
}

// headerValue returns the first field named name and whether there is one.
func headerValue(r *loadgen.Response, name string) (string, bool) {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// first renders the first selected JSON node as text: a string as itself,
// anything else as JSON.
func first(nodes []any) (string, bool) {
	if len(nodes) == 0 {
		return "", false
	}
	switch x := nodes[0].(type) {
	case string:
		return x, true
	case json.Number:
		return string(x), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	case nil:
		return "null", true
	}
	b, err := json.Marshal(nodes[0])
	if err != nil {
		return "", false
	}
	return string(b), true
}

package loadgen

import (
	"net/url"
	"strings"
	"time"
)

// Program is a user journey: the fixed table of its steps and a factory of
// virtual users that walk it. The engine calls NewVU once per virtual user,
// up front, and then drives every VU from its event loop; a Program must not
// start goroutines of its own per VU.
//
// Helper loadgen/scenario turns a scenario file into a Program; [URLProgram]
// is the Program of a bare URL.
type Program interface {
	// Steps lists every request a VU of this program may send. A Request
	// names its step by index into this slice, and the engine records
	// latency, status codes, errors and check results per step, per group
	// and overall. The slice must not change after the first call.
	Steps() []StepInfo
	// NewVU returns virtual user number id (0, 1, 2, ...). VUs run
	// concurrently with one another but each VU's methods are called from
	// one goroutine at a time, so a VU needs no locking of its own state;
	// state shared between VUs (a CSV feed, say) does.
	NewVU(id int) VU
}

// StepInfo describes one step of a Program: how it is named in the results
// and what of the response its VU needs to see.
type StepInfo struct {
	// Name is the step's metric name, unique within the Program, for
	// example "login" or "GET /cart".
	Name string
	// Group is the named group the step belongs to ("checkout"), whose
	// latency is recorded on its own as well; "" for none.
	Group string
	// Header asks the engine to deliver the response header fields in
	// Response.Header. Without it the engine parses only what HTTP needs
	// (status, framing), which is what keeps the hot path free of
	// allocation.
	Header bool
	// Body asks the engine to deliver the response body in Response.Body,
	// up to the engine's body limit. Without it the body is read and
	// discarded as it arrives, never buffered whole.
	Body bool
	// Checks names the checks the VU evaluates on this step's responses,
	// in the order of the bits of Action.Passed and Action.Failed. At most
	// 64.
	Checks []string
}

// MaxChecks is the number of checks a step may have: one bit each in
// Action.Passed and Action.Failed.
const MaxChecks = 64

// VU is one virtual user: a state machine that the engine advances with the
// outcome of each request. Between calls a VU costs only its own memory, so
// a Program should keep a VU's state small (its variables, its cookies, its
// position in the journey).
//
// An iteration is one walk of the journey: Begin, then one Deliver per Send,
// until an Action of kind Done or Abort. The open-model executors start an
// iteration on a free VU at each arrival; the closed-model ones start the
// next iteration on the same VU as soon as the last one ended (after its
// Action.Wait, the think time).
type VU interface {
	// Begin starts an iteration and returns its first action.
	Begin() Action
	// Deliver hands the VU the response to its last Send, or the class of
	// error that prevented one, and returns the next action. The Response
	// and everything it points to belong to the engine and are valid only
	// until Deliver returns: copy what must be kept (an extracted token,
	// a cookie).
	Deliver(r *Response) Action
}

// ActionKind says what a VU wants next.
type ActionKind uint8

// The kinds of Action. Done is the zero value.
const (
	// Done ends the iteration normally.
	Done ActionKind = iota
	// Send sends Action.Req, after Action.Wait.
	Send
	// Abort ends the iteration early because it cannot go on (a value to
	// extract was missing, say); the engine counts the iteration as
	// failed.
	Abort
)

func (k ActionKind) String() string {
	switch k {
	case Done:
		return "done"
	case Send:
		return "send"
	case Abort:
		return "abort"
	}
	return "action(" + itoa(int(k)) + ")"
}

// Action is what a VU wants next. It is returned by value, so producing one
// costs no allocation.
type Action struct {
	Kind ActionKind
	// Req is the request to send when Kind is Send. The engine reads it
	// until the response is delivered; the VU must not change it before
	// then (and never, if Req.Static is set).
	Req *Request
	// Wait is think time. With Send, the request is sent Wait after the
	// action was returned, and its latency is measured from then. With
	// Done or Abort, the VU stays busy for Wait before its next iteration
	// (closed model) or before it is free for another arrival (open model).
	Wait time.Duration
	// Passed and Failed report the checks evaluated on the response just
	// delivered: bit i stands for StepInfo.Checks[i] of that response's
	// step. A response with any failed check is counted as an error of
	// class ErrCheck. Both are ignored in the Action returned by Begin.
	Passed, Failed uint64
}

// Field is one HTTP header field. Names are matched case-insensitively.
type Field struct {
	Name, Value string
}

// Request is one HTTP request a VU wants sent.
type Request struct {
	// Step is the index, in Program.Steps, of the step this request is
	// recorded under.
	Step int
	// Method is the HTTP method; "" means GET.
	Method string
	// URL is absolute: scheme http or https, a host, and a path. Its host
	// chooses the connection pool.
	URL *url.URL
	// Header holds the fields to send, in order. The engine adds Host
	// (from URL, unless Header has one), Content-Length (when there is a
	// body), User-Agent (unless Header has one) and a W3C traceparent
	// field; Header should not carry those framing fields itself.
	Header []Field
	// Body is sent as is, with its length as Content-Length.
	Body []byte
	// Static promises that the request will never change, so the engine
	// may encode it once and reuse the bytes for every send. A bare-URL
	// run is one static request; scenario steps without templating can be
	// static too.
	Static bool
}

// Response is the outcome of one request, as delivered to VU.Deliver.
type Response struct {
	// Step is the step of the request this answers.
	Step int
	// Err is the class of error that prevented a complete response, or
	// ErrNone. With an error, Status is 0 or (for ErrProtocol after the
	// status line, say) the status that was read.
	Err ErrorClass
	// Status is the HTTP status code.
	Status int
	// Proto is "HTTP/1.1" or "HTTP/2.0".
	Proto string
	// Header holds the response header fields, in order, when the step's
	// StepInfo.Header is set; nil otherwise.
	Header []Field
	// Body holds the response body when the step's StepInfo.Body is set,
	// up to the engine's body limit (see Truncated); nil otherwise.
	Body []byte
	// Truncated reports that the body was longer than the engine's limit
	// and Body holds only its beginning.
	Truncated bool
	// BodySize is the number of body bytes received, whether delivered or
	// not.
	BodySize int64
	// Latency runs from the request's intended send time to the end of
	// the response (or the error).
	Latency time.Duration
}

// Get returns the value of the first header field named name (compared
// case-insensitively), or "" if the response has none or its step did not
// ask for headers.
func (r *Response) Get(name string) string {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns the values of every header field named name, in order. It
// allocates; use Get for a single-valued field.
func (r *Response) Values(name string) []string {
	var vs []string
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// ErrorClass says why a request has no complete, successful response.
// Results count errors per class.
type ErrorClass uint8

// The error classes. Their String forms are the names used in the results
// file and the summary; never rename one.
const (
	ErrNone     ErrorClass = iota
	ErrConnect             // no connection: refused, unreachable, too many open files
	ErrTimeout             // no complete response within the request timeout
	ErrReset               // the peer reset or closed the connection mid-exchange
	ErrTLS                 // TLS handshake or certificate failure
	ErrProtocol            // the response broke HTTP (bad status line, bad framing, header too large)
	ErrCheck               // the response arrived but a check failed
	ErrStatus              // the response arrived with a status of 400 or above (recorded by the engine; never in a delivered Response)
	numErrorClasses
)

var errorClassNames = [numErrorClasses]string{"", "connect", "timeout", "reset", "tls", "protocol", "check", "status"}

func (c ErrorClass) String() string {
	if c < numErrorClasses {
		return errorClassNames[c]
	}
	return "error(" + itoa(int(c)) + ")"
}

// ParseErrorClass returns the class whose String is s.
func ParseErrorClass(s string) (ErrorClass, bool) {
	for i := ErrConnect; i < numErrorClasses; i++ {
		if errorClassNames[i] == s {
			return i, true
		}
	}
	return ErrNone, false
}

// URLProgram is the Program of a bare URL: every iteration sends one static
// request, recorded under a single step, and then thinks for Think (closed
// model). It follows no redirects and evaluates no checks; a non-2xx status
// is recorded as such, not as an error.
type URLProgram struct {
	req   Request
	steps []StepInfo
	think time.Duration
}

// NewURLProgram returns the Program that sends method (GET if "") to u with
// header and body, then waits think before its next iteration.
func NewURLProgram(method string, u *url.URL, header []Field, body []byte, think time.Duration) *URLProgram {
	if method == "" {
		method = "GET"
	}
	name := method + " " + u.EscapedPath()
	if u.EscapedPath() == "" {
		name = method + " /"
	}
	return &URLProgram{
		req:   Request{Method: method, URL: u, Header: header, Body: body, Static: true},
		steps: []StepInfo{{Name: name}},
		think: think,
	}
}

// Steps returns the program's single step.
func (p *URLProgram) Steps() []StepInfo { return p.steps }

// NewVU returns a VU; all of them share the one static request.
func (p *URLProgram) NewVU(int) VU { return urlVU{p} }

type urlVU struct{ p *URLProgram }

func (v urlVU) Begin() Action { return Action{Kind: Send, Req: &v.p.req} }

func (v urlVU) Deliver(*Response) Action { return Action{Kind: Done, Wait: v.p.think} }

// itoa formats small integers without pulling fmt into the hot path.
func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

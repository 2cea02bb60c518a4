package scenariotest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/plimsoll/plimsoll/loadgen"
)

// Exchange is one request a virtual user sent and what became of it.
type Exchange struct {
	Step   string // the step's name
	Method string
	URL    string
	Header []loadgen.Field
	Body   string
	Status int
	Err    loadgen.ErrorClass
	// Wait is the think time asked before this request.
	Wait time.Duration
	// Passed and Failed name the checks the VU reported on the response.
	Passed, Failed []string
}

// Iteration is one walk of the journey.
type Iteration struct {
	Exchanges []Exchange
	// End is the action that ended it: Done or Abort.
	End loadgen.ActionKind
	// Wait is the think time asked after the last response.
	Wait time.Duration
}

// BodyLimit is how much of a response body Drive delivers.
const BodyLimit = 1 << 20

// maxSteps bounds one iteration, in case a Program never ends one.
const maxSteps = 1000

// Drive runs n iterations of virtual user vu of p, sending each request
// with client and ignoring think times (it reports them instead).
func Drive(ctx context.Context, client *http.Client, p loadgen.Program, vu loadgen.VU, n int) ([]Iteration, error) {
	steps := p.Steps()
	var out []Iteration
	for range n {
		var it Iteration
		a := vu.Begin()
		for a.Kind == loadgen.Send {
			if len(it.Exchanges) >= maxSteps {
				return out, errors.New("iteration did not end within 1000 requests")
			}
			info := steps[a.Req.Step]
			ex, resp := send(ctx, client, a.Req, info)
			ex.Wait = a.Wait
			a = vu.Deliver(resp)
			ex.Passed, ex.Failed = names(info.Checks, a.Passed), names(info.Checks, a.Failed)
			it.Exchanges = append(it.Exchanges, ex)
		}
		it.End, it.Wait = a.Kind, a.Wait
		out = append(out, it)
	}
	return out, nil
}

func names(checks []string, bits uint64) []string {
	var out []string
	for i, c := range checks {
		if bits&(1<<i) != 0 {
			out = append(out, c)
		}
	}
	return out
}

func send(ctx context.Context, client *http.Client, r *loadgen.Request, info loadgen.StepInfo) (Exchange, *loadgen.Response) {
	method := r.Method
	if method == "" {
		method = "GET"
	}
	ex := Exchange{Step: info.Name, Method: method, URL: r.URL.String(), Header: append([]loadgen.Field(nil), r.Header...), Body: string(r.Body)}
	resp := &loadgen.Response{Step: r.Step}
	req, err := http.NewRequestWithContext(ctx, method, r.URL.String(), bytes.NewReader(r.Body))
	if err != nil {
		resp.Err, ex.Err = loadgen.ErrProtocol, loadgen.ErrProtocol
		return ex, resp
	}
	for _, f := range r.Header {
		req.Header.Add(f.Name, f.Value)
	}
	start := time.Now()
	hr, err := client.Do(req)
	if err != nil {
		resp.Err = classify(err)
		ex.Err = resp.Err
		return ex, resp
	}
	defer hr.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hr.Body, BodyLimit+1))
	resp.Latency = time.Since(start)
	if err != nil {
		resp.Err, ex.Err = loadgen.ErrReset, loadgen.ErrReset
		return ex, resp
	}
	resp.Status, ex.Status = hr.StatusCode, hr.StatusCode
	resp.Proto = hr.Proto
	resp.BodySize = int64(len(body))
	if info.Header {
		for name, vals := range hr.Header {
			for _, v := range vals {
				resp.Header = append(resp.Header, loadgen.Field{Name: name, Value: v})
			}
		}
	}
	if info.Body {
		if len(body) > BodyLimit {
			body, resp.Truncated = body[:BodyLimit], true
		}
		resp.Body = body
	}
	return ex, resp
}

func classify(err error) loadgen.ErrorClass {
	var ne net.Error
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return loadgen.ErrTimeout
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return loadgen.ErrConnect
	}
	return loadgen.ErrReset
}

package loadgen

import (
	"context"
	"net/url"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeTransport answers every call after a delay chosen by a function of
// the time it was sent, on fake time (testing/synctest), so pacing and
// latency can be checked to the microsecond.
type fakeTransport struct {
	w      *worker
	server func(sent time.Duration) (delay time.Duration, status int)
	done   chan *call
	closed chan struct{}
	wg     sync.WaitGroup
	mu     *sync.Mutex
	sent   *[]time.Duration // when each call was started, since the run's start
}

func (t *fakeTransport) start(c *call) {
	now := time.Duration(t.w.now())
	t.mu.Lock()
	*t.sent = append(*t.sent, now)
	t.mu.Unlock()
	delay, status := t.server(now)
	timeout := time.Duration(c.deadline) - now
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		if delay > timeout {
			delay = timeout
			c.resp.Err = ErrTimeout
		} else {
			c.resp.Status = status
		}
		select {
		case <-time.After(delay):
		case <-t.closed:
			return
		}
		select {
		case t.done <- c:
		case <-t.closed:
		}
	}()
}

func (t *fakeTransport) poll(deadline int64, stop <-chan struct{}, done []*call) []*call {
	d := time.Duration(deadline - t.w.now())
	if d > 0 {
		tm := time.NewTimer(d)
		select {
		case c := <-t.done:
			done = append(done, c)
		case <-tm.C:
		case <-stop:
		}
		tm.Stop()
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

func (t *fakeTransport) close() {
	close(t.closed)
	t.wg.Wait()
}

// fakeRun runs scenarios against a fake server on fake time and returns the
// results and the send times.
func fakeRun(t *testing.T, ctx context.Context, opts Options, server func(time.Duration) (time.Duration, int), scenarios ...Scenario) (*Result, []time.Duration) {
	t.Helper()
	var mu sync.Mutex
	var sent []time.Duration
	opts.newTransport = func(w *worker) transport {
		return &fakeTransport{w: w, server: server, done: make(chan *call, 1<<16), closed: make(chan struct{}), mu: &mu, sent: &sent}
	}
	if opts.Workers == 0 {
		opts.Workers = 1
	}
	res, err := Run(ctx, scenarios, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res, sent
}

func fixedDelay(d time.Duration) func(time.Duration) (time.Duration, int) {
	return func(time.Duration) (time.Duration, int) { return d, 200 }
}

var testURL, _ = url.Parse("http://127.0.0.1:9/")

func urlScenario(s Scenario) Scenario {
	if s.Name == "" {
		s.Name = "default"
	}
	if s.Program == nil {
		s.Program = NewURLProgram("GET", testURL, nil, nil, 0)
	}
	return s
}

const ms = time.Millisecond

func TestOpenModelPacing(t *testing.T) {
	for _, workers := range []int{1, 3} {
		synctest.Test(t, func(t *testing.T) {
			res, sent := fakeRun(t, context.Background(), Options{Workers: workers}, fixedDelay(10*ms),
				urlScenario(Scenario{Executor: ConstantArrivalRate, Rate: 200, Duration: time.Second}))
			if got := res.Total.Requests; got != 200 {
				t.Errorf("workers %d: requests = %d, want 200", workers, got)
			}
			// Each arrival is sent exactly on schedule: k × 5ms.
			seen := map[time.Duration]bool{}
			for _, s := range sent {
				if s%(5*ms) != 0 {
					t.Errorf("workers %d: request sent at %v, not on the 5ms grid", workers, s)
					break
				}
				seen[s] = true
			}
			if len(seen) != 200 {
				t.Errorf("workers %d: %d distinct send times, want 200", workers, len(seen))
			}
			l := res.Total.Latency
			if !within(l.Min, 10000) || !within(l.P50, 10000) || !within(l.Max, 10000) {
				t.Errorf("workers %d: latency min/p50/max = %d/%d/%d µs, want 10000 each", workers, l.Min, l.P50, l.Max)
			}
			if sc := res.Scenarios[0]; sc.Iterations != 200 || sc.Dropped != 0 {
				t.Errorf("workers %d: iterations %d dropped %d, want 200 and 0", workers, sc.Iterations, sc.Dropped)
			}
		})
	}
}

// TestStalledServerInflatesOpenModelLatency is the coordinated-omission
// test: the server answers nothing between 200ms and 400ms, then everything
// at once. The open model's latencies count from when each request was due,
// so the ones that arrived during the stall wait up to 200ms and the
// percentiles show it; the closed model's single VU, which sends nothing
// while it waits, records one slow request and hides the stall.
func TestStalledServerInflatesOpenModelLatency(t *testing.T) {
	stall := func(sent time.Duration) (time.Duration, int) {
		if sent >= 200*ms && sent < 400*ms {
			return 400*ms - sent + ms, 200
		}
		return ms, 200
	}
	synctest.Test(t, func(t *testing.T) {
		open, _ := fakeRun(t, context.Background(), Options{}, stall,
			urlScenario(Scenario{Executor: ConstantArrivalRate, Rate: 1000, Duration: time.Second, MaxVUs: 1000}))
		if got := open.Total.Requests; got != 1000 {
			t.Errorf("open: requests = %d, want all 1000 sent on schedule", got)
		}
		// 200 of 1000 requests (20 %) fell in the stall, waiting 1..201 ms.
		if p90, p99 := open.Total.Latency.P90, open.Total.Latency.P99; p90 < 100_000 || p99 < 180_000 {
			t.Errorf("open: p90 %dµs p99 %dµs; want the stall to show (≥100ms, ≥180ms)", p90, p99)
		}
		closed, _ := fakeRun(t, context.Background(), Options{}, stall,
			urlScenario(Scenario{Executor: ConstantVUs, VUs: 1, Duration: time.Second}))
		if p99 := closed.Total.Latency.P99; p99 > 2000 {
			t.Errorf("closed: p99 %dµs; a single VU was expected to hide the stall", p99)
		}
	})
}

func TestOpenModelCountsDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// 95ms, not 100: an answer due at the very instant of an arrival
		// could be seen before or after it.
		res, _ := fakeRun(t, context.Background(), Options{}, fixedDelay(95*ms),
			urlScenario(Scenario{Executor: ConstantArrivalRate, Rate: 100, Duration: time.Second, MaxVUs: 2}))
		sc := res.Scenarios[0]
		if sc.Iterations+sc.Dropped != 100 {
			t.Errorf("iterations %d + dropped %d = %d, want 100 arrivals", sc.Iterations, sc.Dropped, sc.Iterations+sc.Dropped)
		}
		// Two slots busy 95ms each serve 20 arrivals a second.
		if sc.Iterations != 20 {
			t.Errorf("iterations = %d, want 20", sc.Iterations)
		}
		if res.Timeline[0].Dropped == 0 {
			t.Errorf("timeline[0].dropped = 0, want the drops shown per second")
		}
	})
}

func TestClosedModelThinkTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		res, sent := fakeRun(t, context.Background(), Options{}, fixedDelay(10*ms),
			urlScenario(Scenario{Executor: ConstantVUs, VUs: 2, Duration: time.Second,
				Program: NewURLProgram("GET", testURL, nil, nil, 100*ms)}))
		// Each VU: send at 0, 110, ..., 990ms: 10 iterations.
		if got := res.Total.Requests; got != 20 {
			t.Errorf("requests = %d, want 20", got)
		}
		for _, s := range sent {
			if s%(110*ms) != 0 {
				t.Errorf("sent at %v, want multiples of 110ms", s)
			}
		}
		if got := res.Scenarios[0].Iterations; got != 20 {
			t.Errorf("iterations = %d, want 20", got)
		}
	})
}

func TestRampingArrivalRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		res, sent := fakeRun(t, context.Background(), Options{}, fixedDelay(ms),
			urlScenario(Scenario{Executor: RampingArrivalRate, Rate: 0, Stages: []Stage{{time.Second, 100}, {time.Second, 100}}}))
		// The integral of the rate: 50 in the ramp, 100 at the plateau.
		if got := res.Total.Requests; got != 150 {
			t.Errorf("requests = %d, want 150", got)
		}
		ramp := 0
		for _, s := range sent {
			if s < time.Second {
				ramp++
			}
		}
		if ramp != 50 {
			t.Errorf("%d requests in the ramp, want 50", ramp)
		}
		// Arrival k of the ramp falls at sqrt(k/50) s: the 25th at ~707ms.
		if len(sent) > 25 {
			if got := sent[25]; got < 705*ms || got > 709*ms {
				t.Errorf("arrival 25 at %v, want ~707ms", got)
			}
		}
	})
}

func TestRampingVUs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		res, _ := fakeRun(t, context.Background(), Options{Workers: 2}, fixedDelay(10*ms),
			urlScenario(Scenario{Executor: RampingVUs, VUs: 0, Stages: []Stage{{time.Second, 10}, {time.Second, 10}, {time.Second, 0}}}))
		var peak int
		for _, s := range res.Timeline {
			peak = max(peak, s.VUs)
		}
		if peak != 10 {
			t.Errorf("peak VUs = %d, want 10", peak)
		}
		// Second 2 runs all 10 VUs flat out: 100 requests per VU.
		if got := res.Timeline[1].Requests; got < 950 || got > 1010 {
			t.Errorf("second 2: %d requests, want ~1000", got)
		}
		if last := res.Timeline[len(res.Timeline)-1]; last.VUs != 0 {
			t.Errorf("VUs at the end = %d, want 0", last.VUs)
		}
	})
}

func TestGracefulStopAndTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		res, _ := fakeRun(t, context.Background(), Options{GracefulStop: 500 * ms, Timeout: time.Hour}, fixedDelay(time.Hour),
			urlScenario(Scenario{Executor: ConstantVUs, VUs: 3, Duration: time.Second}))
		if took := time.Since(start); took != 1500*ms {
			t.Errorf("run took %v, want 1.5s (duration + graceful stop)", took)
		}
		if got := res.Scenarios[0].Interrupted; got != 3 {
			t.Errorf("interrupted = %d, want 3", got)
		}
		res, _ = fakeRun(t, context.Background(), Options{Timeout: 300 * ms}, fixedDelay(time.Hour),
			urlScenario(Scenario{Executor: ConstantVUs, VUs: 1, Duration: time.Second}))
		// Timeouts at 300, 600, 900 and 1200ms (the last within the graceful stop).
		if got := res.Total.ErrorClasses["timeout"]; got != 4 {
			t.Errorf("timeouts = %d, want 4", got)
		}
		if got := res.Total.Latency.P50; !within(got, 300_000) {
			t.Errorf("timeout latency p50 = %dµs, want 300000", got)
		}
	})
}

func TestInterruptKeepsPartialResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 2500*ms)
		defer cancel()
		start := time.Now()
		res, _ := fakeRun(t, ctx, Options{}, fixedDelay(10*ms),
			urlScenario(Scenario{Executor: ConstantArrivalRate, Rate: 100, Duration: time.Minute}))
		if took := time.Since(start); took != 2500*ms {
			t.Errorf("run took %v, want 2.5s", took)
		}
		if !res.Interrupted {
			t.Error("Interrupted = false, want true")
		}
		// The 250th answer is due at the very instant of the interrupt.
		if got := res.Total.Requests; got != 249 && got != 250 {
			t.Errorf("requests = %d, want 249 or 250", got)
		}
		if len(res.Timeline) != 3 {
			t.Errorf("%d timeline rows, want 3 (two whole seconds and a half)", len(res.Timeline))
		}
	})
}

func TestProgressAbort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		opts := Options{Progress: func(p *Progress) bool {
			if !p.Final {
				calls++
			}
			return p.Result().Total.Requests >= 150
		}}
		res, _ := fakeRun(t, context.Background(), opts, fixedDelay(10*ms),
			urlScenario(Scenario{Executor: ConstantArrivalRate, Rate: 100, Duration: time.Minute}))
		if !res.Aborted || res.Interrupted {
			t.Errorf("aborted %v interrupted %v, want true, false", res.Aborted, res.Interrupted)
		}
		if got := res.Total.Requests; got < 199 || got > 202 {
			t.Errorf("requests = %d, want the run stopped just after 200", got)
		}
		if calls != 2 {
			t.Errorf("progress called %d times, want 2 before the final one", calls)
		}
	})
}

func TestSeveralScenarios(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		u2, _ := url.Parse("http://127.0.0.1:9/b")
		res, _ := fakeRun(t, context.Background(), Options{}, fixedDelay(ms),
			urlScenario(Scenario{Name: "a", Executor: ConstantArrivalRate, Rate: 10, Duration: time.Second}),
			urlScenario(Scenario{Name: "b", Executor: ConstantArrivalRate, Rate: 20, Duration: time.Second, StartAfter: time.Second,
				Program: NewURLProgram("POST", u2, nil, []byte("x"), 0)}))
		if len(res.Steps) != 2 || res.Steps[0].Requests != 10 || res.Steps[1].Requests != 20 {
			t.Fatalf("steps = %+v, want a: 10 and b: 20 requests", res.Steps)
		}
		if res.Steps[1].Name != "POST /b" || res.Steps[1].Scenario != "b" {
			t.Errorf("step 2 = %s/%s, want b/POST /b", res.Steps[1].Scenario, res.Steps[1].Name)
		}
		if got := res.Timeline[0].Requests; got != 10 {
			t.Errorf("second 1: %d requests, want only scenario a's 10", got)
		}
	})
}

// within reports whether the histogram's figure got is want to the
// histogram's resolution (three significant digits: 0.1 %).
func within(got, want int64) bool {
	d := got - want
	if d < 0 {
		d = -d
	}
	return d*1000 <= want
}

// TestFindMax searches against a fake server that holds up to 400
// requests a second: below that it answers in 1ms, above it every answer
// takes longer the more the rate exceeds it, so the 50ms p99 threshold
// fails.
func TestFindMax(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var window []time.Duration
		server := func(sent time.Duration) (time.Duration, int) {
			mu.Lock()
			defer mu.Unlock()
			if len(window) > 0 && sent < window[len(window)-1] {
				window = window[:0] // a new trial: its clock starts again
			}
			window = append(window, sent)
			for len(window) > 0 && window[0] <= sent-time.Second {
				window = window[1:]
			}
			if len(window) > 400 {
				return 100 * ms, 200
			}
			return ms, 200
		}
		var trials []FindMaxStep
		res, err := FindMax(context.Background(), []Scenario{urlScenario(Scenario{Executor: ConstantVUs, VUs: 1, Duration: time.Second})},
			Options{Workers: 1, newTransport: func(w *worker) transport {
				var m sync.Mutex
				var sent []time.Duration
				return &fakeTransport{w: w, server: server, done: make(chan *call, 1<<16), closed: make(chan struct{}), mu: &m, sent: &sent}
			}},
			FindMaxOptions{Start: 100, Trial: 2 * time.Second, Judge: func(r *Result) bool {
				p99, ok := r.Quantile("", 99)
				return ok && p99 < 50*ms
			}, Criteria: "p99 < 50ms", OnTrial: func(s FindMaxStep) { trials = append(trials, s) }})
		if err != nil {
			t.Fatal(err)
		}
		f := res.FindMax
		if f == nil {
			t.Fatal("no FindMax in the results")
		}
		// 100, 200, 400 hold; 800 fails; bisection closes in on 400.
		if f.Rate < 380 || f.Rate > 400 {
			t.Errorf("highest rate that held = %v, want 380..400; trials %+v", f.Rate, trials)
		}
		if len(trials) < 5 || !trials[0].OK || trials[3].OK || trials[3].Rate != 800 {
			t.Errorf("trials = %+v, want 100, 200, 400 held, 800 failed, then bisection", trials)
		}
		if f.Latency.P99 > 2000 || f.Achieved < f.Rate*0.95 {
			t.Errorf("latency at the highest rate = %+v, achieved %v; want the figures of that trial", f.Latency, f.Achieved)
		}
		if res.Scenarios[0].Rate != f.Rate {
			t.Errorf("results are of the trial at %v, want the highest that held, %v", res.Scenarios[0].Rate, f.Rate)
		}
	})
}

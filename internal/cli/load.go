package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	"github.com/plimsoll/plimsoll/loadgen"
	"github.com/plimsoll/plimsoll/loadgen/prom"
	"github.com/plimsoll/plimsoll/loadgen/scenario"
	"github.com/plimsoll/plimsoll/loadgen/threshold"
)

// loadRunOptions are the flags of `plimsoll load` (loadOptions are the
// audit loaders').
type loadRunOptions struct {
	rate         string
	vus          int
	maxVUs       int
	think        time.Duration
	duration     time.Duration
	method       string
	headers      []string
	body         string
	out          string
	format       string
	maxConns     int
	timeout      time.Duration
	gracefulStop time.Duration
	insecure     bool
	http2        bool
	abortOnFail  bool
	metricsAddr  string
	findMax      bool
	thresholds   []string
	quiet        bool
}

func newLoadCmd(e *env) *cobra.Command {
	var o loadRunOptions
	cmd := &cobra.Command{
		Use:   "load URL|SCENARIO.yaml",
		Short: "Load-test an HTTP service and find where it breaks",
		Long: `Load-test an HTTP service with an open model (a fixed arrival rate: latency
counts from when each request was due, so a stalled server shows in the
percentiles) or a closed model (virtual users that send, then think).

With a scenario file (see docs/scenario.md), virtual users walk user paths
with checks, extraction, think time, stages and thresholds. With a URL,
every iteration sends one request. Give --rate for the open
model, or --vus (and --think) for the closed one; the default is 10 VUs.
Every run is bounded: --duration (default 30s), then at most --graceful-stop
for requests in flight.

--find-max searches for the breaking point: trials at a constant arrival
rate, from --rate (default 50/s) doubling until one fails, then bisecting to
within 5 %; each trial lasts --duration (default 10s here), at most 12 trials.
A rate holds when every threshold holds and errors and dropped iterations
stay under 1 %. The results file's find_max.rate is the highest rate that
held: the per-instance capacity that 'plimsoll plan' reads.

The summary goes to stderr; --format json writes the results to stdout, and
--out FILE saves them for 'plimsoll load report' and 'plimsoll load merge'.

Exit codes: 0 ok, 1 a threshold failed or every request failed, 2 bad usage or input, 130 interrupted
(the partial results are still saved and summarised).`,
		Example: `  plimsoll load http://127.0.0.1:8080/ --rate 2000/s --duration 30s       # open model
  plimsoll load http://127.0.0.1:8080/ --vus 500 --think 1s --duration 1m  # closed model
  plimsoll load shop.yaml                          # user paths, stages, thresholds
  plimsoll load shop.yaml --find-max               # breaking-point search
  plimsoll load http://127.0.0.1:8080/ --rate 500/s --threshold 'p99 < 200ms' --abort-on-fail
  plimsoll load http://127.0.0.1:8080/ --rate 1000/s --out run.json
  plimsoll load merge a.json b.json --out all.json
  plimsoll load report run.json --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLoad(cmd.Context(), e, cmd, args[0], &o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.rate, "rate", "", "open model: arrival rate, e.g. 2000/s, 120/m")
	f.IntVar(&o.vus, "vus", 0, "closed model: number of virtual users (default 10 without --rate)")
	f.IntVar(&o.maxVUs, "max-vus", 0, "open model: cap on concurrent iterations; arrivals beyond it are dropped and counted (default: rate × --timeout, from 1000 to 50000)")
	f.DurationVar(&o.think, "think", 0, "closed model: think time between iterations")
	f.DurationVar(&o.duration, "duration", 30*time.Second, "how long to start iterations")
	f.StringVarP(&o.method, "method", "X", "GET", "HTTP method")
	f.StringArrayVarP(&o.headers, "header", "H", nil, `request header "Name: value" (repeatable)`)
	f.StringVar(&o.body, "body", "", "request body; @FILE reads it from FILE")
	f.StringVar(&o.out, "out", "", "write the results file (JSON) here")
	f.StringVar(&o.format, "format", "text", "stdout format: text (nothing; the summary is on stderr) or json (the results)")
	f.IntVar(&o.maxConns, "max-conns", 0, "cap on connections per host (default: one per VU, within the open-file limit)")
	f.DurationVar(&o.timeout, "timeout", loadgen.DefaultTimeout, "per-request timeout, from its intended send time")
	f.DurationVar(&o.gracefulStop, "graceful-stop", loadgen.DefaultGracefulStop, "how long in-flight iterations may finish after --duration")
	f.BoolVar(&o.insecure, "insecure", false, "do not verify TLS certificates")
	f.BoolVar(&o.http2, "http2", false, "use HTTP/2 (ALPN for https, prior knowledge for http)")
	f.BoolVar(&o.abortOnFail, "abort-on-fail", false, "stop as soon as a threshold fails")
	f.StringVar(&o.metricsAddr, "metrics-addr", "", "serve live Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9464")
	f.BoolVar(&o.findMax, "find-max", false, "search for the highest arrival rate that holds: trials of --duration (default 10s) from --rate (default 50/s), doubling, then bisecting")
	f.StringArrayVar(&o.thresholds, "threshold", nil, `pass/fail condition, e.g. "p99 < 200ms", "error_rate < 1%" (repeatable; adds to a scenario file's)`)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no live line and no summary")
	cmd.AddCommand(newLoadMergeCmd(e), newLoadReportCmd(e))
	return cmd
}

func runLoad(ctx context.Context, e *env, cmd *cobra.Command, target string, o *loadRunOptions) error {
	if o.format != "text" && o.format != "json" {
		return usageErrorf("unknown --format %q (want text or json)", o.format)
	}
	plan, err := o.plan(e, target, cmd)
	if err != nil {
		return err
	}
	opts := plan.opts
	if limit := loadgen.ConnLimit(); opts.MaxConns > limit {
		fmt.Fprintf(e.stderr, "plimsoll: --max-conns %d is above what the open-file limit allows; capped at %d (VUs beyond share connections; see docs/load.md)\n", opts.MaxConns, limit)
	}
	// One event loop per CPU, and one spare P for everything else, which
	// lets the event loops wait in epoll without handing their P to the
	// scheduler and back: two context switches per wait that cost more
	// than a loopback request (see loadgen's epollTransport.rawWait and
	// docs/load-performance.md).
	procs := runtime.GOMAXPROCS(0)
	opts.Workers = procs
	runtime.GOMAXPROCS(procs + 1)
	defer runtime.GOMAXPROCS(procs)
	live := &liveLine{w: e.stderr}
	showLive := !o.quiet && isTerminal(e.stderr)
	var metrics *prom.Collector
	if o.metricsAddr != "" {
		stop, c, err := serveMetrics(e, o.metricsAddr)
		if err != nil {
			return err
		}
		defer stop()
		metrics = c
	}
	opts.Progress = func(p *loadgen.Progress) bool {
		if showLive {
			live.update(p)
		}
		if metrics != nil {
			metrics.Update(p)
		}
		if o.abortOnFail && len(plan.thresholds) > 0 && !p.Final {
			return !p.Result().Judge(plan.thresholds)
		}
		return false
	}
	if o.findMax {
		return runFindMax(ctx, e, cmd, o, plan, opts, live)
	}
	res, err := loadgen.Run(ctx, plan.scenarios, opts)
	live.clear()
	if err != nil {
		return usageErrorf("%v", err)
	}
	res.Judge(plan.thresholds)
	return finishLoad(e, res, o)
}

// runFindMax runs the breaking-point search: trials of --duration (10s
// unless given) from --rate (50/s unless given) up, then bisection.
func runFindMax(ctx context.Context, e *env, cmd *cobra.Command, o *loadRunOptions, plan *loadRunPlan, opts loadgen.Options, live *liveLine) error {
	fm := loadgen.FindMaxOptions{Trial: 10 * time.Second}
	if cmd.Flags().Changed("duration") {
		fm.Trial = o.duration
	}
	if o.rate != "" {
		r, err := loadgen.ParseRate(o.rate)
		if err != nil || !(r > 0) {
			return usageErrorf("--rate %q: want the search's first rate, e.g. 100/s", o.rate)
		}
		fm.Start = r
	}
	if len(plan.thresholds) > 0 {
		var exprs []string
		for _, t := range plan.thresholds {
			exprs = append(exprs, t.String())
		}
		fm.Criteria = strings.Join(exprs, ", ")
		fm.Judge = func(r *loadgen.Result) bool { return r.Judge(plan.thresholds) }
	}
	if !o.quiet {
		fm.OnTrial = func(s loadgen.FindMaxStep) {
			live.clear()
			verdict := "held"
			if !s.OK {
				verdict = "failed: " + s.Reason
			}
			fmt.Fprintf(e.stderr, "find-max: %g iterations/s → %.1f requests/s, p99 %s, errors %.2f%% · %s\n",
				s.Rate, s.Achieved, fmtLatency(time.Duration(s.P99)*time.Microsecond), 100*s.ErrorRate, verdict)
		}
	}
	res, err := loadgen.FindMax(ctx, plan.scenarios, opts, fm)
	live.clear()
	if err != nil {
		if ctx.Err() != nil {
			return exitCode(ExitInterrupted)
		}
		return usageErrorf("%v", err)
	}
	if err := finishLoad(e, res, o); err != nil {
		return err
	}
	if res.FindMax.Rate == 0 {
		return exitCode(ExitFindings) // not even the first rate held
	}
	return nil
}

// serveMetrics serves live Prometheus metrics on addr until stop is called.
func serveMetrics(e *env, addr string) (stop func(), c *prom.Collector, err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, usageErrorf("--metrics-addr: %v", err)
	}
	c = prom.NewCollector()
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintf(e.stderr, "serving metrics on http://%s/metrics\n", ln.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, c, nil
}

// loadRunPlan is what a load run needs: scenarios, engine options, thresholds.
type loadRunPlan struct {
	scenarios  []loadgen.Scenario
	opts       loadgen.Options
	thresholds []*threshold.Threshold
}

// plan turns the target (a URL or a scenario file) and the flags into a
// loadRunPlan. Flags given explicitly override a scenario file's options.
func (o *loadRunOptions) plan(e *env, target string, cmd *cobra.Command) (*loadRunPlan, error) {
	changed := cmd.Flags().Changed
	p := &loadRunPlan{opts: loadgen.Options{
		MaxConns:     o.maxConns,
		Timeout:      o.timeout,
		GracefulStop: o.gracefulStop,
		Insecure:     o.insecure,
		HTTP2:        o.http2,
	}}
	if isURL(target) {
		scs, err := o.scenarios(target, cmd)
		if err != nil {
			return nil, err
		}
		p.scenarios = scs
	} else {
		for _, flag := range []string{"rate", "vus", "think", "method", "header", "body", "max-vus"} {
			if flag == "rate" && o.findMax {
				continue // the search's first rate
			}
			if changed(flag) {
				return nil, usageErrorf("--%s applies to a URL target; a scenario file sets it per scenario", flag)
			}
		}
		f, err := loadScenarioFile(e, target)
		if err != nil {
			return nil, err
		}
		p.scenarios = f.Scenarios
		for _, t := range f.Thresholds {
			p.thresholds = append(p.thresholds, t.Threshold)
		}
		if !changed("timeout") && f.Options.Timeout > 0 {
			p.opts.Timeout = f.Options.Timeout
		}
		if !changed("max-conns") && f.Options.MaxConns > 0 {
			p.opts.MaxConns = f.Options.MaxConns
		}
		p.opts.Insecure = p.opts.Insecure || f.Options.Insecure
		if changed("duration") {
			for i := range p.scenarios {
				if sc := &p.scenarios[i]; sc.Executor == loadgen.ConstantArrivalRate || sc.Executor == loadgen.ConstantVUs {
					sc.Duration = o.duration
				}
			}
		}
	}
	for _, src := range o.thresholds {
		t, err := threshold.Parse(src)
		if err != nil {
			return nil, usageErrorf("--threshold %q: %v", src, err)
		}
		p.thresholds = append(p.thresholds, t)
	}
	if o.abortOnFail && len(p.thresholds) == 0 {
		return nil, usageErrorf("--abort-on-fail needs thresholds (--threshold, or a scenario file's thresholds:)")
	}
	return p, nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.Contains(s, "://")
}

// loadScenarioFile reads and compiles a scenario file, printing its
// diagnostics; any error is bad input (exit 2).
func loadScenarioFile(e *env, path string) (*scenario.File, error) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, ds := scenario.Load(os.DirFS(dir), name, scenario.LoadOptions{Getenv: e.getenv})
	for i := range ds {
		// Positions name the file as the user gave it.
		if ds[i].Pos.File == name {
			ds[i].Pos.File = path
		} else if ds[i].Pos.File != "" {
			ds[i].Pos.File = filepath.Join(dir, ds[i].Pos.File)
		}
	}
	printDiagnostics(e.stderr, ds)
	if ds.HasErrors() || f == nil {
		n := len(ds.Errs())
		return nil, usageErrorf("%s: %d error(s) in the scenario file", path, n)
	}
	return f, nil
}

// finishLoad saves, prints and judges a run's results.
func finishLoad(e *env, res *loadgen.Result, o *loadRunOptions) error {
	if o.out != "" {
		if err := writeResultFile(o.out, res); err != nil {
			return err
		}
	}
	if !o.quiet {
		if err := loadgen.WriteSummary(e.stderr, res); err != nil {
			return err
		}
	}
	if o.format == "json" {
		if err := loadgen.WriteResult(e.stdout, res); err != nil {
			return err
		}
	}
	switch {
	case res.Interrupted:
		return exitCode(ExitInterrupted)
	case !res.ThresholdsOK():
		return exitCode(ExitFindings)
	case res.Total.Requests > 0 && res.Total.Errors == res.Total.Requests:
		// A run against a target that is down measured nothing; passing it
		// would let CI go green on a dead service.
		fmt.Fprintf(e.stderr, "plimsoll: every one of the %d requests failed (%s): is the target up?\n",
			res.Total.Requests, errorClasses(res.Total.ErrorClasses))
		return exitCode(ExitFindings)
	}
	return nil
}

// errorClasses renders error counts by class, largest first: "connect 10".
func errorClasses(m map[string]int64) string {
	classes := slices.Collect(maps.Keys(m))
	slices.SortFunc(classes, func(a, b string) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b))
	})
	parts := make([]string, len(classes))
	for i, c := range classes {
		parts[i] = fmt.Sprintf("%s %d", c, m[c])
	}
	return strings.Join(parts, ", ")
}

func writeResultFile(path string, res *loadgen.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("save results: %w", err)
	}
	if err := loadgen.WriteResult(f, res); err != nil {
		f.Close()
		return fmt.Errorf("save results %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save results %s: %w", path, err)
	}
	return nil
}

// scenarios turns the target and flags into the run's scenarios.
func (o *loadRunOptions) scenarios(target string, cmd *cobra.Command) ([]loadgen.Scenario, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageErrorf("target %q: want an http:// or https:// URL with a host", target)
	}
	if o.duration <= 0 {
		return nil, usageErrorf("--duration must be above 0, got %v", o.duration)
	}
	var header []loadgen.Field
	for _, h := range o.headers {
		name, value, ok := strings.Cut(h, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t\r\n") || strings.ContainsAny(value, "\r\n") {
			return nil, usageErrorf(`--header %q: want "Name: value"`, h)
		}
		header = append(header, loadgen.Field{Name: name, Value: strings.TrimSpace(value)})
	}
	body := []byte(o.body)
	if strings.HasPrefix(o.body, "@") {
		body, err = os.ReadFile(o.body[1:])
		if err != nil {
			return nil, usageErrorf("--body: %v", err)
		}
	}
	method := strings.ToUpper(o.method)
	if method == "" || strings.ContainsAny(method, " \t\r\n") {
		return nil, usageErrorf("--method %q is not an HTTP method", o.method)
	}
	sc := loadgen.Scenario{
		Name:     "default",
		Program:  loadgen.NewURLProgram(method, u, header, body, o.think),
		Duration: o.duration,
	}
	switch {
	case o.rate != "" && cmd.Flags().Changed("vus"):
		return nil, usageErrorf("give --rate (open model) or --vus (closed model), not both")
	case o.rate != "":
		r, err := loadgen.ParseRate(o.rate)
		if err != nil {
			return nil, usageErrorf("--rate: %v", err)
		}
		if r <= 0 {
			return nil, usageErrorf("--rate must be above 0")
		}
		sc.Executor, sc.Rate, sc.MaxVUs = loadgen.ConstantArrivalRate, r, o.maxVUs
	default:
		sc.Executor, sc.VUs = loadgen.ConstantVUs, o.vus
		if !cmd.Flags().Changed("vus") {
			sc.VUs = 10
		}
		if sc.VUs <= 0 {
			return nil, usageErrorf("--vus must be at least 1, got %d", o.vus)
		}
	}
	return []loadgen.Scenario{sc}, nil
}

func newLoadMergeCmd(e *env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "merge RESULTS.json... --out ALL.json",
		Short: "Merge the results of several runs (e.g. one per process or pod) exactly",
		Example: `  plimsoll load merge shard-*.json --out all.json
  plimsoll load report all.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var all []*loadgen.Result
			for _, path := range args {
				r, err := readResultFile(path)
				if err != nil {
					return err
				}
				all = append(all, r)
			}
			merged, err := loadgen.Merge(all...)
			if err != nil {
				return usageErrorf("merge: %v", err)
			}
			if out == "" || out == "-" {
				return loadgen.WriteResult(e.stdout, merged)
			}
			return writeResultFile(out, merged)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the merged results here (default stdout)")
	return cmd
}

func newLoadReportCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "report RESULTS.json",
		Short: "Print the summary of a saved run again",
		Example: `  plimsoll load report run.json
  plimsoll load report run.json --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := readResultFile(args[0])
			if err != nil {
				return err
			}
			switch format {
			case "text":
				return loadgen.WriteSummary(e.stdout, r)
			case "json":
				return loadgen.WriteResult(e.stdout, r)
			}
			return usageErrorf("unknown --format %q (want text or json)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func readResultFile(path string) (*loadgen.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usageErrorf("%s: no such file", path)
		}
		return nil, usageErrorf("%v", err)
	}
	r, err := loadgen.ReadResult(path, data)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	return r, nil
}

// liveLine redraws one status line on a terminal once a second.
type liveLine struct {
	w     interface{ Write([]byte) (int, error) }
	drawn bool
}

func (l *liveLine) update(p *loadgen.Progress) {
	if p.Final {
		return
	}
	line := fmt.Sprintf("%s elapsed, %s left · %d req/s · %d VUs busy · p50 %s p99 %s · errors %d (%d total)",
		p.Elapsed.Round(time.Second), p.Remaining.Round(time.Second), p.Requests, p.VUs,
		fmtLatency(p.P50), fmtLatency(p.P99), p.Errors, p.TotalErrors)
	if p.Dropped > 0 {
		line += fmt.Sprintf(" · %d dropped", p.Dropped)
	}
	fmt.Fprintf(l.w, "\r\033[K%s", line)
	l.drawn = true
}

func (l *liveLine) clear() {
	if l.drawn {
		fmt.Fprint(l.w, "\r\033[K")
	}
}

func fmtLatency(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}

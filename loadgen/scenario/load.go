package scenario

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/internal/yamlpos"
	"github.com/plimsoll/plimsoll/loadgen"
	"github.com/plimsoll/plimsoll/loadgen/threshold"
)

// maxFileSize bounds what Load reads: a scenario file is written by hand.
const maxFileSize = 4 << 20

// Load reads the scenario file name from fsys, with CSV feeds resolved
// relative to the file's directory, and compiles it. It reports every
// problem found; the File is nil when any of them is an error.
func Load(fsys fs.FS, name string, opts LoadOptions) (*File, diag.Diagnostics) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, diag.Diagnostics{diag.Errorf(diag.Pos{File: name}, "read scenario file: %v", err)}
	}
	return Parse(fsys, name, src, opts)
}

// Parse compiles the scenario file src, named name (for positions and for
// finding its feeds in fsys).
func Parse(fsys fs.FS, name string, src []byte, opts LoadOptions) (*File, diag.Diagnostics) {
	c := &compiler{
		reader:    reader{file: name},
		opts:      opts,
		fsys:      fsys,
		dir:       path.Dir(name),
		varIndex:  map[string]int{},
		feedIndex: map[string]int{},
		names:     map[string]nameUse{},
		scenarios: map[string]bool{},
	}
	if opts.Getenv == nil {
		c.opts.Getenv = func(string) string { return "" }
	}
	if len(src) > maxFileSize {
		c.errorAt(diag.Pos{File: name}, "scenario file is %d bytes; expected at most %d", len(src), maxFileSize)
		return nil, c.diags
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		p, text := yamlpos.Locate(name, src, 1, err)
		msg := "not valid YAML: " + text
		if col, ok := flowRef(src, p.Line); ok {
			p.Column = col
			msg += `; a ${...} inside a flow collection ({ } or [ ]) must be quoted, as "${name}", or the collection written in block style`
		}
		c.errorAt(p, "%s", msg)
		return nil, c.diags
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		c.errorAt(diag.Pos{File: name, Line: 1, Column: 1}, "empty scenario file: expected version: 1, base_url and scenarios")
		return nil, c.diags
	}
	f := c.file(doc.Content[0])
	c.diags.Sort()
	if c.diags.HasErrors() {
		return nil, c.diags
	}
	return f, c.diags
}

// flowRef finds, on line n (1-based) of src, an unquoted ${ after a { or
// [: YAML ends a flow mapping at the } of ${name}, which is the most likely
// cause of a syntax error on that line. It returns the reference's column.
func flowRef(src []byte, n int) (int, bool) {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return 0, false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	line := string(src)
	at := strings.Index(line, "${")
	if at <= 0 || !strings.ContainsAny(line[:at], "{[") {
		return 0, false
	}
	if prev := line[at-1]; prev == '"' || prev == '\'' {
		return 0, false
	}
	return utf8.RuneCountInString(line[:at]) + 1, true
}

// nameUse records what a metric name stands for, so a name never means a
// group in one place and a step in another.
type nameUse struct {
	kind      string // "group" or "step"
	pos       diag.Pos
	scenarios []string // for a step: the scenarios that have one of this name
}

type compiler struct {
	reader
	opts LoadOptions
	fsys fs.FS
	dir  string

	base     string // base URL without trailing slash
	baseNode *yaml.Node
	headers  []headerSpec
	options  Options

	vars      []*variable
	varIndex  map[string]int
	feeds     []*feed
	feedIndex map[string]int
	names     map[string]nameUse
	declared  int             // slots below this are variables: entries
	scenario  string          // the scenario being read
	scenarios map[string]bool // scenario names, which thresholds may target too
	jsonNodes int             // values of the json: body being compiled
}

type variable struct {
	name    string
	initial string
}

var topKeys = []string{"version", "base_url", "headers", "variables", "feeds", "options", "scenarios", "thresholds"}

func (c *compiler) file(root *yaml.Node) *File {
	fields, ok := c.mapping(root, "scenario file", topKeys)
	if !ok {
		return nil
	}
	get := map[string]field{}
	for _, f := range fields {
		get[f.key.Value] = f
	}
	if v, ok := get["version"]; !ok {
		c.errorAt(c.pos(root), "missing version: expected \"version: %d\" at the top of the file", Version)
	} else if n := deref(v.val); n.Kind != yaml.ScalarNode || n.Value != "1" {
		c.errorf(n, "version: expected %d (the only schema version this plimsoll reads), found %s", Version, kindName(n))
	}
	c.options = Options{Cookies: true, Redirects: defaultRedirects}
	if f, ok := get["options"]; ok {
		c.readOptions(f.val)
	}
	if f, ok := get["variables"]; ok {
		c.readVariables(f.val)
	}
	c.declared = len(c.vars)
	if f, ok := get["feeds"]; ok {
		c.readFeeds(f.val)
	}
	c.readBase(get["base_url"])
	if f, ok := get["headers"]; ok {
		c.headers = c.readHeaders(f.val, "headers")
	}
	out := &File{Name: c.file0(), Options: c.options}
	if f, ok := get["scenarios"]; ok {
		out.Scenarios = c.readScenarios(f.val)
	} else {
		c.errorAt(c.pos(root), "missing scenarios: expected a mapping of scenario names to executors and steps")
	}
	c.checkDefaultHeaders(out.Scenarios)
	for _, sc := range out.Scenarios {
		sc.Program.(*Program).finish(c)
	}
	for name := range c.names {
		out.Targets = append(out.Targets, name)
	}
	for name := range c.scenarios {
		if _, dup := c.names[name]; !dup {
			out.Targets = append(out.Targets, name)
		}
	}
	sort.Strings(out.Targets)
	if f, ok := get["thresholds"]; ok {
		out.Thresholds = c.readThresholds(f.val, out.Targets)
	}
	return out
}

// checkDefaultHeaders reports a default header that uses a variable that
// nothing declares or extracts: it would silently never be sent.
func (c *compiler) checkDefaultHeaders(scs []loadgen.Scenario) {
	for _, h := range c.headers {
		h.val.refs(func(s segment) {
			if s.kind != refVar || c.isDeclared(s.a) {
				return
			}
			for _, sc := range scs {
				if p, ok := sc.Program.(*Program); ok && c.extractedAnywhere(p, s.a) {
					return
				}
			}
			c.errorAt(h.pos, "headers.%s: ${%s} is neither declared under variables: nor extracted by any step", h.name, c.vars[s.a].name)
		})
	}
}

func (c *compiler) file0() string { return c.reader.file }

var optionKeys = []string{"timeout", "max_conns", "insecure", "cookies", "redirects", "duration"}

// defaultRedirects is how many redirects a step follows unless the file
// says otherwise, as k6 and browsers do.
const defaultRedirects = 10

func (c *compiler) readOptions(n *yaml.Node) {
	fields, _ := c.mapping(n, "options", optionKeys)
	for _, f := range fields {
		what := "options." + f.key.Value
		switch f.key.Value {
		case "timeout":
			c.options.Timeout, _ = c.duration(f.val, what, false)
		case "max_conns":
			c.options.MaxConns, _ = c.count(f.val, what, 1, 1<<24)
		case "insecure":
			c.options.Insecure, _ = c.boolean(f.val, what)
		case "cookies":
			c.options.Cookies, _ = c.boolean(f.val, what)
		case "redirects":
			c.options.Redirects, _ = c.count(f.val, what, 0, 30)
		case "duration":
			c.options.Duration, _ = c.duration(f.val, what, false)
		}
	}
}

func (c *compiler) readBase(f field) {
	if f.val == nil {
		return
	}
	n := deref(f.val)
	c.baseNode = n // even when bad: steps need not also say base_url is missing
	s, ok := c.scalar(n, "base_url")
	if !ok {
		return
	}
	t := c.template(n, s, escRaw, nil, c.envOnly)
	if t == nil {
		return
	}
	s = t.text()
	if c.opts.BaseURL != "" {
		s = c.opts.BaseURL
	}
	if err := checkBase(s); err != nil {
		c.errorf(n, "base_url: expected an absolute http or https URL such as http://127.0.0.1:8080, found %q: %v", s, err)
		return
	}
	c.base = strings.TrimSuffix(s, "/")
}

func checkBase(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme must be http or https")
	}
	if u.Host == "" {
		return fmt.Errorf("no host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("a base URL has no query or fragment")
	}
	return nil
}

// envOnly resolves ${env.NAME} and nothing else: for values fixed at load.
func (c *compiler) envOnly(name string, _ int) (segment, error) {
	if seg, ok, err := c.env(name); ok {
		return seg, err
	}
	return segment{}, fmt.Errorf("${%s}: only ${env.NAME} can be used here, as this value is fixed when the file is loaded", name)
}

// env resolves ${env.NAME} and ${env.NAME:-default}; ok is false for other
// names.
func (c *compiler) env(name string) (segment, bool, error) {
	rest, ok := strings.CutPrefix(name, "env.")
	if !ok {
		return segment{}, false, nil
	}
	key, def, hasDef := strings.Cut(rest, ":-")
	if !validName(key) {
		return segment{}, true, fmt.Errorf("${%s}: expected an environment variable name after env.", name)
	}
	if v := c.opts.Getenv(key); v != "" {
		return segment{lit: v}, true, nil
	}
	if hasDef {
		return segment{lit: def}, true, nil
	}
	return segment{}, true, fmt.Errorf("environment variable %s is not set (give a default with ${env.%s:-value})", key, key)
}

// template compiles a scalar's text and reports a mistake at its column.
func (c *compiler) template(n *yaml.Node, src string, esc escape, lit func(string) string, resolve resolver) *template {
	t, err := compileTemplate(src, esc, lit, resolve)
	if err != nil {
		te := err.(*templateError)
		c.errorAt(c.at(n, te.off), "%s", te.msg)
		return nil
	}
	return t
}

func (c *compiler) readVariables(n *yaml.Node) {
	for _, f := range c.stringMap(n, "variables") {
		name := f.key.Value
		if !c.newName(f.key, "variables", "variable") {
			continue
		}
		v := deref(f.val)
		t := c.template(v, v.Value, escRaw, nil, c.envOnly)
		if t == nil {
			continue
		}
		c.varIndex[name] = len(c.vars)
		c.vars = append(c.vars, &variable{name: name, initial: t.text()})
	}
}

// newName checks a variable or feed name where it is defined: its shape,
// and that it does not already name the other kind (${users.email} must
// not be ambiguous).
func (c *compiler) newName(key *yaml.Node, what, kind string) bool {
	name := key.Value
	if !validName(name) || isReserved(name) {
		c.errorf(key, "%s: %q is not a usable %s name; expected a letter or _ then letters, digits, _ or - (and not vu, iter or env)", what, name, kind)
		return false
	}
	if _, isFeed := c.feedIndex[name]; isFeed && kind != "feed" {
		c.errorf(key, "%s: %q is the name of a feed", what, name)
		return false
	}
	if i, isVar := c.varIndex[name]; isVar && kind == "feed" && c.isDeclared(i) {
		c.errorf(key, "%s: %q is already the name of a variable", what, name)
		return false
	}
	return true
}

func isReserved(name string) bool { return name == "vu" || name == "iter" || name == "env" }

// slot returns the variable slot for name, making one for a name first
// seen as an extraction target.
func (c *compiler) slot(name string) int {
	if i, ok := c.varIndex[name]; ok {
		return i
	}
	c.varIndex[name] = len(c.vars)
	c.vars = append(c.vars, &variable{name: name})
	return len(c.vars) - 1
}

type headerSpec struct {
	name string
	val  *template
	pos  diag.Pos
}

func (c *compiler) readHeaders(n *yaml.Node, what string) []headerSpec {
	var out []headerSpec
	for _, f := range c.stringMap(n, what) {
		name := f.key.Value
		if !validHeaderName(name) {
			c.errorf(f.key, "%s: %q is not a header name", what, name)
			continue
		}
		switch strings.ToLower(name) {
		case "content-length", "transfer-encoding", "connection", "traceparent":
			c.errorf(f.key, "%s: %s is set by plimsoll itself; remove it", what, name)
			continue
		}
		v := deref(f.val)
		t := c.template(v, v.Value, escRaw, nil, c.refResolver(v))
		if t == nil {
			continue
		}
		if strings.ContainsAny(t.text(), "\r\n") {
			c.errorf(v, "%s.%s: a header value cannot span lines", what, name)
			continue
		}
		out = append(out, headerSpec{name: name, val: t, pos: c.pos(v)})
	}
	return out
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b <= ' ' || b >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", b) >= 0 {
			return false
		}
	}
	return true
}

// refResolver resolves every kind of reference; n is where to report.
// Whether a variable is set by then is checked per scenario afterwards.
func (c *compiler) refResolver(n *yaml.Node) resolver {
	return func(name string, _ int) (segment, error) {
		if seg, ok, err := c.env(name); ok {
			return seg, err
		}
		switch name {
		case "vu":
			return segment{kind: refVU}, nil
		case "iter":
			return segment{kind: refIter}, nil
		case "":
			return segment{}, fmt.Errorf("empty ${}: expected a variable name such as ${token}")
		}
		if feedName, col, ok := strings.Cut(name, "."); ok {
			fi, ok := c.feedIndex[feedName]
			if !ok {
				return segment{}, fmt.Errorf("${%s}: no feed named %q (feeds: %s)", name, feedName, orList(c.feedNames()))
			}
			f := c.feeds[fi]
			if f.broken {
				return segment{kind: refFeed, a: fi}, nil
			}
			for ci, cn := range f.columns {
				if cn == col {
					return segment{kind: refFeed, a: fi, b: ci}, nil
				}
			}
			return segment{}, fmt.Errorf("${%s}: feed %s has no column %q (columns: %s)", name, feedName, col, orList(f.columns))
		}
		if !validName(name) {
			return segment{}, fmt.Errorf("${%s}: expected a variable name (letters, digits, _ or -), a feed column (${feed.column}), ${vu}, ${iter} or ${env.NAME}", name)
		}
		return segment{kind: refVar, a: c.slot(name)}, nil
	}
}

func (c *compiler) feedNames() []string {
	out := make([]string, len(c.feeds))
	for i, f := range c.feeds {
		out[i] = f.name
	}
	return out
}

// claim records that name is a group or a step, reporting a clash with a
// name of the other kind.
func (c *compiler) claim(name, kind string, p diag.Pos) {
	prev, ok := c.names[name]
	if ok && prev.kind != kind {
		c.errorAt(p, "%s name %q is already the name of a %s (at %s); a threshold on %q would be ambiguous", kind, name, prev.kind, prev.pos, name)
		return
	}
	if !ok {
		prev = nameUse{kind: kind, pos: p}
	}
	if kind == "step" && !slices.Contains(prev.scenarios, c.scenario) {
		prev.scenarios = append(prev.scenarios, c.scenario)
	}
	c.names[name] = prev
}

func (c *compiler) readThresholds(n *yaml.Node, targets []string) []Threshold {
	items, ok := c.sequence(n, "thresholds")
	if !ok {
		return nil
	}
	var out []Threshold
	for _, item := range items {
		s, ok := c.scalar(item, "thresholds")
		if !ok {
			continue
		}
		t, err := threshold.Parse(s)
		if err != nil {
			if te, ok := err.(*threshold.Error); ok {
				c.errorAt(c.at(item, te.Col-1), "threshold: %s", te.Msg)
			} else {
				c.errorf(item, "threshold: %v", err)
			}
			continue
		}
		if t.Target != "" {
			at := c.at(item, t.TargetCol-1)
			use, named := c.names[t.Target]
			switch {
			case !named && !c.scenarios[t.Target]:
				c.errorAt(at, "threshold: unknown target %q: expected a group, step or scenario name (%s)", t.Target, orList(targets))
				continue
			case named && c.scenarios[t.Target]:
				c.errorAt(at, "threshold: %q is the name of a scenario and of a %s (at %s); rename one to set a threshold on it", t.Target, use.kind, use.pos)
				continue
			case named && len(use.scenarios) > 1:
				c.errorAt(at, "threshold: step %q is in scenarios %s; give the steps different names to set a threshold on one", t.Target, strings.Join(use.scenarios, " and "))
				continue
			}
		}
		out = append(out, Threshold{Threshold: t, Pos: c.at(item, 0)})
	}
	return out
}

var scenarioKeys = []string{"executor", "rate", "start_rate", "vus", "start_vus", "max_vus", "duration", "stages", "graceful_stop", "start_after", "steps"}

// executorKeys lists the settings each executor takes besides executor,
// steps, graceful_stop and start_after.
var executorKeys = map[loadgen.Executor][]string{
	loadgen.ConstantArrivalRate: {"rate", "duration", "vus", "max_vus"},
	loadgen.RampingArrivalRate:  {"start_rate", "stages", "vus", "max_vus"},
	loadgen.ConstantVUs:         {"vus", "duration"},
	loadgen.RampingVUs:          {"start_vus", "stages"},
}

// maxVUs bounds the virtual users one scenario may ask for.
const maxVUs = 10_000_000

func (c *compiler) readScenarios(n *yaml.Node) []loadgen.Scenario {
	fields, ok := c.mapping(n, "scenarios", nil)
	if !ok {
		return nil
	}
	if len(fields) == 0 {
		c.errorf(n, "scenarios: expected at least one scenario")
	}
	var out []loadgen.Scenario
	for _, f := range fields {
		if s, ok := c.readScenario(f.key, f.val); ok {
			out = append(out, s)
		}
	}
	return out
}

func (c *compiler) readScenario(key, n *yaml.Node) (loadgen.Scenario, bool) {
	name := key.Value
	c.scenario = name
	sc := loadgen.Scenario{Name: name}
	before := len(c.diags.Errs())
	if !validName(name) {
		c.errorf(key, "scenario name %q: expected a letter or _ then letters, digits, _ or -", name)
	} else {
		c.scenarios[name] = true
	}
	what := "scenario " + name
	fields, ok := c.mapping(n, what, scenarioKeys)
	if !ok {
		return sc, false
	}
	get := map[string]field{}
	for _, f := range fields {
		get[f.key.Value] = f
	}
	if f, ok := get["executor"]; !ok {
		c.errorf(key, "%s: missing executor: expected one of constant-arrival-rate, ramping-arrival-rate, constant-vus or ramping-vus", what)
	} else if s, ok := c.scalar(f.val, what+".executor"); ok {
		e, err := loadgen.ParseExecutor(s)
		if err != nil {
			c.errorf(f.val, "%s.executor: expected constant-arrival-rate, ramping-arrival-rate, constant-vus or ramping-vus, found %q", what, s)
		} else {
			sc.Executor = e
		}
	}
	if sc.Executor != 0 {
		allowed := executorKeys[sc.Executor]
		for _, f := range fields {
			k := f.key.Value
			switch k {
			case "executor", "steps", "graceful_stop", "start_after":
				continue
			}
			if !containsStr(allowed, k) {
				c.errorf(f.key, "%s: %s does not take %s; it takes %s", what, sc.Executor, k, orList(allowed))
				delete(get, k)
			}
		}
	}
	for k, f := range get {
		w := what + "." + k
		switch k {
		case "rate":
			sc.Rate, _ = c.rate(f.val, w)
			if sc.Rate == 0 && len(c.diags.Errs()) == before {
				c.errorf(f.val, "%s: expected a rate above 0/s", w)
			}
		case "start_rate":
			sc.Rate, _ = c.rate(f.val, w)
		case "vus":
			sc.VUs, _ = c.count(f.val, w, 1, maxVUs)
		case "start_vus":
			sc.VUs, _ = c.count(f.val, w, 0, maxVUs)
		case "max_vus":
			sc.MaxVUs, _ = c.count(f.val, w, 1, maxVUs)
		case "duration":
			sc.Duration, _ = c.duration(f.val, w, false)
		case "graceful_stop":
			sc.GracefulStop, _ = c.duration(f.val, w, true)
		case "start_after":
			sc.StartAfter, _ = c.duration(f.val, w, true)
		case "stages":
			sc.Stages = c.readStages(f.val, w, sc.Executor)
		}
	}
	switch sc.Executor {
	case loadgen.ConstantArrivalRate:
		if _, ok := get["rate"]; !ok {
			c.errorf(key, "%s: %s needs a rate, such as rate: 100/s", what, sc.Executor)
		}
		if sc.VUs > 0 && sc.MaxVUs > 0 && sc.MaxVUs < sc.VUs {
			c.errorf(get["max_vus"].val, "%s.max_vus: %d is below vus (%d)", what, sc.MaxVUs, sc.VUs)
		}
	case loadgen.RampingArrivalRate:
		if sc.VUs > 0 && sc.MaxVUs > 0 && sc.MaxVUs < sc.VUs {
			c.errorf(get["max_vus"].val, "%s.max_vus: %d is below vus (%d)", what, sc.MaxVUs, sc.VUs)
		}
	case loadgen.ConstantVUs:
		if _, ok := get["vus"]; !ok {
			c.errorf(key, "%s: %s needs vus, such as vus: 50", what, sc.Executor)
		}
	}
	if sc.Executor == loadgen.ConstantArrivalRate || sc.Executor == loadgen.ConstantVUs {
		if _, ok := get["duration"]; !ok {
			if c.options.Duration > 0 {
				sc.Duration = c.options.Duration
			} else {
				c.errorf(key, "%s: %s needs a duration (here, or options.duration for every scenario), such as duration: 30s", what, sc.Executor)
			}
		}
	}
	if sc.Executor == loadgen.RampingArrivalRate || sc.Executor == loadgen.RampingVUs {
		if _, ok := get["stages"]; !ok {
			c.errorf(key, "%s: %s needs stages, such as stages: [{duration: 30s, target: %s}]", what, sc.Executor, map[bool]string{true: "100/s", false: "50"}[sc.Executor.Open()])
		}
	}
	if f, ok := get["steps"]; ok {
		p := c.readProgram(name, f.val)
		if p != nil {
			sc.Program = p
		}
	} else {
		c.errorf(key, "%s: missing steps: expected a list of requests", what)
	}
	ok = len(c.diags.Errs()) == before && sc.Program != nil
	if ok {
		// The engine has the last word; anything it refuses that the
		// checks above let through is reported here, not at run time.
		if err := sc.Validate(); err != nil {
			c.errorf(key, "%s: %v", what, err)
			return sc, false
		}
	}
	return sc, ok
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c *compiler) readStages(n *yaml.Node, what string, e loadgen.Executor) []loadgen.Stage {
	items, ok := c.sequence(n, what)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		c.errorf(n, "%s: expected at least one stage", what)
	}
	var out []loadgen.Stage
	for i, item := range items {
		w := fmt.Sprintf("%s[%d]", what, i)
		fields, ok := c.mapping(item, w, []string{"duration", "target"})
		if !ok {
			continue
		}
		var st loadgen.Stage
		var hasD, hasT bool
		for _, f := range fields {
			switch f.key.Value {
			case "duration":
				st.Duration, hasD = c.duration(f.val, w+".duration", false)
			case "target":
				hasT = true
				if e.Open() {
					st.Target, _ = c.rate(f.val, w+".target")
				} else {
					v, _ := c.count(f.val, w+".target", 0, maxVUs)
					st.Target = float64(v)
				}
			}
		}
		if !hasD && !c.has(fields, "duration") {
			c.errorf(item, "%s: missing duration", w)
		}
		if !hasT {
			c.errorf(item, "%s: missing target (%s)", w, map[bool]string{true: "a rate such as 100/s", false: "a number of virtual users"}[e.Open()])
		}
		out = append(out, st)
	}
	return out
}

func (c *compiler) has(fields []field, key string) bool {
	for _, f := range fields {
		if f.key.Value == key {
			return true
		}
	}
	return false
}

// readProgram compiles a scenario's steps.
func (c *compiler) readProgram(scenario string, n *yaml.Node) *Program {
	items, ok := c.sequence(n, "scenario "+scenario+".steps")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		c.errorf(n, "scenario %s: steps: expected at least one step", scenario)
		return nil
	}
	p := &Program{name: scenario, cookies: c.options.Cookies}
	seen := map[string]diag.Pos{}
	for _, item := range items {
		if m := deref(item); m.Kind == yaml.MappingNode && c.hasKey(m, "group") {
			c.readGroup(p, m, seen)
			continue
		}
		if st := c.readStep(item, "", seen); st != nil {
			p.steps = append(p.steps, st)
		}
	}
	c.checkOrder(p)
	return p
}

func (c *compiler) hasKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if deref(m.Content[i]).Value == key {
			return true
		}
	}
	return false
}

func (c *compiler) readGroup(p *Program, n *yaml.Node, seen map[string]diag.Pos) {
	fields, ok := c.mapping(n, "group", []string{"group", "steps"})
	if !ok {
		return
	}
	var name string
	var stepsNode *yaml.Node
	for _, f := range fields {
		switch f.key.Value {
		case "group":
			s, ok := c.scalar(f.val, "group")
			if !ok {
				return
			}
			if !validMetricName(s) {
				c.errorf(f.val, "group name %q: expected letters, digits, _, - or .", s)
				return
			}
			name = s
			c.claim(name, "group", c.pos(f.val))
		case "steps":
			stepsNode = f.val
		}
	}
	if stepsNode == nil {
		c.errorf(n, "group %s: missing steps: expected a list of requests", name)
		return
	}
	items, ok := c.sequence(stepsNode, "group "+name+".steps")
	if !ok {
		return
	}
	if len(items) == 0 {
		c.errorf(stepsNode, "group %s: expected at least one step", name)
	}
	for _, item := range items {
		if m := deref(item); m.Kind == yaml.MappingNode && c.hasKey(m, "group") {
			c.errorf(m, "group %s: groups do not nest; end group %s before starting another", name, name)
			continue
		}
		if st := c.readStep(item, name, seen); st != nil {
			p.steps = append(p.steps, st)
		}
	}
}

// validMetricName is the charset threshold targets accept.
func validMetricName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// checkOrder reports variables used before any earlier step of the journey
// sets them: variables are reset at the start of each iteration, so such a
// reference would always be empty.
func (c *compiler) checkOrder(p *Program) {
	set := make([]bool, len(c.vars)+64)
	for _, st := range p.steps {
		for _, u := range st.uses {
			if c.isDeclared(u.slot) {
				continue
			}
			if u.slot >= len(set) || !set[u.slot] {
				name := c.vars[u.slot].name
				if c.extractedAnywhere(p, u.slot) {
					c.errorAt(u.pos, "${%s} is used before a step extracts it; steps run in order and variables start afresh each iteration", name)
				} else {
					c.errorAt(u.pos, "${%s}: no variable %q: declare it under variables: or extract it in an earlier step", name, name)
				}
			}
		}
		for _, x := range st.extracts {
			for x.slot >= len(set) {
				set = append(set, false)
			}
			set[x.slot] = true
		}
	}
}

// isDeclared reports whether slot belongs to a variable of the variables:
// block, which has a value from the start of every iteration.
func (c *compiler) isDeclared(slot int) bool { return slot < c.declared }

func (c *compiler) extractedAnywhere(p *Program, slot int) bool {
	for _, st := range p.steps {
		for _, x := range st.extracts {
			if x.slot == slot {
				return true
			}
		}
	}
	return false
}

// readAll reads a whole small file from fsys, refusing one above limit.
func readAll(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, nil
}

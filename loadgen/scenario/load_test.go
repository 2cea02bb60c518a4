package scenario

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/plimsoll/plimsoll/loadgen"
)

// head is a valid start of a file that tests append scenarios to.
const head = `version: 1
base_url: http://127.0.0.1:8080
`

func parse(t *testing.T, src string, files ...string) (*File, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	f, ds := Parse(fsys, "s.yaml", []byte(src), LoadOptions{Getenv: func(k string) string {
		if k == "HOST" {
			return "http://127.0.0.1:9999"
		}
		return ""
	}})
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.Error())
	}
	return f, msgs
}

func TestParseExecutors(t *testing.T) {
	src := head + `options: {duration: 45s}
scenarios:
  open:
    executor: constant-arrival-rate
    rate: 120/m
    duration: 30s
    vus: 10
    max_vus: 100
    graceful_stop: 3s
    steps: [{url: /}]
  ramp:
    executor: ramping-arrival-rate
    start_rate: 10/s
    start_after: 5s
    stages: [{duration: 10s, target: 200/s}, {duration: 1m30s, target: 0/s}]
    steps: [{url: /}]
  closed:
    executor: constant-vus
    vus: 50
    steps: [{url: /}]
  rampvus:
    executor: ramping-vus
    start_vus: 0
    stages: [{duration: 10s, target: 20}]
    steps: [{url: /}]
`
	f, msgs := parse(t, src)
	if len(msgs) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(msgs, "\n"))
	}
	want := []loadgen.Scenario{
		{Name: "open", Executor: loadgen.ConstantArrivalRate, Rate: 2, Duration: 30 * time.Second, VUs: 10, MaxVUs: 100, GracefulStop: 3 * time.Second},
		{Name: "ramp", Executor: loadgen.RampingArrivalRate, Rate: 10, StartAfter: 5 * time.Second, Stages: []loadgen.Stage{{Duration: 10 * time.Second, Target: 200}, {Duration: 90 * time.Second, Target: 0}}},
		{Name: "closed", Executor: loadgen.ConstantVUs, VUs: 50, Duration: 45 * time.Second},
		{Name: "rampvus", Executor: loadgen.RampingVUs, Stages: []loadgen.Stage{{Duration: 10 * time.Second, Target: 20}}},
	}
	if len(f.Scenarios) != len(want) {
		t.Fatalf("got %d scenarios, want %d", len(f.Scenarios), len(want))
	}
	for i, w := range want {
		g := f.Scenarios[i]
		if g.Program == nil {
			t.Errorf("scenario %s has no program", g.Name)
		}
		if err := g.Validate(); err != nil {
			t.Errorf("scenario %s: engine says %v", g.Name, err)
		}
		g.Program = nil
		if !equalScenario(g, w) {
			t.Errorf("scenario %d = %+v, want %+v", i, g, w)
		}
	}
}

func equalScenario(a, b loadgen.Scenario) bool {
	if len(a.Stages) != len(b.Stages) {
		return false
	}
	for i := range a.Stages {
		if a.Stages[i] != b.Stages[i] {
			return false
		}
	}
	a.Stages, b.Stages = nil, nil
	return a.Name == b.Name && a.Executor == b.Executor && a.Rate == b.Rate && a.VUs == b.VUs &&
		a.MaxVUs == b.MaxVUs && a.Duration == b.Duration && a.StartAfter == b.StartAfter && a.GracefulStop == b.GracefulStop
}

// Each case is a whole file and the diagnostics it must produce, in order.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty", ``, []string{"s.yaml:1:1: empty scenario file"}},
		{"bad yaml", "version: 1\nscenarios: [\n", []string{"s.yaml:3:1: not valid YAML: did not find expected node content"}},
		{"bad indentation", "version: 1\nscenarios:\n  s:\n    vus: 1\n   duration: 1s\n", []string{
			"s.yaml:5:4: not valid YAML: did not find expected key (while parsing a block mapping at line 3, column 3)",
		}},
		{"unquoted reference in a flow mapping", head + `scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - url: /cart
        json: {product_id: ${product}, quantity: 1}
`, []string{
			`s.yaml:10:28: not valid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 10, column 15); a ${...} inside a flow collection ({ } or [ ]) must be quoted, as "${name}", or the collection written in block style`,
		}},
		{"not a mapping", "- 1\n", []string{"s.yaml:1:1: scenario file: expected a mapping, found a list"}},
		{"no version", "base_url: http://127.0.0.1\nscenarios: {}\n", []string{
			"s.yaml:1:1: missing version",
			"s.yaml:2:12: scenarios: expected at least one scenario",
		}},
		{"wrong version", "version: 2\nscenarios: {}\n", []string{
			`s.yaml:1:10: version: expected 1 (the only schema version this plimsoll reads), found "2"`,
			"s.yaml:2:12: scenarios: expected at least one scenario",
		}},
		{"unknown top key and several errors at once", head + `scenaros: {}
options: {timeout: 5, max_conns: -1}
`, []string{
			`s.yaml:1:1: missing scenarios`,
			`s.yaml:3:1: scenario file: unknown key "scenaros"; expected version, base_url, headers, variables, feeds, options, scenarios or thresholds`,
			`s.yaml:4:20: options.timeout: expected a duration such as 500ms, 10s or 1m30s, found "5": a bare number has no unit`,
			`s.yaml:4:34: options.max_conns: expected a whole number from 1 to 16777216, found "-1"`,
		}},
		{"bad base url", "version: 1\nbase_url: ftp://x\nscenarios: {a: {executor: constant-vus, vus: 1, duration: 1s, steps: [{url: /}]}}\n", []string{
			`s.yaml:2:11: base_url: expected an absolute http or https URL such as http://127.0.0.1:8080, found "ftp://x": scheme must be http or https`,
		}},
		{"executor settings", head + `scenarios:
  a:
    executor: constant-arrival-rate
    stages: []
    steps: [{url: /}]
  b:
    executor: constant-vus
    steps: [{url: /}]
  c:
    executor: walking
    steps: [{url: /}]
  d:
    executor: ramping-arrival-rate
    stages: [{duration: 1s, target: 5}]
    steps: [{url: /}]
`, []string{
			`s.yaml:4:3: scenario a: constant-arrival-rate needs a duration (here, or options.duration for every scenario), such as duration: 30s`,
			`s.yaml:4:3: scenario a: constant-arrival-rate needs a rate, such as rate: 100/s`,
			`s.yaml:6:5: scenario a: constant-arrival-rate does not take stages; it takes rate, duration, vus or max_vus`,
			`s.yaml:8:3: scenario b: constant-vus needs a duration (here, or options.duration for every scenario), such as duration: 30s`,
			`s.yaml:8:3: scenario b: constant-vus needs vus, such as vus: 50`,
			`s.yaml:12:15: scenario c.executor: expected constant-arrival-rate, ramping-arrival-rate, constant-vus or ramping-vus, found "walking"`,
			`s.yaml:16:37: scenario d.stages[0].target: expected a rate such as 2000/s or 120/m, found "5": no unit; write /s, /m or /h after the number`,
		}},
		{"steps", head + `scenarios:
  a:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - url: login
      - {url: /x, method: get}
      - {url: /y, body: a, json: {b: 1}}
      - {url: "/z/${nope}"}
      - {url: /t, think: "uniform(3s, 1s)"}
      - {url: /t2, think: 5}
      - {url: /u, headers: {Content-Length: "3"}}
      - {url: /v, checks: [{status: 700}, {jsonpath: "$[", equals: 1}, {header: X, body_contains: y}]}
      - {url: /w, extract: {tok: "token"}}
      - {url: /w2, name: "has space"}
`, []string{
			`s.yaml:9:14: url: expected a path starting with / (joined to base_url) or an absolute http:// or https:// URL, found "login"`,
			`s.yaml:10:27: method: expected an HTTP method such as GET, POST, PUT, PATCH or DELETE, found "get"`,
			`s.yaml:11:28: step POST /y: give body or json, not both`,
			`s.yaml:12:19: ${nope}: no variable "nope": declare it under variables: or extract it in an earlier step`,
			`s.yaml:13:26: think: expected a think time such as 1s, uniform(1s, 3s) or exponential(2s), found "uniform(3s, 1s)": uniform(3s, 1s): the least is above the most`,
			`s.yaml:14:27: think: expected a think time such as 1s, uniform(1s, 3s) or exponential(2s), found "5": a bare number has no unit; write ms, s, m or h after it`,
			`s.yaml:15:29: headers: Content-Length is set by plimsoll itself; remove it`,
			`s.yaml:16:37: status: expected a status code from 100 to 599 or a class such as 2xx, found "700"`,
			`s.yaml:16:54: jsonpath: expected an RFC 9535 JSONPath query such as $.items[0].id: unexpected eof at position 3`,
			`s.yaml:16:84: check: give one of status, header, body_contains, body_matches or jsonpath per check, not both header and body_contains`,
			`s.yaml:17:34: extract tok: expected a JSONPath query such as $.token, or a mapping with jsonpath, header or regex`,
			`s.yaml:18:26: name "has space": expected letters, digits, _, - or . (a name thresholds can refer to)`,
		}},
		{"use before extract", head + `scenarios:
  a:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {url: "/cart?t=${token}"}
      - {url: /login, extract: {token: $.token}}
`, []string{
			`s.yaml:9:24: ${token} is used before a step extracts it; steps run in order and variables start afresh each iteration`,
		}},
		{"names", head + `scenarios:
  a:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {name: x, url: /}
      - {name: x, url: /2}
      - group: x
        steps: [{url: /3}]
      - group: g
        steps: [{group: h, steps: []}]
`, []string{
			`s.yaml:10:9: step name "x" is already used in this scenario (at s.yaml:9:9); give each step its own name`,
			`s.yaml:11:16: group name "x" is already the name of a step (at s.yaml:9:9); a threshold on "x" would be ambiguous`,
			`s.yaml:14:17: group g: groups do not nest; end group g before starting another`,
		}},
		{"thresholds", head + `scenarios:
  a:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - group: checkout
        steps: [{name: pay, url: /}]
thresholds:
  - p99(checkout) < 200ms
  - latency < 1s
  - "error_rate < 1"
  - p99(chekout) < 1s
  - p99 = 1s
`, []string{
			`s.yaml:13:5: threshold: unknown statistic "latency"; expected p50, p90, p95, p99, p99.9 (any pN), med, avg, min, max, rate, requests, errors, error_rate, checks or dropped`,
			`s.yaml:14:19: threshold: error_rate compares with a percentage such as 1% or 99.5%: "1" has no % sign`,
			`s.yaml:15:9: threshold: unknown target "chekout": expected a group, step or scenario name (a, checkout or pay)`,
			`s.yaml:16:9: threshold: expected a comparison (<, <=, >, >=, == or !=), found '='; write == to test equality`,
		}},
		{"ambiguous threshold targets", head + `scenarios:
  web:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps: [{name: login, url: /}, {name: home, url: /h}]
  api:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {name: login, url: /api}
      - group: web
        steps: [{name: x, url: /x}]
thresholds:
  - p99(login) < 1s
  - p99(web) < 1s
  - p99(api) < 1s
  - p99(home) < 1s
`, []string{
			`s.yaml:18:9: threshold: step "login" is in scenarios web and api; give the steps different names to set a threshold on one`,
			`s.yaml:19:9: threshold: "web" is the name of a scenario and of a group (at s.yaml:15:16); rename one to set a threshold on it`,
		}},
		{"env", "version: 1\nbase_url: ${env.NOPE}\nscenarios: {}\n", []string{
			`s.yaml:2:13: environment variable NOPE is not set (give a default with ${env.NOPE:-value})`,
			`s.yaml:3:12: scenarios: expected at least one scenario`,
		}},
		{"name clashes", head + `variables: {a: "1", vu: "2"}
feeds:
  users: {file: users.csv}
  a: {file: users.csv}
scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {url: /, extract: {users: $.x, iter: $.y}}
`, []string{
			`s.yaml:3:21: variables: "vu" is not a usable variable name; expected a letter or _ then letters, digits, _ or - (and not vu, iter or env)`,
			`s.yaml:6:3: feeds: "a" is already the name of a variable`,
			`s.yaml:13:28: extract: "users" is the name of a feed`,
			`s.yaml:13:40: extract: "iter" is not a usable variable name; expected a letter or _ then letters, digits, _ or - (and not vu, iter or env)`,
		}},
		{"feeds", head + `feeds:
  users: {file: users.csv}
  bad: {file: bad.csv}
  none: {file: missing.csv}
  up: {file: ../x.csv}
  cur: {file: users.csv, cursor: random}
scenarios: {}
`, []string{
			`bad.csv:3:1: feed bad: wrong number of fields`,
			`s.yaml:6:16: feed none: read missing.csv: open missing.csv: file does not exist`,
			`s.yaml:7:14: feed up: file "../x.csv": expected a path relative to the scenario file's directory, inside it`,
			`s.yaml:8:34: feed cur.cursor: expected shared, per-vu or sticky, found "random"`,
			`s.yaml:9:12: scenarios: expected at least one scenario`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, got := parse(t, tt.src, "users.csv", "user,password\nann,pw\n", "bad.csv", "a,b\n1,2\n3,4,5\n")
			if f != nil && len(tt.want) > 0 {
				t.Errorf("got a File despite errors")
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("diagnostic %d:\n got: %s\nwant: %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseFull(t *testing.T) {
	src, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, ds := Parse(os.DirFS("testdata"), "full.yaml", src, LoadOptions{})
	if len(ds) > 0 {
		t.Fatalf("diagnostics:\n%v", ds.Err())
	}
	if got := f.Options; got != (Options{Timeout: 2 * time.Second, MaxConns: 64, Cookies: true, Duration: 10 * time.Second, Redirects: 3}) {
		t.Errorf("options = %+v", got)
	}
	if got := strings.Join(f.Targets, " "); got != "add browse buy checkout home login pay" {
		t.Errorf("targets = %q", got)
	}
	if len(f.Thresholds) != 5 || f.Thresholds[0].Pos.String() != "full.yaml:65:5" {
		t.Errorf("thresholds = %v, first at %v", f.Thresholds, f.Thresholds[0].Pos)
	}
	if sc := f.Scenarios[0]; sc.Duration != 10*time.Second {
		t.Errorf("browse duration %v, want options.duration 10s", sc.Duration)
	}
}

// A few lines of aliases can stand for a body of millions of values; the
// parser must refuse it quickly rather than build it.
func TestJSONAliasBomb(t *testing.T) {
	src := head + `x: 
  - &a0 [1, 2]
  - &a1 [*a0, *a0, *a0, *a0]
  - &a2 [*a1, *a1, *a1, *a1]
  - &a3 [*a2, *a2, *a2, *a2]
  - &a4 [*a3, *a3, *a3, *a3]
  - &a5 [*a4, *a4, *a4, *a4]
  - &a6 [*a5, *a5, *a5, *a5]
  - &a7 [*a6, *a6, *a6, *a6]
  - &a8 [*a7, *a7, *a7, *a7]
  - &a9 [*a8, *a8, *a8, *a8]
scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {url: /, json: *a9}
`
	_, msgs := parse(t, src)
	if !strings.Contains(strings.Join(msgs, "\n"), "json: the body grows past 100000 values") {
		t.Errorf("diagnostics:\n%s\nwant the body refused as too large", strings.Join(msgs, "\n"))
	}
}

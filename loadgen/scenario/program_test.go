package scenario

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/loadgen"
)

func mustParse(t *testing.T, src string, files ...string) *File {
	t.Helper()
	f, msgs := parse(t, src, files...)
	if f == nil || len(msgs) > 0 {
		t.Fatalf("parse:\n%s", strings.Join(msgs, "\n"))
	}
	return f
}

func oneScenario(steps string) string {
	return head + `variables: {sku: A-1, qty: "2"}
feeds:
  users: {file: users.csv, cursor: per-vu}
scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
` + steps
}

const users = "user,password\nann,\"p\"\"1\"\nbob,p2\ncyd,p3\n"

func reqText(r *loadgen.Request) string {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.URL.String())
	for _, f := range r.Header {
		b.WriteString("\n" + f.Name + ": " + f.Value)
	}
	if len(r.Body) > 0 {
		b.WriteString("\n\n" + string(r.Body))
	}
	return b.String()
}

func TestRenderRequests(t *testing.T) {
	f := mustParse(t, oneScenario(`
      - name: login
        url: /login?vu=${vu}&iter=${iter}
        headers: {X-User: "${users.user}"}
        json:
          user: ${users.user}
          password: "${users.password}"
          qty: ${qty}
          sku: ${sku}
          literal: "$$5 ${env.NONE:-x}"
          list: [1, true, null, 2.50]
      - name: raw
        method: PUT
        url: /items/${sku}
        body: "sku=${sku}&n=${qty}"
`), "users.csv", users)
	p := f.Scenarios[0].Program
	v := p.NewVU(1)
	a := v.Begin()
	want := `POST http://127.0.0.1:8080/login?vu=1&iter=0
X-User: bob
Content-Type: application/json

{"user":"bob","password":"p2","qty":2,"sku":"A-1","literal":"$5 x","list":[1,true,null,2.50]}`
	if got := reqText(a.Req); got != want {
		t.Errorf("first request:\n%s\nwant:\n%s", got, want)
	}
	a = v.Deliver(&loadgen.Response{Status: 200})
	if a.Kind != loadgen.Send {
		t.Fatalf("after login: %v, want send", a.Kind)
	}
	if got, want := reqText(a.Req), "PUT http://127.0.0.1:8080/items/A-1\n\nsku=A-1&n=2"; got != want {
		t.Errorf("second request:\n%s\nwant:\n%s", got, want)
	}
	if a.Req.Static {
		t.Errorf("a templated request is marked static")
	}
	// Next iteration: per-vu cursor moves VU 1 to row 2; a JSON-escaped
	// quote in a feed value stays inside its string.
	v.Deliver(&loadgen.Response{Status: 200})
	v.Begin()
	v.Deliver(&loadgen.Response{Status: 200})
	v.Deliver(&loadgen.Response{Status: 200})
	a = p.NewVU(2).Begin()
	if got := string(a.Req.Body); !strings.Contains(got, `"password":"p3"`) {
		t.Errorf("VU 2 body %s, want cyd's password", got)
	}
	a = p.NewVU(3).Begin()
	if got := string(a.Req.Body); !strings.Contains(got, `"password":"p\"1"`) {
		t.Errorf("VU 3 body %s, want ann's password with its quote escaped", got)
	}
}

func TestStaticRequestIsShared(t *testing.T) {
	f := mustParse(t, head+`options: {cookies: false}
scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {url: /a, json: {x: 1}}
`)
	p := f.Scenarios[0].Program
	a1, a2 := p.NewVU(0).Begin(), p.NewVU(1).Begin()
	if !a1.Req.Static || a1.Req != a2.Req {
		t.Errorf("a request without templates should be one shared static request; got static=%v shared=%v", a1.Req.Static, a1.Req == a2.Req)
	}
	if got := string(a1.Req.Body); got != `{"x":1}` {
		t.Errorf("body %s", got)
	}
}

func TestChecksAndExtraction(t *testing.T) {
	f := mustParse(t, oneScenario(`
      - name: a
        url: /a
        checks:
          - status: [200, 3xx]
          - header: Content-Type
            matches: ^application/json
          - jsonpath: $.n
            equals: 2.0
          - body_contains: '"ok"'
        extract:
          tok: $.token
          loc: {header: Location}
          id: {header: Location, regex: 'orders/([0-9]+)'}
          word: {regex: 'w=(\w+)'}
      - name: b
        url: /b/${tok}/${id}/${word}
        checks:
          - name: token echoed
            jsonpath: $.echo
            equals: ${tok}
`), "users.csv", users)
	p := f.Scenarios[0].Program
	infos := p.Steps()
	wantChecks := []string{`status in [200, 3xx]`, `header Content-Type matches "^application/json"`, `jsonpath $.n equals "2.0"`, `body contains "\"ok\""`, "extract tok", "extract loc", "extract id", "extract word"}
	if strings.Join(infos[0].Checks, "|") != strings.Join(wantChecks, "|") {
		t.Errorf("checks = %q\nwant %q", infos[0].Checks, wantChecks)
	}
	if !infos[0].Header || !infos[0].Body {
		t.Errorf("step a must ask for header and body: %+v", infos[0])
	}
	if got := infos[1].Checks; len(got) != 2 || got[1] != "status < 400" {
		t.Errorf("step b checks = %q, want the implicit status < 400 last", got)
	}
	body := []byte(`{"n": 2, "token": "t-9", "ok": true, "note": "w=hello"}`)
	hdr := []loadgen.Field{{Name: "content-type", Value: "application/json; charset=utf-8"}, {Name: "Location", Value: "/orders/42"}}

	v := p.NewVU(0)
	v.Begin()
	a := v.Deliver(&loadgen.Response{Status: 201 - 1, Header: hdr, Body: body})
	if a.Kind != loadgen.Send || a.Failed != 0 || a.Passed != 1<<8-1 {
		t.Fatalf("after a: kind %v passed %b failed %b, want send with 8 checks passed", a.Kind, a.Passed, a.Failed)
	}
	if got := a.Req.URL.String(); got != "http://127.0.0.1:8080/b/t-9/42/hello" {
		t.Errorf("URL %s", got)
	}
	a = v.Deliver(&loadgen.Response{Status: 200, Body: []byte(`{"echo":"t-9"}`)})
	if a.Kind != loadgen.Done || a.Passed != 3 || a.Failed != 0 {
		t.Errorf("after b: kind %v passed %b failed %b, want done, both passed", a.Kind, a.Passed, a.Failed)
	}

	// A failed check, or a missing value to extract, ends the iteration.
	v.Begin()
	a = v.Deliver(&loadgen.Response{Status: 200, Header: hdr[:1], Body: []byte(`{"n": 3}`)})
	if a.Kind != loadgen.Abort {
		t.Fatalf("kind %v, want abort", a.Kind)
	}
	if want := uint64(1<<2 | 1<<3 | 1<<4 | 1<<5 | 1<<6 | 1<<7); a.Failed != want || a.Passed != 1<<0|1<<1 {
		t.Errorf("failed %b passed %b, want failed %b passed 11", a.Failed, a.Passed, want)
	}
	// A transport error ends it too, with no check reported.
	v.Begin()
	a = v.Deliver(&loadgen.Response{Err: loadgen.ErrReset})
	if a.Kind != loadgen.Abort || a.Passed|a.Failed != 0 {
		t.Errorf("after a reset: %+v, want abort without checks", a)
	}
	// A 500 fails the status check of a step that states none.
	v.Begin()
	v.Deliver(&loadgen.Response{Status: 200, Header: hdr, Body: body})
	a = v.Deliver(&loadgen.Response{Status: 500, Body: []byte(`{"echo":"t-9"}`)})
	if a.Kind != loadgen.Abort || a.Failed != 2 {
		t.Errorf("after a 500: kind %v failed %b, want abort with status < 400 failed", a.Kind, a.Failed)
	}
}

func TestVariablesStartAfresh(t *testing.T) {
	f := mustParse(t, head+`headers: {Authorization: "Bearer ${tok}"}
scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {name: login, url: /login, extract: {tok: $.t}}
      - {name: next, url: /next}
`)
	p := f.Scenarios[0].Program
	v := p.NewVU(0)
	for i := range 2 {
		a := v.Begin()
		if hasField(a.Req.Header, "Authorization") {
			t.Errorf("iteration %d: login sent Authorization with a token from before", i)
		}
		a = v.Deliver(&loadgen.Response{Status: 200, Body: []byte(`{"t":"abc"}`)})
		if got := fieldValue(a.Req.Header, "Authorization"); got != "Bearer abc" {
			t.Errorf("iteration %d: next sent Authorization %q", i, got)
		}
		v.Deliver(&loadgen.Response{Status: 200})
	}
}

func TestCookies(t *testing.T) {
	f := mustParse(t, head+`scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {name: a, url: /a}
      - {name: b, url: /b}
`)
	p := f.Scenarios[0].Program
	if !p.Steps()[0].Header {
		t.Fatalf("with cookies on, steps must ask for headers")
	}
	v1, v2 := p.NewVU(0), p.NewVU(1)
	v1.Begin()
	a := v1.Deliver(&loadgen.Response{Status: 200, Header: []loadgen.Field{{Name: "Set-Cookie", Value: "s=1; Path=/"}}})
	if got := fieldValue(a.Req.Header, "Cookie"); got != "s=1" {
		t.Errorf("VU 0 sent Cookie %q, want s=1", got)
	}
	if a := v2.Begin(); hasField(a.Req.Header, "Cookie") {
		t.Errorf("VU 1 sent VU 0's cookie")
	}
}

func hasField(h []loadgen.Field, name string) bool {
	_, ok := field2(h, name)
	return ok
}

func fieldValue(h []loadgen.Field, name string) string {
	v, _ := field2(h, name)
	return v
}

func field2(h []loadgen.Field, name string) (string, bool) {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

func TestThink(t *testing.T) {
	rng := rand.NewPCG(1, 2)
	u := think{kind: thinkUniform, a: time.Second, b: 3 * time.Second}
	e := think{kind: thinkExponential, a: 2 * time.Second}
	var sumU, sumE time.Duration
	const n = 20000
	for range n {
		d := u.sample(rng)
		if d < time.Second || d > 3*time.Second {
			t.Fatalf("uniform(1s, 3s) drew %v", d)
		}
		sumU += d
		x := e.sample(rng)
		if x < 0 || x > expCap*2*time.Second {
			t.Fatalf("exponential(2s) drew %v", x)
		}
		sumE += x
	}
	// The means of 20,000 draws sit within 2% of 2s with overwhelming
	// probability (the seed is fixed, so this is deterministic anyway).
	for name, mean := range map[string]time.Duration{"uniform": sumU / n, "exponential": sumE / n} {
		if mean < 1960*time.Millisecond || mean > 2040*time.Millisecond {
			t.Errorf("%s mean %v, want about 2s", name, mean)
		}
	}
	if d := (think{kind: thinkConstant, a: time.Second}).sample(rng); d != time.Second {
		t.Errorf("constant drew %v", d)
	}
}

func TestFeedCursors(t *testing.T) {
	rows := [][]string{{"a"}, {"b"}, {"c"}}
	tests := []struct {
		mode cursorMode
		want string // rows for (vu, iter) = (0,0) (0,1) (1,0) (1,1) (4,0), in call order
	}{
		{cursorShared, "abcab"},
		{cursorPerVU, "abbcb"},
		{cursorSticky, "aabbb"},
	}
	for _, tt := range tests {
		f := &feed{rows: rows, cursor: tt.mode}
		var got []byte
		for _, c := range [][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {4, 0}} {
			got = append(got, rows[f.row(c[0], c[1])][0][0])
		}
		if string(got) != tt.want {
			t.Errorf("cursor %d: rows %s, want %s", tt.mode, got, tt.want)
		}
	}
}

func TestJSONScalar(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "-1.5e3": true, "12": true, "true": true, "null": true, "01": false, "1.": false, "abc": false, "": false, "- 1": false, "1e": false} {
		if got := isJSONScalar(s); got != want {
			t.Errorf("isJSONScalar(%q) = %v, want %v", s, got, want)
		}
	}
	if got := string(appendJSONInner(nil, "a\"b\\c\n\x01\xffé")); got != `a\"b\\c\n\u0001\ufffdé` {
		t.Errorf("appendJSONInner = %s", got)
	}
}

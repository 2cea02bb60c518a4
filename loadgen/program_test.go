package loadgen

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestURLProgram(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:8080/a?b=c")
	p := NewURLProgram("", u, nil, nil, 2*time.Second)
	steps := p.Steps()
	if len(steps) != 1 || steps[0].Name != "GET /a" {
		t.Fatalf("Steps() = %+v, want one step named GET /a", steps)
	}
	vu := p.NewVU(7)
	a := vu.Begin()
	if a.Kind != Send || a.Req == nil || !a.Req.Static || a.Req.URL != u || a.Req.Method != "GET" {
		t.Fatalf("Begin() = %+v, want a static GET of %v", a, u)
	}
	a = vu.Deliver(&Response{Status: 500})
	if a.Kind != Done || a.Wait != 2*time.Second {
		t.Fatalf("Deliver() = %+v, want Done after 2s", a)
	}
}

func TestErrorClassNames(t *testing.T) {
	for c := ErrConnect; c < numErrorClasses; c++ {
		got, ok := ParseErrorClass(c.String())
		if !ok || got != c {
			t.Errorf("ParseErrorClass(%q) = %v, %v; want %v", c.String(), got, ok, c)
		}
	}
	if _, ok := ParseErrorClass("nonsense"); ok {
		t.Error("ParseErrorClass(nonsense) succeeded")
	}
}

func TestResponseGet(t *testing.T) {
	r := &Response{Header: []Field{{"Set-Cookie", "a=1"}, {"content-type", "text/plain"}, {"set-cookie", "b=2"}}}
	if got := r.Get("Content-Type"); got != "text/plain" {
		t.Errorf("Get(Content-Type) = %q, want text/plain", got)
	}
	if got := strings.Join(r.Values("SET-COOKIE"), ","); got != "a=1,b=2" {
		t.Errorf("Values(SET-COOKIE) = %q, want a=1,b=2", got)
	}
	if got := r.Get("missing"); got != "" {
		t.Errorf("Get(missing) = %q, want empty", got)
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"2000/s", 2000, false},
		{"2000", 2000, false},
		{" 120/m ", 2, false},
		{"3600/h", 1, false},
		{"50/100ms", 500, false},
		{"1.5/s", 1.5, false},
		{"", 0, true},
		{"x/s", 0, true},
		{"-1/s", 0, true},
		{"10/day", 0, true},
		{"10/0s", 0, true},
		{"NaN/s", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestScenarioValidate(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1/")
	p := NewURLProgram("GET", u, nil, nil, 0)
	tests := []struct {
		name string
		s    Scenario
		want string // substring of the error, "" for none
	}{
		{"open ok", Scenario{Program: p, Executor: ConstantArrivalRate, Rate: 10, Duration: time.Second}, ""},
		{"closed ok", Scenario{Program: p, Executor: ConstantVUs, VUs: 1, Duration: time.Second}, ""},
		{"ramp ok", Scenario{Program: p, Executor: RampingVUs, Stages: []Stage{{time.Second, 5}}}, ""},
		{"no rate", Scenario{Program: p, Executor: ConstantArrivalRate, Duration: time.Second}, "rate above 0"},
		{"no duration", Scenario{Program: p, Executor: ConstantVUs, VUs: 3}, "duration"},
		{"no stages", Scenario{Program: p, Executor: RampingArrivalRate}, "stage"},
		{"bad stage", Scenario{Program: p, Executor: RampingVUs, Stages: []Stage{{0, -1}}}, "stage 1"},
		{"no program", Scenario{Executor: ConstantVUs, VUs: 1, Duration: time.Second}, "no program"},
		{"no executor", Scenario{Program: p}, "unknown executor"},
	}
	for _, tt := range tests {
		err := tt.s.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: Validate() = %v, want nil", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: Validate() = %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestParseExecutor(t *testing.T) {
	for _, e := range []Executor{ConstantArrivalRate, RampingArrivalRate, ConstantVUs, RampingVUs} {
		got, err := ParseExecutor(e.String())
		if err != nil || got != e {
			t.Errorf("ParseExecutor(%q) = %v, %v; want %v", e.String(), got, err, e)
		}
	}
	if _, err := ParseExecutor("shared-iterations"); err == nil {
		t.Error("ParseExecutor(shared-iterations) succeeded")
	}
}

func TestEncodeRequest(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:8080/p?q=1")
	r := &Request{Method: "POST", URL: u, Header: []Field{{"X-A", "b"}, {"Content-Length", "99"}}, Body: []byte("hi")}
	buf, off := encodeRequest(nil, r)
	putTrace(buf[off:], 0x0102030405060708, 0x1112131415161718, 0xaabbccddeeff0011)
	want := "POST /p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: plimsoll\r\nX-A: b\r\nContent-Length: 2\r\n" +
		"traceparent: 00-01020304050607081112131415161718-aabbccddeeff0011-01\r\n\r\nhi"
	if string(buf) != want {
		t.Errorf("encodeRequest() =\n%q\nwant\n%q", buf, want)
	}
}

package scenario

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/loadgen"
	"github.com/plimsoll/plimsoll/loadgen/scenario/scenariotest"
)

func redirectProgram(t *testing.T, redirects string) loadgen.Program {
	t.Helper()
	f := mustParse(t, head+`options: {redirects: `+redirects+`}
scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {name: login, url: /login, json: {user: ann}, checks: [{status: 200}]}
      - {name: next, url: /next}
`)
	return f.Scenarios[0].Program
}

func location(status int, loc string) *loadgen.Response {
	return &loadgen.Response{Status: status, Header: []loadgen.Field{{Name: "Location", Value: loc}}}
}

func TestRedirects(t *testing.T) {
	tests := []struct {
		name      string
		redirects string
		replies   []*loadgen.Response
		want      []string // the requests sent after the first, as "METHOD URL body"
		end       string   // "next" when the journey moved on to step next
	}{
		{"303 becomes GET without body", "10",
			[]*loadgen.Response{location(303, "/welcome?x=1#top"), {Status: 200}},
			[]string{"GET http://127.0.0.1:8080/welcome?x=1 "}, "next"},
		{"307 keeps method and body", "10",
			[]*loadgen.Response{location(307, "http://127.0.0.1:8080/login2"), {Status: 200}},
			[]string{`POST http://127.0.0.1:8080/login2 {"user":"ann"}`}, "next"},
		{"another host is not followed", "10",
			[]*loadgen.Response{location(302, "http://127.0.0.2:8080/elsewhere")},
			nil, "abort"}, // the 302 is the step's response, and it fails status: 200
		{"hops are bounded", "2",
			[]*loadgen.Response{location(302, "/a"), location(302, "/b"), location(302, "/c")},
			[]string{"GET http://127.0.0.1:8080/a ", "GET http://127.0.0.1:8080/b "}, "abort"},
		{"redirects: 0 follows none", "0",
			[]*loadgen.Response{location(302, "/a")},
			nil, "abort"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := redirectProgram(t, tt.redirects).NewVU(0)
			a := v.Begin()
			var sent []string
			for i, r := range tt.replies {
				r.Step = 0
				a = v.Deliver(r)
				if i == len(tt.replies)-1 {
					break
				}
				if a.Kind != loadgen.Send || a.Req.Step != 0 || a.Passed|a.Failed != 0 {
					t.Fatalf("after reply %d: %+v, want a send of the same step without check results", i, a)
				}
				sent = append(sent, a.Req.Method+" "+a.Req.URL.String()+" "+string(a.Req.Body))
				if hasField(a.Req.Header, "Content-Type") != (len(a.Req.Body) > 0) {
					t.Errorf("redirected request has Content-Type %v with body %q", hasField(a.Req.Header, "Content-Type"), a.Req.Body)
				}
			}
			if strings.Join(sent, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sent %q, want %q", sent, tt.want)
			}
			switch tt.end {
			case "next":
				if a.Kind != loadgen.Send || a.Req.Step != 1 {
					t.Errorf("end %+v, want the next step", a)
				}
			case "abort":
				if a.Kind != loadgen.Abort {
					t.Errorf("end %v, want abort", a.Kind)
				}
			}
		})
	}
}

// Against a real server: the login answers 303 with a session cookie, and
// the page it points to needs that cookie.
func TestRedirectWithCookieAgainstServer(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: "s1", Path: "/"})
		http.Redirect(w, r, "/home", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /home", func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("sid"); err != nil || c.Value != "s1" {
			http.Error(w, "no session", http.StatusUnauthorized)
			return
		}
		w.Write([]byte("welcome"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := mustParse(t, `version: 1
base_url: `+srv.URL+`
scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {name: login, url: /login, method: POST, checks: [{status: 200}, {body_contains: welcome}]}
`)
	p := f.Scenarios[0].Program
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	its, err := scenariotest.Drive(context.Background(), client, p, p.NewVU(0), 1)
	if err != nil {
		t.Fatal(err)
	}
	it := its[0]
	if it.End != loadgen.Done || len(it.Exchanges) != 2 || it.Exchanges[1].Status != 200 || len(it.Exchanges[1].Failed) != 0 {
		t.Fatalf("iteration %+v, want the 303 followed to a 200 that passes both checks", it)
	}
}

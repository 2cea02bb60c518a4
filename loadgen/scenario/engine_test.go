package scenario

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/loadgen"
)

// TestEngineRun runs a file through the engine against a loopback server:
// a static request shared by every VU, a templated one, a redirect and a
// cookie, under the open and the closed model at once.
func TestEngineRun(t *testing.T) {
	var home, items, cookied atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		home.Add(1)
		http.SetCookie(w, &http.Cookie{Name: "v", Value: "1", Path: "/"})
		w.Write([]byte(`{"id": 7}`))
	})
	mux.HandleFunc("GET /old/{id}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/items/"+r.PathValue("id"), http.StatusFound)
	})
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		items.Add(1)
		if c, err := r.Cookie("v"); err == nil && c.Value == "1" {
			cookied.Add(1)
		}
		w.Write([]byte(`{"id": ` + r.PathValue("id") + `}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := mustParse(t, `version: 1
base_url: `+srv.URL+`
scenarios:
  open:
    executor: constant-arrival-rate
    rate: 50/s
    duration: 1s
    vus: 5
    steps:
      - {name: static-home, url: /, checks: [{jsonpath: $.id, equals: 7}]}
  closed:
    executor: constant-vus
    vus: 5
    duration: 1s
    steps:
      - {name: home, url: /, extract: {id: $.id}}
      - {name: item, url: "/old/${id}", checks: [{status: 200}, {jsonpath: $.id, equals: "${id}"}], think: 50ms}
thresholds:
  - checks == 100%
`)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := loadgen.Run(ctx, f.Scenarios, loadgen.Options{GracefulStop: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Errors != 0 {
		t.Errorf("errors %v; want none", res.Total.ErrorClasses)
	}
	if items.Load() == 0 || cookied.Load() != items.Load() {
		t.Errorf("%d item requests, %d with the cookie; want some, all with it", items.Load(), cookied.Load())
	}
	for _, th := range f.Thresholds {
		if v := th.Eval(res); !v.OK {
			t.Errorf("threshold %s", v)
		}
	}
	for _, s := range res.Steps {
		if s.Requests == 0 {
			t.Errorf("step %s/%s sent nothing", s.Scenario, s.Name)
		}
	}
}

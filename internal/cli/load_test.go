package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdServe is the scripts' "serve NAME [BEHAVIOUR...]" command: it starts a
// target server on loopback for the rest of the script and sets $NAME to
// its URL. Behaviours: "delay=DURATION" answers every request after
// DURATION; "status=CODE" answers with CODE; "json" answers a small JSON
// object with a token, for scenario files.
func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: serve NAME [delay=D] [status=CODE] [json]")
	}
	var delay time.Duration
	status, json := 200, false
	for _, a := range args[1:] {
		k, v, _ := strings.Cut(a, "=")
		switch k {
		case "delay":
			d, err := time.ParseDuration(v)
			ts.Check(err)
			delay = d
		case "status":
			_, err := fmt.Sscan(v, &status)
			ts.Check(err)
		case "json":
			json = true
		default:
			ts.Fatalf("serve: unknown behaviour %q", a)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if delay > 0 {
			time.Sleep(delay)
		}
		if json {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"token": "t-%s", "path": %q}`, r.Method, r.URL.Path)
			return
		}
		w.WriteHeader(status)
		fmt.Fprint(w, "ok")
	}))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], srv.URL)
}

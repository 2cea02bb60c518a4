package cli

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite the golden files inside testdata/script/*.txtar")

// TestMain lets the scripts run the real command: testscript re-executes
// this test binary as "plimsoll", which calls Run like cmd/plimsoll does.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"plimsoll": func() {
			os.Exit(Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScript runs the end-to-end scripts under testdata/script. Each is a
// txtar archive: commands to run, then the files they work on.
//
// Besides testscript's commands, scripts have
//
//	exits CODE PROGRAM ARGS...
//
// which runs PROGRAM like exec and checks its exact exit status, and
//
//	eol FILE
//
// which checks that FILE (stdout, stderr or a file) is not empty and ends
// with a newline, as every machine-readable output must: tools that read
// line by line, and shells, lose or garble a last line without one.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			// The scripts decide about colour; the developer's shell does not.
			env.Setenv("NO_COLOR", "")
			env.Setenv("TERM", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"serve": cmdServe, // load_test.go
			"eol": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: eol FILE")
				}
				data := ts.ReadFile(args[0])
				if !strings.HasSuffix(data, "\n") {
					tail := data[max(0, len(data)-40):]
					ts.Fatalf("%s does not end with a newline (%d bytes, ending %q)", args[0], len(data), tail)
				}
			},
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits CODE PROGRAM ARGS...")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exits: bad code %q", args[0])
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("exits: %v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
				}
			},
		},
	})
}

// Command gen writes a large, realistic Terraform configuration for
// benchmarks (see loader/terraform/terraformtest): a root module of many
// files, each a small service wired to the others with references, locals,
// count and for_each, plus local modules.
//
//	go run ./bench/audit/gen -files 2000 -resources 20000 -out /tmp/bigtf
//
// The output is deterministic for given flags. -files is the number of .tf
// files written (at least), -resources the number of resource blocks (at
// least).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/plimsoll/plimsoll/loader/terraform/terraformtest"
)

func main() {
	files := flag.Int("files", 2000, "number of .tf files to write (at least)")
	resources := flag.Int("resources", 20000, "number of resource blocks to write (at least)")
	out := flag.String("out", "", "directory to write (created if missing)")
	flag.Parse()
	if *out == "" || *files < 1 || *resources < 1 {
		fmt.Fprintln(os.Stderr, "usage: gen -files N -resources N -out DIR")
		os.Exit(2)
	}
	n, r, err := terraformtest.Generate(*out, *files, *resources)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d .tf files with %d resource blocks under %s\n", n, r, *out)
}

package loadgen_test

import (
	"fmt"

	"github.com/plimsoll/plimsoll/loadgen"
)

func ExampleParseRate() {
	for _, s := range []string{"2000/s", "120/m", "500/100ms"} {
		r, _ := loadgen.ParseRate(s)
		fmt.Println(s, "=", loadgen.FormatRate(r))
	}
	// Output:
	// 2000/s = 2000/s
	// 120/m = 2/s
	// 500/100ms = 5000/s
}

func ExampleMerge() {
	a := &loadgen.Result{Schema: loadgen.SchemaVersion, Processes: 1, Elapsed: 10,
		Total: loadgen.Metrics{Requests: 100, Errors: 1, ErrorClasses: map[string]int64{"timeout": 1}}}
	b := &loadgen.Result{Schema: loadgen.SchemaVersion, Processes: 1, Elapsed: 10,
		Total: loadgen.Metrics{Requests: 300}}
	all, err := loadgen.Merge(a, b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(all.Processes, "processes,", all.Total.Requests, "requests,", all.Total.Errors, "error")
	// Output:
	// 2 processes, 400 requests, 1 error
}

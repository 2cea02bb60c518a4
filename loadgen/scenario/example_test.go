package scenario_test

import (
	"fmt"
	"testing/fstest"

	"github.com/plimsoll/plimsoll/loadgen/scenario"
)

func ExampleParse() {
	src := []byte(`version: 1
base_url: http://127.0.0.1:8080
scenarios:
  shoppers:
    executor: constant-vus
    vus: 10
    duration: 30s
    steps:
      - name: login
        url: /login
        json: {user: ann, password: secret}
        extract: {token: $.token}
      - group: checkout
        steps:
          - name: pay
            url: /checkout
            method: POST
            headers: {Authorization: "Bearer ${token}"}
thresholds:
  - p99(checkout) < 200ms
`)
	f, ds := scenario.Parse(fstest.MapFS{}, "shop.yaml", src, scenario.LoadOptions{})
	if ds.HasErrors() {
		fmt.Println(ds.Err())
		return
	}
	sc := f.Scenarios[0]
	fmt.Println(sc.Name, sc.Executor, sc.VUs, sc.Duration)
	for _, st := range sc.Program.Steps() {
		fmt.Printf("%s (group %q): %v\n", st.Name, st.Group, st.Checks)
	}
	fmt.Println(f.Thresholds[0], "at", f.Thresholds[0].Pos)
	// Output:
	// shoppers constant-vus 10 30s
	// login (group ""): [status < 400 extract token]
	// pay (group "checkout"): [status < 400]
	// p99(checkout) < 200ms at shop.yaml:20:5
}

func ExampleParse_errors() {
	src := []byte(`version: 1
base_url: http://127.0.0.1:8080
scenarios:
  s:
    executor: constant-vus
    duration: 30
    steps:
      - url: /cart/${cart}
`)
	_, ds := scenario.Parse(fstest.MapFS{}, "shop.yaml", src, scenario.LoadOptions{})
	for _, d := range ds {
		fmt.Println(d)
	}
	// Output:
	// shop.yaml:4:3: scenario s: constant-vus needs vus, such as vus: 50
	// shop.yaml:6:15: scenario s.duration: expected a duration such as 500ms, 10s or 1m30s, found "30": a bare number has no unit; write ms, s, m or h after it
	// shop.yaml:8:20: ${cart}: no variable "cart": declare it under variables: or extract it in an earlier step
}

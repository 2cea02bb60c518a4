package scenario

import (
	"os"
	"runtime"
	"testing"

	"github.com/plimsoll/plimsoll/loadgen"
)

func shopProgram(b *testing.B) loadgen.Program {
	b.Helper()
	f, ds := Load(os.DirFS("testdata"), "shop.yaml", LoadOptions{})
	if ds.HasErrors() {
		b.Fatal(ds.Err())
	}
	return f.Scenarios[0].Program
}

// shopResponses answer the shop journey's five steps as the shop does.
var shopResponses = []*loadgen.Response{
	{Status: 200, Header: []loadgen.Field{{Name: "Content-Type", Value: "application/json"}, {Name: "Set-Cookie", Value: "session=ann.0123456789abcdef.0123456789abcdef0123456789abcdef; Path=/; HttpOnly"}},
		Body: []byte(`{"token":"ann.0123456789abcdef.0123456789abcdef0123456789abcdef","user":"ann"}`)},
	{Status: 200, Header: []loadgen.Field{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(`[{"id":1,"name":"kettle 1","price":6.25},{"id":2,"name":"teapot 1","price":7.5},{"id":3,"name":"mug 1","price":8.75}]`)},
	{Status: 200, Header: []loadgen.Field{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(`{"id":3,"name":"mug 1","price":8.75}`)},
	{Status: 200, Header: []loadgen.Field{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(`{"items":1,"total":8.75}`)},
	{Status: 200, Header: []loadgen.Field{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(`{"order_id":"ord-1","items":1,"total":8.75,"status":"confirmed"}`)},
}

// BenchmarkVUMemory measures what one virtual user of the shop journey
// holds once it has walked a whole iteration (variables set, a cookie in
// its jar, request buffers grown): the B/vu figure.
func BenchmarkVUMemory(b *testing.B) {
	p := shopProgram(b)
	const n = 50_000
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		vus := make([]loadgen.VU, n)
		for i := range vus {
			v := p.NewVU(i)
			a := v.Begin()
			for s := 0; a.Kind == loadgen.Send; s++ {
				a = v.Deliver(shopResponses[s])
			}
			if a.Kind != loadgen.Done {
				b.Fatalf("iteration ended %v", a.Kind)
			}
			vus[i] = v
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/vu")
		runtime.KeepAlive(vus)
	}
}

// BenchmarkIteration measures the scenario's own cost per request (build
// the request, check and extract from the response) over the shop journey,
// without any network: the engine's cost comes on top.
func BenchmarkIteration(b *testing.B) {
	p := shopProgram(b)
	v := p.NewVU(0)
	b.ReportAllocs()
	reqs := 0
	for b.Loop() {
		a := v.Begin()
		for s := 0; a.Kind == loadgen.Send; s++ {
			a = v.Deliver(shopResponses[s])
			reqs++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(reqs), "ns/req")
}

// BenchmarkStaticStep is a step with a templated URL and a default header,
// no checks beyond the status: the common case of a browse step.
func BenchmarkStaticStep(b *testing.B) {
	f, ds := Parse(nil, "s.yaml", []byte(head+`scenarios:
  s:
    executor: constant-vus
    vus: 1
    duration: 1s
    steps:
      - {name: p, url: "/products/${vu}?page=${iter}", headers: {Accept: application/json}}
`), LoadOptions{})
	if ds.HasErrors() {
		b.Fatal(ds.Err())
	}
	v := f.Scenarios[0].Program.NewVU(7)
	ok := &loadgen.Response{Status: 200}
	b.ReportAllocs()
	for b.Loop() {
		v.Begin()
		v.Deliver(ok)
	}
}

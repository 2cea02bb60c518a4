package tfplan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// FuzzLoad checks that no input makes Load panic, that every diagnostic
// names the file, and that loading is deterministic.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.plan.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// Large seeds make the fuzzer crawl (it minimises every new
		// input); the large fixtures are covered by the other tests.
		var compact bytes.Buffer
		if json.Compact(&compact, data) == nil && compact.Len() <= 32<<10 {
			f.Add(compact.Bytes())
		}
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b[\"x\"]","mode":"managed","values":{"v":[1,{"w":null}]}}]}},"resource_changes":[{"address":"a.b[\"x\"]","change":{"after_unknown":{"v":[true,{"w":true}],"z":true}}}],"configuration":{"root_module":{"resources":[{"address":"a.b","expressions":{"v":{"references":["var.x","module.m.o","each.value"]},"blk":{"single":{"references":["c.d[0].id"]}}},"for_each_expression":{"references":["c.d"]}}],"module_calls":{"m":{"expressions":{"x":{"references":["var.x"]}},"module":{"outputs":{"o":{"expression":{"references":["var.x","module.m.o"]}}}}}}}}}`))
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_vpc.a","mode":"managed","values":{"id":"v","arn":"v"}},{"address":"aws_subnet.b","mode":"managed","values":{"vpc_id":"v","x":[{"y":"v"}]}}]}}}`))
	src := fstest.MapFS{
		"main.tf":     {Data: []byte("# plimsoll:ignore x y\nresource \"a\" \"b\" {}\n")},
		"m/main.tf":   {Data: []byte("resource \"c\" \"d\" {\n")},
		"bad.tf.json": {Data: []byte("{")},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g1, ds1 := Load("plan.json", data, Options{Source: src, SourceDir: "."})
		g2, ds2 := Load("plan.json", data, Options{})
		for _, d := range append(ds1, ds2...) {
			if d.Pos.File == "" {
				t.Errorf("diagnostic without a file: %v", d)
			}
		}
		if g1.Len() != g2.Len() {
			t.Errorf("with and without source: %d and %d resources", g1.Len(), g2.Len())
		}
		for _, r := range g1.Resources() {
			o := g2.Resource(r.Addr)
			if o == nil || !r.Attrs.Cty().RawEquals(o.Attrs.Cty()) || len(g1.Out(r)) != len(g2.Out(o)) {
				t.Errorf("%s differs between two loads", r.Addr)
			}
		}
	})
}

package threshold

import (
	"bufio"
	"os"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that every error points inside
// the expression, and that whatever parses renders back to itself.
func FuzzParse(f *testing.F) {
	file, err := os.Open("testdata/valid.txt")
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		f.Add(sc.Text())
	}
	if err := sc.Err(); err != nil {
		f.Fatal(err)
	}
	m := fakeMetrics{"": {
		q:      map[float64]time.Duration{99: time.Millisecond},
		counts: Counts{Requests: 3, Errors: 1, ChecksPassed: 2, Elapsed: time.Second},
	}}
	f.Fuzz(func(t *testing.T, src string) {
		th, err := Parse(src)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("Parse(%q) error %T, want *Error", src, err)
			}
			if e.Col < 1 || e.Col > utf8.RuneCountInString(src)+1 {
				t.Fatalf("Parse(%q) error column %d outside 1..%d", src, e.Col, utf8.RuneCountInString(src)+1)
			}
			return
		}
		again, err := Parse(th.String())
		if err != nil {
			t.Fatalf("Parse(%q) ok as %q, which does not parse: %v", src, th.String(), err)
		}
		th.TargetCol, again.TargetCol = 0, 0
		if *again != *th {
			t.Fatalf("Parse(%q) = %+v, but Parse(String()) = %+v", src, th, again)
		}
		_ = th.Eval(m).String()
	})
}

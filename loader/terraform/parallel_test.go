package terraform

import (
	"sync/atomic"
	"testing"
)

func TestParallelRunsEachIndexOnce(t *testing.T) {
	l := &loader{}
	const n = 1000
	var seen [n]atomic.Int32
	l.parallel(n, func(i int) { seen[i].Add(1) })
	for i := range seen {
		if got := seen[i].Load(); got != 1 {
			t.Errorf("index %d ran %d times, want once", i, got)
		}
	}
}

// TestParallelPanicReachesCaller checks that a panic in a worker comes back
// in the caller's goroutine, where Load recovers it into a diagnostic rather
// than the process crashing.
func TestParallelPanicReachesCaller(t *testing.T) {
	l := &loader{}
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want boom", r)
		}
	}()
	l.parallel(100, func(i int) {
		if i == 42 {
			panic("boom")
		}
	})
	t.Error("parallel returned normally after a worker panicked")
}

// Package scenariotest drives virtual users of a loadgen.Program one at a
// time with net/http, without the load engine: enough to test that a
// journey works against a real server, step by step.
//
// Package scenariotest imports loadgen only; it must not be used outside
// tests.
package scenariotest

// Package threshold parses and evaluates the pass/fail conditions of a load
// run: expressions such as
//
//	p99(checkout) < 200ms
//	error_rate < 1%
//	rate > 1000/s
//	checks > 99%
//
// A threshold names a statistic, optionally the group, step or scenario it
// is about (in parentheses), a comparison and a value with its unit. Parse
// reports the column of any mistake and what was expected there; the
// scenario parser adds the file and line. Eval reads the measured values
// through the small Metrics interface, which the load engine implements, and
// returns a Verdict whose String is the line printed in the run summary.
//
// The grammar and every statistic are documented in docs/thresholds.md.
//
// Package threshold imports nothing of this module; it must not import the
// load engine (the engine imports it).
package threshold

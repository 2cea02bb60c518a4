// Package loadgen is plimsoll's HTTP load engine: executors for the open model
// (constant-arrival-rate, ramping-arrival-rate) and the closed model
// (constant-vus, ramping-vus), the HTTP hot path, HDR latency recording, the
// versioned results file, exact merging of results, and the breaking-point
// search.
//
// The HTTP/1.1 hot path is an epoll event loop per CPU on Linux
// (transport_linux.go); https and other systems use a goroutine per
// connection with the same response parser, and HTTP/2 uses net/http.
//
// A user journey plugs into the engine as a [Program]: a table of steps and a
// factory of virtual users, each a small state machine ([VU]) that the engine
// drives from its event loop. No goroutine is spent per virtual user, which
// is what lets 50,000 of them share one process.
//
// Latency is measured from the moment a request was meant to be sent (the
// intended start of an open-model iteration, or the moment a virtual user
// asked for it), never from the moment a connection became free, so a
// stalled server shows in the percentiles instead of being hidden
// (coordinated omission).
//
// Package loadgen imports loadgen/threshold (a Result is the metrics
// thresholds are judged on) and must not import loadgen/scenario,
// internal/cli, or any audit package (infra, rule, rules, loaders);
// scenario imports loadgen, not the reverse.
package loadgen

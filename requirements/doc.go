// Package requirements reads plimsoll.yaml, the requirements file every
// planning verb shares: per service the peak load (concurrent users with
// think time, or a request rate) per journey, latency objectives, the
// availability target, RPO and RTO, growth, horizon and buffer; per tier the
// resources it is made of, the capacity of one instance, its zones and
// connection pools; and overrides of assumed figures.
//
// The schema is versioned and documented in docs/requirements.md. Parse
// reports every problem with file:line:col and never panics.
//
// Package requirements imports only diag and internal/yamlpos (which
// reports YAML syntax errors) of this module: it knows
// nothing of the infrastructure graph or of how the figures are used.
package requirements

// Package scenario reads scenario files — the YAML description of a load
// test's user journeys, their executors and thresholds — and compiles each
// scenario into a loadgen.Program whose virtual users walk the journey:
// send a request, check the response, extract values for later steps, think,
// and go on.
//
// Load reads a file from an fs.FS and reports every problem at once as
// diagnostics with file:line:column and what was expected. The schema is
// documented in docs/scenario.md.
//
// Templates (${name}) are compiled once into literal and reference
// segments and rendered into buffers each virtual user reuses, so a static
// request is built once for the whole run and a templated one costs no
// allocation for its static parts. A virtual user keeps only what is its
// own: its variables, its feed rows, its cookie jar and a request buffer.
//
// Package scenario imports loadgen (whose Program it implements),
// loadgen/threshold, diag and internal/yamlpos. It must not import internal/cli or any audit
// package (infra, rule, rules, loaders).
package scenario

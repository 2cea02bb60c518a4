// Package prom exposes a running load test's metrics to Prometheus: request
// and error counters, status codes, latency summaries per step, virtual
// users and dropped iterations, refreshed once a second from the engine's
// progress reports.
//
// Package prom imports loadgen and the Prometheus client; it must not import
// internal/cli, loadgen/scenario or any audit package.
package prom

// Package capacity turns requirements and measured capacity into a plan
// (instances per zone so that losing any one zone still leaves enough,
// autoscaling bounds, connection budgets, composite availability) and, given
// the infrastructure graph, simulates failures: each zone, each resource,
// the primary database and the region lost, with the capacity left, the
// recovery time against the RTO and the data at risk against the RPO.
//
// Every figure it cannot read from the configuration is an assumed Figure
// with a public source, listed in docs/assumptions.md and overridable in the
// requirements file.
//
// Package capacity imports infra, infra/aws and infra/kube (provider
// queries such as cross-region backups and replica counts), diag and
// requirements of this module. It
// does no I/O beyond writing to the io.Writer its renderers are given: the
// CLI reads files and results.
package capacity

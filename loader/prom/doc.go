// Package prom reads Prometheus rule groups — from a rule file or from the
// spec of a PrometheusRule object — into the infrastructure model. Every
// alerting rule becomes a resource with role infra.Alarm, every recording
// rule and group a resource of its own, and alerts are linked to the
// recording rules whose series they read.
//
// Expressions are parsed with the Prometheus PromQL parser, and what rules
// need of them is stored as attributes (see Reader.Add): the metrics
// selected with their label matchers, the comparisons against constants, and
// the "for" duration in seconds. Rules never see PromQL text.
//
// Files and streams are read by package loader/kube, which hands documents
// with "groups" here; this package only walks YAML nodes. It imports only
// diag and infra of this module.
package prom

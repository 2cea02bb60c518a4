// Package prom holds the Prometheus alerting coverage rules: whether the
// alerting rules in the audit watch the signals the playbook names
// (sustained high CPU, a high error rate, low free disk) at sensible
// thresholds, and whether alerts wait out a spike before firing.
//
// Rules read the facts package loader/prom stored on each alert (selected
// metrics and matchers, comparisons with constants, the for duration); they
// never parse PromQL. Package prom imports only infra and rule of this
// module.
package prom

// Package rule defines what a rule is (metadata plus a check over the
// infrastructure graph), the findings rules produce, and the engine that runs
// a list of rules and applies suppressions.
//
// Package rule imports only infra, diag and internal/yamlpos (for the syntax
// errors of .plimsoll.yaml) of this module. The rules
// themselves live in package rules and its subpackages; renderers in report.
package rule

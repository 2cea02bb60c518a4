// Package report renders the result of an audit: plain text for people
// (grouped by severity, optionally coloured), and JSON, SARIF 2.1.0 and JUnit
// XML for machines. Every writer is a pure function of an Audit and Options:
// the same input gives byte-identical output, so reports can be diffed and
// tested against golden files.
//
// Package report imports only rule and diag of this module. It never loads
// input, runs rules or decides exit codes; internal/cli does.
package report

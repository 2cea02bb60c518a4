// Package rules registers every built-in rule in one explicit list,
// Builtin. The rules themselves live in one subpackage per concern; each has
// bad, good and (where a decisive value can be unknown) unknown fixtures
// under testdata, and one meta-test runs every rule against its fixtures.
//
// Rules import only infra (and its provider subpackages) and rule.
package rules

// Package rules registers every built-in rule in one explicit list,
// Builtin. The rules themselves live in one subpackage per concern; each has
// bad, good and (where a decisive value can be unknown) unknown fixtures
// under testdata, and one meta-test runs every rule against its fixtures.
// Capacity holds only the metadata of the rules audit --requirements adds:
// their checks need the capacity simulation, which the CLI wires in.
//
// Rules import only infra (and its provider subpackages) and rule.
package rules

// Package diag holds diagnostics: problems found while reading input (or
// running the rules over it), each with a severity, a one-line summary, an
// optional detail, the source position it concerns and, for a rule that
// failed, the rule's ID.
//
// Loaders collect diagnostics rather than stopping at the first problem, so a
// single run can report everything wrong with its input.
//
// Package diag must not import any other package of this module.
package diag

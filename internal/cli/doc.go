// Package cli implements the plimsoll command line: one file per verb, each
// turning flags into an options struct, calling the engines, and mapping
// errors to exit codes. It is the only package that imports everything else.
package cli

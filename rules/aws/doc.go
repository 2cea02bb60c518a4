// Package aws holds plimsoll's rules for Amazon Web Services
// infrastructure: availability, scaling, observability, recovery and
// security checks over the graph, one rule per file, each with bad, good and
// unknown fixtures under testdata/<rule-id>/.
//
// Rules read the model only: they import infra, infra/aws and rule, never a
// loader, and must not report a finding that rests only on a value unknown
// before apply.
package aws

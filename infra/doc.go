// Package infra is the infrastructure model every loader builds and every
// rule reads: a graph of resources with stable addresses, a provider-neutral
// role, the zones each lives in, attributes as three-state values (known,
// unknown until apply, absent), edges between resources, and the source
// position each came from.
//
// The package does no I/O. It imports only package diag of this module;
// provider knowledge (what an aws_autoscaling_group is) lives in
// subpackages such as infra/aws, never here.
package infra

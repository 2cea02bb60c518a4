// Package aws holds what plimsoll knows about Amazon Web Services: which
// provider-neutral role each resource type plays, how to resolve the zones a
// resource lives in from the subnets and groups it refers to, and the graph
// queries rules and capacity planning ask of an AWS architecture — the zones
// a group spans, who can reach a resource through its security groups,
// whether a subnet routes to the internet, which alarms watch a resource and
// which backup plans cover it.
//
// Every answer that can depend on a value only known after apply is
// tri-state (infra.Tri); callers act only on a definite one.
//
// Package aws imports only infra of this module (and cty). It does no I/O and
// knows nothing of HCL, plan JSON or rules.
package aws

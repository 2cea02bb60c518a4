// Package kube holds what the model knows about Kubernetes objects: how
// their addresses are formed (k8s_deployment.shop["frontend"]), the role of
// each kind, and queries rules share — the pod template of a workload, its
// containers, its replica count, how its pods spread over zones, which
// EKS node groups (and so which zones) its pods can run on, and whether a
// label selector matches a set of labels.
//
// The objects themselves are loaded by package loader/kube; this package does
// no I/O. It imports only infra of this module.
package kube

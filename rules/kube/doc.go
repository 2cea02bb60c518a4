// Package kube holds the Kubernetes rules: replicas and autoscalers,
// disruption budgets, probes, resources, zone spread, container security and
// image tags, and the rules that look across layers at the EKS node groups
// the workloads run on. One file per rule; Rules lists them.
//
// Rules read the model through infra and infra/kube only; they never see
// YAML. Package kube imports only infra, infra/kube and rule of this module.
package kube

// Package kube loads Kubernetes manifests into the infrastructure model:
// multi-document YAML, JSON, and List objects, from files, folders or a
// stream such as the output of helm template or kustomize build.
//
// Each object becomes one infra.Resource whose attributes are the object as
// written. Addresses take the form k8s_KIND.NAMESPACE["NAME"], for example
// k8s_deployment.shop["frontend"]: the type is "k8s_" and the lowercased
// kind, the name is the namespace ("default" when the manifest gives none;
// "cluster" for cluster-scoped kinds), and the key is the object's name.
// Label selectors are resolved into edges (Service, PodDisruptionBudget and
// NetworkPolicy to the workloads whose pods they select, a
// HorizontalPodAutoscaler to its scale target, an Ingress to its Services).
//
// Prometheus rule files and PrometheusRule objects met on the way are handed
// to package loader/prom, so a folder of manifests and rules loads in one
// call.
//
// One bad document is one diagnostic with its file and line; it never stops
// the others from loading. Kinds the loader does not know (custom resources)
// load as opaque resources.
//
// Package kube imports only diag, infra, infra/kube, loader/prom and
// internal/yamlpos (which reports YAML syntax errors) of this module.
package kube

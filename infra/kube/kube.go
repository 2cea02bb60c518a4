package kube

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// TypePrefix starts the resource type of every Kubernetes object:
// k8s_deployment, k8s_service. It keeps manifests apart from the Terraform
// kubernetes provider's own kubernetes_deployment resources.
const TypePrefix = "k8s_"

// ClusterScope is the address name of cluster-scoped objects (Namespace,
// ClusterRole, ...), which have no namespace.
const ClusterScope = "cluster"

// DefaultNamespace is where an object without metadata.namespace lands, as
// kubectl applies it with the default context.
const DefaultNamespace = "default"

// Type returns the resource type of a kind: "Deployment" → "k8s_deployment".
func Type(kind string) string {
	var b strings.Builder
	b.WriteString(TypePrefix)
	for _, c := range strings.ToLower(kind) {
		if c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Address returns the address of the object of the given kind, namespace
// and name. An empty namespace means the default one for namespaced kinds.
func Address(kind, namespace, name string) infra.Address {
	return infra.NewAddress(nil, infra.Managed, Type(kind), scopeName(kind, namespace), infra.StringKey(name))
}

func scopeName(kind, ns string) string {
	if clusterScoped[kind] {
		return ClusterScope
	}
	if ns == "" {
		ns = DefaultNamespace
	}
	// Namespaces are DNS labels and may start with a digit, which an
	// address name may not; such names get a leading underscore, which no
	// namespace can contain, so two namespaces never share an address.
	var b strings.Builder
	for i, c := range ns {
		switch {
		case c == '-' && i > 0, c >= '0' && c <= '9' && i > 0, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
			b.WriteRune(c)
		case i == 0 && (c >= '0' && c <= '9' || c == '-'):
			b.WriteByte('_')
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// clusterScoped lists the built-in kinds that live outside namespaces.
var clusterScoped = map[string]bool{
	"Namespace": true, "Node": true, "PersistentVolume": true, "StorageClass": true,
	"ClusterRole": true, "ClusterRoleBinding": true, "CustomResourceDefinition": true,
	"PriorityClass": true, "IngressClass": true, "RuntimeClass": true, "CSIDriver": true,
	"CSINode": true, "APIService": true, "PodSecurityPolicy": true, "VolumeAttachment": true,
	"ValidatingWebhookConfiguration": true, "MutatingWebhookConfiguration": true,
	"ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true,
	"GatewayClass": true, "ClusterIssuer": true,
}

// RoleOf returns the role of a kind: Workload for the kinds that run pods,
// LoadBalancer for Service and Ingress, Autoscaler, Firewall, Volume, Policy;
// infra.Other for the rest.
func RoleOf(kind string) infra.Role { return roles[kind] }

// IsClusterScoped reports whether a built-in kind lives outside namespaces.
func IsClusterScoped(kind string) bool { return clusterScoped[kind] }

// roles gives the role of the kinds the model knows; other kinds are
// opaque (infra.Other).
var roles = map[string]infra.Role{
	"Deployment": infra.Workload, "StatefulSet": infra.Workload, "DaemonSet": infra.Workload,
	"ReplicaSet": infra.Workload, "ReplicationController": infra.Workload, "Pod": infra.Workload,
	"Job": infra.Workload, "CronJob": infra.Workload,
	"Service": infra.LoadBalancer, "Ingress": infra.LoadBalancer,
	"HorizontalPodAutoscaler": infra.Autoscaler,
	"NetworkPolicy":           infra.Firewall,
	"Namespace":               infra.Network,
	"PersistentVolumeClaim":   infra.Volume, "PersistentVolume": infra.Volume,
	"Role": infra.Policy, "ClusterRole": infra.Policy, "RoleBinding": infra.Policy, "ClusterRoleBinding": infra.Policy,
	"ServiceAccount": infra.Policy,
}

// PodTemplateOf returns the pod (or pod template) an object of the given
// kind makes pods from: an object with metadata and spec. ok is false for
// kinds that make no pods.
func PodTemplateOf(kind string, attrs infra.Value) (infra.Value, bool) {
	switch kind {
	case "Pod":
		return attrs, true
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
		return attrs.Path("spec.template"), true
	case "CronJob":
		return attrs.Path("spec.jobTemplate.spec.template"), true
	}
	return infra.Absent, false
}

// PodTemplate returns the pod template of a workload resource loaded by this
// package (a Pod is its own template): an object with metadata and spec.
// ok is false for resources that make no pods.
func PodTemplate(r *infra.Resource) (infra.Value, bool) {
	kind, ok := Kind(r)
	if !ok {
		return infra.Absent, false
	}
	return PodTemplateOf(kind, r.Attrs)
}

// Kind returns the kind of a resource loaded by this package.
func Kind(r *infra.Resource) (string, bool) {
	if !strings.HasPrefix(r.Addr.Type, TypePrefix) {
		return "", false
	}
	return r.Attrs.Get("kind").Str()
}

// StringMap reads a map of strings (labels, a selector's matchLabels).
// known is false when some value is not a plain scalar.
func StringMap(v infra.Value) (map[string]string, bool) {
	keys, _ := v.Keys()
	m := make(map[string]string, len(keys))
	ok := true
	for _, k := range keys {
		s, isStr := v.Get(k).Str()
		if !isStr {
			ok = false
			continue
		}
		m[k] = s
	}
	return m, ok
}

// Workload kinds, in the order rules mention them.
const (
	Deployment            = "Deployment"
	StatefulSet           = "StatefulSet"
	DaemonSet             = "DaemonSet"
	ReplicaSet            = "ReplicaSet"
	ReplicationController = "ReplicationController"
	Pod                   = "Pod"
	Job                   = "Job"
	CronJob               = "CronJob"
)

// Namespace returns the namespace of a namespaced object as loaded ("default"
// when the manifest gives none), and "" for cluster-scoped ones.
func Namespace(r *infra.Resource) string {
	kind, _ := Kind(r)
	if clusterScoped[kind] {
		return ""
	}
	if ns, ok := r.Get("metadata.namespace").Str(); ok && ns != "" {
		return ns
	}
	return DefaultNamespace
}

// Name returns metadata.name (or generateName followed by "*").
func Name(r *infra.Resource) string {
	if s, ok := r.Get("metadata.name").Str(); ok && s != "" {
		return s
	}
	if s, ok := r.Get("metadata.generateName").Str(); ok {
		return s + "*"
	}
	return ""
}

// Ref renders an object for messages: "Deployment shop/frontend".
func Ref(r *infra.Resource) string {
	kind, _ := Kind(r)
	if ns := Namespace(r); ns != "" {
		return kind + " " + ns + "/" + Name(r)
	}
	return kind + " " + Name(r)
}

// Replicas returns spec.replicas of a Deployment, StatefulSet, ReplicaSet or
// ReplicationController, 1 when absent as the API server defaults it. ok is
// false when the value is not a whole number (an unrendered placeholder such
// as "${REPLICAS}").
func Replicas(r *infra.Resource) (n int64, ok bool) {
	return r.Get("spec.replicas").IntOr(1)
}

// Scalable reports whether a kind has a replica count an autoscaler or a
// person sets.
func Scalable(kind string) bool {
	switch kind {
	case Deployment, StatefulSet, ReplicaSet, ReplicationController:
		return true
	}
	return false
}

// LongRunning reports whether a kind runs pods meant to stay up (not Jobs).
func LongRunning(kind string) bool {
	switch kind {
	case Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Pod:
		return true
	}
	return false
}

// Container is one container of a pod spec.
type Container struct {
	Name string
	// Init is set for init containers.
	Init bool
	// Attrs is the container object as written.
	Attrs infra.Value
}

// Containers returns the containers of a pod spec (the value under
// template.spec, or a Pod's spec): init containers first, then the others.
func Containers(podSpec infra.Value) []Container {
	var out []Container
	for _, f := range []struct {
		key  string
		init bool
	}{{"initContainers", true}, {"containers", false}} {
		elems, _ := podSpec.Get(f.key).Elems()
		for _, e := range elems {
			name, _ := e.Get("name").Str()
			out = append(out, Container{Name: name, Init: f.init, Attrs: e})
		}
	}
	return out
}

package kube

import (
	"slices"

	"github.com/plimsoll/plimsoll/infra"
)

// Selector is a label selector: the equality map of a Service or
// ReplicationController, or the matchLabels and matchExpressions of
// everything newer.
type Selector struct {
	labels map[string]string
	exprs  []requirement
	// Empty is set when the selector has no terms at all.
	Empty bool
	// Known is false when part of it could not be read (a malformed
	// expression, a value that is not a string): matching then answers
	// Unknown rather than guessing.
	Known bool
}

type requirement struct {
	key, op string
	values  []string
}

// MapSelector reads an equality selector: a map of label to value.
func MapSelector(v infra.Value) Selector {
	m, ok := StringMap(v)
	return Selector{labels: m, Empty: len(m) == 0, Known: ok}
}

// LabelSelector reads a metav1.LabelSelector (matchLabels and
// matchExpressions).
func LabelSelector(v infra.Value) Selector {
	m, ok := StringMap(v.Get("matchLabels"))
	s := Selector{labels: m, Known: ok}
	exprs, _ := v.Get("matchExpressions").Elems()
	for _, e := range exprs {
		key, ok1 := e.Get("key").Str()
		op, ok2 := e.Get("operator").Str()
		vals, ok3 := e.Get("values").Strings()
		switch op {
		case "In", "NotIn", "Exists", "DoesNotExist":
		default:
			ok2 = false
		}
		if !ok1 || !ok2 || !ok3 {
			s.Known = false
			continue
		}
		s.exprs = append(s.exprs, requirement{key: key, op: op, values: vals})
	}
	s.Empty = len(s.labels) == 0 && len(exprs) == 0
	return s
}

// Matches answers whether the selector selects an object with the given
// labels. An empty selector matches everything; callers decide whether an
// empty selector means "all" (PodDisruptionBudget, NetworkPolicy) or "none"
// (Service).
func (s Selector) Matches(labels map[string]string) infra.Tri {
	for k, v := range s.labels {
		if got, ok := labels[k]; !ok || got != v {
			return infra.False
		}
	}
	for _, r := range s.exprs {
		got, has := labels[r.key]
		var ok bool
		switch r.op {
		case "In":
			ok = has && slices.Contains(r.values, got)
		case "NotIn":
			ok = !has || !slices.Contains(r.values, got)
		case "Exists":
			ok = has
		case "DoesNotExist":
			ok = !has
		}
		if !ok {
			return infra.False
		}
	}
	if !s.Known {
		return infra.Unknown
	}
	return infra.True
}

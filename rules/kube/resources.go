package kube

import (
	"github.com/plimsoll/plimsoll/infra"
	k8s "github.com/plimsoll/plimsoll/infra/kube"
)

// limitRangeDefaults returns, for a namespace, which container resources a
// LimitRange fills in when a container does not set them: "requests.cpu",
// "limits.memory", ... (a default limit also becomes the default request).
func limitRangeDefaults(g *infra.Graph, r *infra.Resource) map[string]bool {
	out := map[string]bool{}
	for _, lr := range sameNamespace(g, r, k8s.Type("LimitRange")) {
		limits, _ := lr.Get("spec.limits").Elems()
		for _, l := range limits {
			if t, ok := l.Get("type").Str(); !ok || t != "Container" {
				continue
			}
			for _, res := range []string{"cpu", "memory"} {
				if !l.Path("default." + res).IsAbsent() {
					out["limits."+res] = true
					out["requests."+res] = true
				}
				if !l.Path("defaultRequest." + res).IsAbsent() {
					out["requests."+res] = true
				}
			}
		}
	}
	return out
}

// hasResource reports whether a container sets (or inherits from a
// LimitRange) resources.<path>; a limit also sets the request when the
// request is absent, as the API server does.
func hasResource(c k8s.Container, path string, defaults map[string]bool) bool {
	if defaults[path] || !c.Attrs.Path("resources."+path).IsAbsent() {
		return true
	}
	if res, ok := cutPrefix(path, "requests."); ok {
		return !c.Attrs.Path("resources.limits." + res).IsAbsent()
	}
	return false
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return s, false
}

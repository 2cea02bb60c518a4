package kube

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func imageTag() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "k8s-image-tag",
			Title:    "Container image pinned to latest or to no tag",
			Severity: rule.Medium,
			Concern:  rule.Recovery,
			Rationale: "An image without a tag means :latest, and :latest means whatever was pushed last. Two " +
				"pods of one Deployment can run different code depending on when their node pulled it, a node " +
				"replaced after a zone failure comes back with a newer, untested build, and rolling back to the " +
				"previous ReplicaSet rolls back nothing. A tag that is never reused, or a digest, makes every " +
				"pod run the release that was tested. Images written as a placeholder (${IMAGE}) are left alone.",
			Remediation: "Pin every image to a release tag that is never overwritten (app:1.4.2), or to a digest " +
				"(app@sha256:...).",
			Example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "registry.example.com:5000/web:1.4.2"}]`,
			Links: []string{
				"https://kubernetes.io/docs/concepts/containers/images/#image-names",
				"https://kubernetes.io/docs/concepts/configuration/overview/#container-images",
			},
			Types: []string{"k8s_deployment", "k8s_statefulset", "k8s_daemonset", "k8s_replicaset", "k8s_replicationcontroller", "k8s_pod", "k8s_job", "k8s_cronjob"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, w := range workloads(g, allKinds) {
				var bad []string
				for _, c := range containers(w, true) {
					image, ok := c.Attrs.Get("image").Str()
					if !ok {
						continue
					}
					if tag, pinned, known := parseImage(image); known && !pinned && (tag == "" || tag == "latest") {
						bad = append(bad, quote(c.Name)+" ("+image+")")
					}
				}
				if len(bad) > 0 {
					hits = append(hits, rule.Hitf(w.r, "%s: %s %s: the code that runs changes with every push and rollbacks roll back nothing",
						w.r.Addr, plural(len(bad), "image is not pinned for container", "images are not pinned for containers"), strings.Join(bad, ", ")))
				}
			}
			return hits
		},
	}
}

// parseImage returns the tag of an image reference ("" when it has none),
// whether it is pinned by digest, and whether it could be read at all (a
// placeholder cannot).
func parseImage(image string) (tag string, digest, known bool) {
	image = strings.TrimSpace(image)
	if image == "" || strings.ContainsAny(image, "${}<> ") {
		return "", false, false
	}
	if strings.Contains(image, "@") {
		return "", true, true
	}
	last := image[strings.LastIndexByte(image, '/')+1:]
	if i := strings.LastIndexByte(last, ':'); i >= 0 {
		tag = last[i+1:]
	}
	return tag, false, true
}

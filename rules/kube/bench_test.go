package kube_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	loadkube "github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules/kube"
	"github.com/plimsoll/plimsoll/rules/prom"
)

// corpus makes n manifest files shaped like a small application each: a
// Deployment, its Service, PodDisruptionBudget and autoscaler, about the
// size of the files in kubernetes/examples.
func corpus(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := range n {
		app := fmt.Sprintf("app%d", i)
		fsys[fmt.Sprintf("k8s/%s/%s.yaml", app, app)] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(`apiVersion: apps/v1
kind: Deployment
metadata: {name: APP, namespace: shop, labels: {app: APP}}
spec:
  replicas: 3
  selector: {matchLabels: {app: APP}}
  template:
    metadata: {labels: {app: APP, tier: web}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 10001}
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: APP}}}
      containers:
        - name: APP
          image: "registry.example.com/APP:1.4.2"
          ports: [{containerPort: 8080}]
          env: [{name: MODE, value: prod}, {name: PORT, value: "8080"}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
          livenessProbe: {httpGet: {path: /live, port: 8080}, failureThreshold: 6}
          resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: APP, namespace: shop}
spec:
  selector: {app: APP}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: APP, namespace: shop}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: APP}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: APP, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: APP}
  minReplicas: 3
  maxReplicas: 12
`, "APP", app))}
	}
	return fsys
}

// BenchmarkAudit250 loads and audits 250 manifest files (1,000 objects in
// one namespace) with every Kubernetes and Prometheus rule: the work of
// plimsoll audit on a repository the size of kubernetes/examples.
func BenchmarkAudit250(b *testing.B) {
	fsys := corpus(250)
	eng, err := rule.NewEngine(append(kube.Rules(), prom.Rules()...), rule.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		g, ds := loadkube.Load(fsys, []string{"k8s"})
		if ds.HasErrors() || g.Len() != 1000 {
			b.Fatalf("%d objects, %v", g.Len(), ds.Err())
		}
		if res := eng.Run(g); len(res.Active()) != 0 {
			b.Fatalf("%d findings on a clean corpus: %v", len(res.Active()), res.Active()[0])
		}
	}
}

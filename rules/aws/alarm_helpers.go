package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
)

// alarmed answers whether r has an alarm on a metric that match accepts which
// notifies someone. It returns the alarms that watch such a metric, whether
// or not they notify. An alarm whose dimensions are unknown until apply
// might watch r, so it makes the answer Unknown rather than False.
func alarmed(g *infra.Graph, x *aws.Alarms, r *infra.Resource, match func(aws.Metric) bool) (infra.Tri, []*infra.Resource) {
	t := infra.False
	var found []*infra.Resource
	for _, w := range x.On(r) {
		m := w.Watches(match)
		if m == infra.False {
			continue
		}
		if m == infra.True {
			found = append(found, w.Alarm)
		}
		t = t.Or(m.And(aws.Notifies(g, w.Alarm)))
	}
	if t == infra.True {
		return t, found
	}
	for _, a := range x.Unresolved() {
		w := aws.Watch{Alarm: a, Metrics: aws.MetricsOf(a)}
		if w.Watches(match) != infra.False {
			t = t.Or(infra.Unknown)
		}
	}
	return t, found
}

func isCPU(m aws.Metric) bool {
	return m.Is("AWS/EC2", "CPUUtilization") || m.Namespace == "CWAgent" && len(m.Name) > 10 && m.Name[:10] == "cpu_usage_"
}

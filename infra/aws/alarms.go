package aws

import (
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// Metric names a CloudWatch metric. Empty fields are unknown until apply.
type Metric struct {
	Namespace string
	Name      string
}

// Is reports whether the metric is name in namespace (case-sensitive, as
// CloudWatch is).
func (m Metric) Is(namespace, name string) bool { return m.Namespace == namespace && m.Name == name }

// Known reports whether both parts are known.
func (m Metric) Known() bool { return m.Namespace != "" && m.Name != "" }

// Watch is an alarm watching a resource.
type Watch struct {
	Alarm *infra.Resource
	// Metrics are the metrics of the alarm whose dimensions name the
	// resource (several for a metric-math alarm).
	Metrics []Metric
}

// Watches answers whether the alarm watches a metric matching match: True
// when one does, Unknown when a metric's name is unknown until apply.
func (w Watch) Watches(match func(Metric) bool) infra.Tri {
	t := infra.False
	for _, m := range w.Metrics {
		if !m.Known() {
			t = infra.Unknown
			continue
		}
		if match(m) {
			return infra.True
		}
	}
	return t
}

// nameAttrs are the attributes whose known value a dimension may quote
// instead of referring to the resource: an autoscaling group's name, a
// database's identifier.
var nameAttrs = map[string][]string{
	"aws_autoscaling_group":             {"name"},
	"aws_db_instance":                   {"identifier"},
	"aws_rds_cluster":                   {"cluster_identifier"},
	"aws_elasticache_replication_group": {"replication_group_id"},
	"aws_elasticache_cluster":           {"cluster_id"},
	"aws_elb":                           {"name"},
	"aws_instance":                      {"id"},
	"aws_lb":                            {"arn_suffix"},
	"aws_alb":                           {"arn_suffix"},
	"aws_lb_target_group":               {"arn_suffix"},
	"aws_sqs_queue":                     {"name"},
	"aws_dynamodb_table":                {"name"},
	"aws_efs_file_system":               {"id"},
	"aws_ebs_volume":                    {"id"},
}

var alarmTypes = []string{"aws_cloudwatch_metric_alarm"}

// Alarms indexes a graph's CloudWatch metric alarms by what they watch, so
// that finding the alarms on each of many resources costs little. Create one
// with NewAlarms for each audit.
type Alarms struct {
	g          *infra.Graph
	byRef      map[infra.Address][]Watch
	byName     map[string][]Watch
	unresolved []*infra.Resource
}

// NewAlarms indexes the alarms of g.
func NewAlarms(g *infra.Graph) *Alarms {
	x := &Alarms{g: g, byRef: map[infra.Address][]Watch{}, byName: map[string][]Watch{}}
	for _, a := range g.OfType(alarmTypes...) {
		for _, e := range g.Out(a) {
			switch {
			case attrMatch(e.Attr, "dimensions"):
				x.byRef[e.To] = addWatch(x.byRef[e.To], a, metricOf(a.Attrs))
			case attrMatch(e.Attr, "metric_query.*.metric.*.dimensions"):
				steps := strings.Split(e.Attr, ".")
				x.byRef[e.To] = addWatch(x.byRef[e.To], a, metricOf(a.Attrs.Path(strings.Join(steps[:4], "."))))
			}
		}
		x.quoted(a, a.Get("dimensions"), metricOf(a.Attrs))
		qs, _ := a.Get("metric_query").Elems()
		for _, q := range qs {
			ms, _ := q.Get("metric").Elems()
			for _, m := range ms {
				x.quoted(a, m.Get("dimensions"), metricOf(m))
			}
		}
		if !Resolved(g, a) {
			x.unresolved = append(x.unresolved, a)
		}
	}
	return x
}

func (x *Alarms) quoted(a *infra.Resource, dims infra.Value, m Metric) {
	vs, _ := dims.Elems()
	for _, v := range vs {
		if s, ok := v.Str(); ok && s != "" {
			x.byName[s] = addWatch(x.byName[s], a, m)
		}
	}
}

func addWatch(ws []Watch, a *infra.Resource, m Metric) []Watch {
	i := slices.IndexFunc(ws, func(w Watch) bool { return w.Alarm == a })
	if i < 0 {
		ws = append(ws, Watch{Alarm: a})
		i = len(ws) - 1
	}
	if !slices.Contains(ws[i].Metrics, m) {
		ws[i].Metrics = append(ws[i].Metrics, m)
	}
	return ws
}

// On returns the alarms whose metric dimensions name r: by reference
// (DBInstanceIdentifier = aws_db_instance.main.identifier) or by quoting its
// known name. Alarms are found by what they measure, never by their names.
func (x *Alarms) On(r *infra.Resource) []Watch {
	var out []Watch
	for _, w := range x.byRef[r.Addr] {
		for _, m := range w.Metrics {
			out = addWatch(out, w.Alarm, m)
		}
	}
	for _, attr := range nameAttrs[r.Addr.Type] {
		if s, ok := r.Get(attr).Str(); ok && s != "" {
			for _, w := range x.byName[s] {
				for _, m := range w.Metrics {
					out = addWatch(out, w.Alarm, m)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Watch) int { return byAddr(a.Alarm, b.Alarm) })
	return out
}

// Unresolved returns the alarms some of whose dimensions are unknown until
// apply and name no resource of the configuration: they might watch anything.
func (x *Alarms) Unresolved() []*infra.Resource { return x.unresolved }

// AlarmsOn returns the alarms watching r (see Alarms.On). It indexes the
// whole graph on each call: use NewAlarms to ask about many resources.
func AlarmsOn(g *infra.Graph, r *infra.Resource) []Watch { return NewAlarms(g).On(r) }

func metricOf(v infra.Value) Metric {
	ns, _ := v.Get("namespace").Str()
	n, _ := v.Get("metric_name").Str()
	return Metric{Namespace: ns, Name: n}
}

// Notifies answers whether alarm a tells a person when it fires: an alarm
// action that publishes to an SNS topic (by reference or by a known topic
// ARN), with actions enabled. Actions that only scale a group or reboot an
// instance tell nobody.
func Notifies(g *infra.Graph, a *infra.Resource) infra.Tri {
	return actions(g, a, func(s string) bool { return strings.HasPrefix(s, "arn:aws:sns:") }, "aws_sns_topic")
}

// HasActions answers whether alarm a does anything when it fires.
func HasActions(g *infra.Graph, a *infra.Resource) infra.Tri {
	return actions(g, a, func(string) bool { return true })
}

func actions(g *infra.Graph, a *infra.Resource, literal func(string) bool, types ...string) infra.Tri {
	enabled := a.Get("actions_enabled").BoolOr(true)
	if enabled == infra.False {
		return infra.False
	}
	t := infra.False
	referenced := false
	for _, e := range g.Out(a) {
		if !attrMatch(e.Attr, "alarm_actions") {
			continue
		}
		referenced = true
		switch target := g.Resource(e.To); {
		case target == nil:
			t = t.Or(infra.Unknown)
		case len(types) == 0 || slices.Contains(types, target.Addr.Type):
			t = infra.True
		}
	}
	// Elements unknown until apply are the references above; without any,
	// they come from somewhere we cannot see.
	vals, known := values(a.Attrs, "alarm_actions")
	if !known && !referenced {
		t = t.Or(infra.Unknown)
	}
	for _, v := range vals {
		elems, ok := v.Elems()
		if !ok && !referenced {
			t = t.Or(infra.Unknown)
		}
		for _, e := range elems {
			s, ok := e.Str()
			switch {
			case ok && literal(s):
				t = infra.True
			case !ok && !e.IsAbsent() && !referenced:
				t = t.Or(infra.Unknown)
			}
		}
	}
	if t == infra.True && enabled == infra.Unknown {
		return infra.Unknown
	}
	return t
}

// edgeNear reports whether r has an edge at path, above it (a reference
// recorded for the whole argument) or beneath it.
func edgeNear(g *infra.Graph, r *infra.Resource, path string) bool {
	return slices.ContainsFunc(g.Out(r), func(e infra.Edge) bool {
		return infra.AttrUnder(path, e.Attr) || infra.AttrUnder(e.Attr, path)
	})
}

func hasEdge(g *infra.Graph, r *infra.Resource, pattern string) bool {
	return slices.ContainsFunc(g.Out(r), func(e infra.Edge) bool { return attrMatch(e.Attr, pattern) })
}

// Resolved reports whether every dimension value of alarm a is either known
// or a reference to a resource of the configuration, so AlarmsOn finds
// everything it watches. An alarm whose dimensions come from a variable
// unknown until apply might watch anything.
func Resolved(g *infra.Graph, a *infra.Resource) bool {
	check := func(dims infra.Value, prefix string) bool {
		if dims.IsUnknown() {
			return edgeNear(g, a, prefix)
		}
		keys, _ := dims.Keys()
		for _, k := range keys {
			v := dims.Get(k)
			if _, ok := v.Str(); !ok && !v.IsAbsent() && !edgeNear(g, a, prefix+"."+k) {
				return false
			}
		}
		return true
	}
	if !check(a.Get("dimensions"), "dimensions") {
		return false
	}
	qs, known := a.Get("metric_query").Elems()
	if !known {
		return false
	}
	for i, q := range qs {
		ms, known := q.Get("metric").Elems()
		if !known {
			return false
		}
		for j, m := range ms {
			if !check(m.Get("dimensions"), "metric_query."+itoa(i)+".metric."+itoa(j)+".dimensions") {
				return false
			}
		}
	}
	return true
}

// MetricsOf returns every metric alarm a evaluates (one, or several for
// metric math).
func MetricsOf(a *infra.Resource) []Metric {
	var out []Metric
	if !a.Get("metric_name").IsAbsent() || !a.Get("namespace").IsAbsent() {
		out = append(out, metricOf(a.Attrs))
	}
	qs, _ := a.Get("metric_query").Elems()
	for _, q := range qs {
		ms, _ := q.Get("metric").Elems()
		for _, m := range ms {
			out = append(out, metricOf(m))
		}
	}
	return out
}

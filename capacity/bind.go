package capacity

import (
	"slices"
	"strings"
	"time"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/requirements"
)

// memberKind says how a resource of a tier fails and comes back.
type memberKind uint8

const (
	kindMachine  memberKind = iota + 1 // one machine nothing replaces: aws_instance
	kindGroup                          // interchangeable machines a controller replaces: an autoscaling group
	kindDatabase                       // a database instance or cluster
	kindCache                          // an in-memory store
	kindBalancer                       // a load balancer spanning zones
	kindWorkload                       // Kubernetes pods a controller replaces
	kindManaged                        // a regional service (bucket, queue) that no zone loss stops
)

// member is one resource of a tier, with the facts failures are judged on.
// Unknown facts stay unknown: a verdict resting on them is Unknown, never a
// failure.
type member struct {
	res  *infra.Resource
	kind memberKind
	// zones the member's instances live in; zonesAssumed says they come
	// from the tier's zones count, not the graph (pods whose zones are up to
	// the scheduler).
	zones        infra.Zones
	zonesAssumed bool
	// spread is what a Kubernetes workload's pods ask of the scheduler about
	// zones.
	spread kube.ZoneSpread
	// nodes are the node groups a Kubernetes workload's pods run on, when
	// the graph holds them; its zones are then theirs.
	nodes *kube.PodNodes
	// instances it runs now (desired capacity, replicas); known says whether
	// the count is known before apply.
	instances int
	known     bool
	// maxInstances is a group's max_size; maxKnown says it is known.
	maxInstances int
	maxKnown     bool
	// grace is the health check grace of a group: how long a replacement
	// takes to count, after launch.
	grace time.Duration
	// multiAZ says a database or cache keeps a standby in another zone.
	multiAZ infra.Tri
	// aurora is set for an Aurora cluster; auroraZones are its instances'
	// zones and auroraCount how many instances it has.
	aurora      bool
	auroraCount int
	// backups says point-in-time backups are on.
	backups infra.Tri
	// region is the member's region ("" when the provider does not say);
	// regionKnown is false when it is unknown before apply.
	region      string
	regionKnown bool
	// drReplica is a read replica in another region; dr says whether the
	// data is copied to another region by any means, drHow how.
	drReplica *infra.Resource
	dr        infra.Tri
	drHow     string
}

// boundTier is a tier of the requirements with its resources in the graph.
type boundTier struct {
	req     *requirements.Tier
	plan    *TierPlan
	members []*member
	// perZone counts the instances in each zone, over every member whose
	// zones and count are known; total sums every member's instances.
	total        int
	totalKnown   bool
	perInstance  float64
	need, buffer float64
	// running and maybeRunning count the members that serve before any
	// failure, definitely and perhaps (a count known only after apply).
	running, maybeRunning int
}

// bind finds each tier's resources in the graph and reads the facts about
// them. A tier that names resources none of which is in the graph is
// reported as a warning: the simulation then says nothing about it.
func bind(req *requirements.File, g *infra.Graph, p *Plan) ([]*boundTier, diag.Diagnostics) {
	var ds diag.Diagnostics
	var out []*boundTier
	all := g.Resources()
	names := make([]string, len(all))
	for i, r := range all {
		names[i] = r.Addr.String()
	}
	for _, t := range req.Tiers {
		bt := &boundTier{req: t, plan: planOf(p, t.Name), totalKnown: true}
		bt.perInstance = bt.plan.PerInstance
		bt.need = bt.plan.Load
		if bt.plan.Load > 0 {
			bt.buffer = bt.plan.LoadWithBuffer/bt.plan.Load - 1
		}
		if len(t.Resources) > 0 {
			for i, r := range all {
				if r.Addr.Mode == infra.Managed && t.Matches(names[i]) {
					bt.members = append(bt.members, readMember(g, r))
				}
			}
			if len(bt.members) == 0 {
				ds = append(ds, diag.Warningf(t.Resources[0].Pos, "tier %s: no resource in the infrastructure matches %s; the simulation skips the tier%s", t.Name, refNames(t.Resources), suggest(t.Resources, all)))
			}
		}
		for _, m := range bt.members {
			bt.total += m.instances
			bt.totalKnown = bt.totalKnown && m.known
			switch m.runs() {
			case infra.True:
				bt.running++
			case infra.Unknown:
				bt.maybeRunning++
			}
		}
		out = append(out, bt)
	}
	return out, ds
}

// suggest names up to three resources the references that matched nothing
// may have meant, as a hint for the warning: first those within a few
// typos of a reference (aws_autoscaling_group.webb), then those sharing the
// most words with one ("shop/Deployment/web" finds
// k8s_deployment.shop["web"] before aws_autoscaling_group.web).
func suggest(refs []requirements.Ref, all []*infra.Resource) string {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(c rune) bool {
			return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')
		})
	}
	want := map[string]bool{}
	for _, r := range refs {
		for _, w := range words(r.Name) {
			want[w] = true
		}
	}
	type hit struct {
		addr  string
		score int // typos rank above any count of shared words
	}
	var hits []hit
	for _, r := range all {
		if r.Addr.Mode != infra.Managed {
			continue
		}
		addr := r.Addr.String()
		score := 0
		for _, ref := range refs {
			if editDistance(ref.Name, addr) <= max(1, len(ref.Name)/8) {
				score = 1000
			}
		}
		// The name or key must share a word: a shared type alone
		// ("deployment") says nothing about which one was meant.
		own, typ := 0, 0
		for _, w := range words(r.Addr.Name + " " + r.Addr.Key.String()) {
			if want[w] {
				own++
			}
		}
		for _, w := range words(r.Addr.Type) {
			if want[w] {
				typ++
			}
		}
		if own > 0 {
			score += own + typ
		}
		if score > 0 {
			hits = append(hits, hit{addr, score})
		}
	}
	if len(hits) == 0 {
		return ""
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.score - a.score })
	var names []string
	for _, h := range hits[:min(3, len(hits))] {
		names = append(names, h.addr)
	}
	return " (did you mean " + strings.Join(names, ", ") + "?)"
}

func refNames(rs []requirements.Ref) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += ", "
		}
		s += r.Name
	}
	return s
}

// readMember reads what the simulation needs from one resource: provider
// knowledge of AWS and Kubernetes types, with the resource's role as the
// fallback for types it does not know.
func readMember(g *infra.Graph, r *infra.Resource) *member {
	m := &member{res: r, zones: r.Zones, instances: 1, known: !r.CountUnknown, multiAZ: infra.False, backups: infra.Unknown}
	if s, ok := r.Region.Str(); ok {
		m.region, m.regionKnown = s, true
	} else {
		m.regionKnown = r.Region.IsAbsent()
	}
	switch r.Type() {
	case "aws_autoscaling_group":
		m.kind = kindGroup
		n, ok := r.Get("desired_capacity").Int()
		if !ok && r.Get("desired_capacity").IsAbsent() {
			// Without a desired capacity the group starts at its minimum.
			n, ok = r.Get("min_size").Int()
		}
		m.instances, m.known = int(max(n, 0)), ok && m.known
		if mx, ok := r.Get("max_size").Int(); ok && !r.CountUnknown {
			m.maxInstances, m.maxKnown = int(max(mx, 0)), true
		}
		grace, ok := r.Get("health_check_grace_period").IntOr(-1)
		if ok && grace >= 0 {
			m.grace = time.Duration(grace) * time.Second
		} else {
			m.grace = -1 // the assumed default
		}
		if m.zones.IsEmpty() {
			m.zones = zonesFromAttr(r, "availability_zones")
		}
	case "aws_instance":
		m.kind = kindMachine
		if m.zones.IsEmpty() {
			m.zones = zonesFromAttr(r, "availability_zone")
		}
	case "aws_db_instance":
		m.kind = kindDatabase
		m.multiAZ = r.Get("multi_az").BoolOr(false)
		if n, ok := r.Get("backup_retention_period").Int(); ok {
			m.backups = infra.TriOf(n > 0)
		}
		if m.zones.IsEmpty() {
			m.zones = zonesFromAttr(r, "availability_zone")
		}
	case "aws_rds_cluster":
		m.kind = kindDatabase
		m.aurora = true
		m.backups = infra.True // Aurora keeps continuous backups; retention is at least one day
		members := g.Referrers(r, "cluster_identifier", "aws_rds_cluster_instance")
		zs := infra.Zones{}
		countKnown := true
		for _, in := range members {
			zs = zs.Union(in.Zones)
			if in.Zones.IsEmpty() {
				zs = zs.Union(zonesFromAttr(in, "availability_zone"))
			}
			countKnown = countKnown && !in.CountUnknown
		}
		m.auroraCount = len(members)
		m.known = m.known && countKnown
		if !m.zones.IsEmpty() && len(members) == 0 {
			zs = m.zones
		}
		m.zones = zs
		m.multiAZ = zs.AtLeast(2)
		if len(members) >= 2 && zs.IsEmpty() {
			m.multiAZ = infra.Unknown
		}
	case "aws_elasticache_replication_group", "aws_elasticache_cluster":
		m.kind = kindCache
		auto := r.Get("automatic_failover_enabled").BoolOr(false)
		maz := r.Get("multi_az_enabled").BoolOr(false)
		m.multiAZ = auto.And(maz)
	case "aws_lb", "aws_alb", "aws_elb":
		m.kind = kindBalancer
	case "kubernetes_deployment", "kubernetes_deployment_v1", "kubernetes_stateful_set", "kubernetes_stateful_set_v1":
		m.kind = kindWorkload
		n, ok := r.Get("spec.0.replicas").IntOr(1)
		m.instances, m.known = int(max(n, 0)), ok && m.known
		// The provider's schema for the pod spec is not read: whether it
		// spreads over zones is unknown, and it is taken to select no nodes.
		m.spread = kube.ZoneSpread{Asks: infra.Unknown}
		m.onNodes(g, infra.Absent)
	default:
		m.kind = kindByRole(r)
		if m.kind == kindWorkload {
			n, ok := kube.Replicas(r)
			m.instances, m.known = int(max(n, 0)), ok && m.known
			if pod, ok := kube.PodTemplate(r); ok {
				m.spread = kube.ZoneSpreadOf(pod)
				m.onNodes(g, pod)
			}
		}
	}
	if m.kind == kindDatabase {
		m.drReplica = crossRegionReplica(g, r, m)
		m.dr, m.drHow = aws.CrossRegionBackup(g, r)
	}
	return m
}

func kindByRole(r *infra.Resource) memberKind {
	switch r.Role {
	case infra.Group:
		return kindGroup
	case infra.Database:
		return kindDatabase
	case infra.Cache:
		return kindCache
	case infra.LoadBalancer:
		return kindBalancer
	case infra.Workload:
		return kindWorkload
	case infra.Bucket, infra.Notifier:
		return kindManaged
	}
	return kindMachine
}

func zonesFromAttr(r *infra.Resource, attr string) infra.Zones {
	v := r.Get(attr)
	if v.IsAbsent() {
		return infra.Zones{}
	}
	ss, known := v.Strings()
	z := infra.ZonesOf(ss...)
	z.Unknown = !known
	return z
}

// crossRegionReplica finds a read replica of db in another region.
func crossRegionReplica(g *infra.Graph, db *infra.Resource, m *member) *infra.Resource {
	for _, rep := range g.Referrers(db, "replicate_source_db", "aws_db_instance") {
		if otherRegion(rep, m) {
			return rep
		}
	}
	for _, rep := range g.Referrers(db, "replication_source_identifier", "aws_rds_cluster") {
		if otherRegion(rep, m) {
			return rep
		}
	}
	return nil
}

func otherRegion(r *infra.Resource, m *member) bool {
	s, ok := r.Region.Str()
	return ok && m.regionKnown && s != m.region
}

// onNodes takes a workload's zones from the node groups its pods can run
// on, when the graph holds them: the scheduler puts pods only where the
// cluster has nodes.
func (m *member) onNodes(g *infra.Graph, pod infra.Value) {
	if !m.zones.IsEmpty() {
		return
	}
	// Node groups whose zones are all known only after apply name none:
	// the tier's zones count still may.
	if nodes, ok := kube.NodesOf(g, pod); ok && len(nodes.Zones.Known) > 0 {
		m.nodes, m.zones = &nodes, nodes.Zones
	}
}

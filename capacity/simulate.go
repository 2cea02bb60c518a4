package capacity

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/kube"
	"github.com/plimsoll/plimsoll/requirements"
)

// maxHows bounds the explanations kept for one tier's members.
const maxHows = 3

// Never stands for a recovery that does not happen by itself, or data that
// cannot be got back.
const Never = time.Duration(math.MaxInt64)

// FailureKind says what a simulated failure takes away.
type FailureKind string

// The failures simulate enumerates.
const (
	NoFailure    FailureKind = "none"     // the baseline: everything up
	ZoneLoss     FailureKind = "zone"     // one availability zone
	InstanceLoss FailureKind = "instance" // one machine or pod of a resource
	DatabaseLoss FailureKind = "database" // a database's primary
	RegionLoss   FailureKind = "region"   // every resource of a region
)

// Failure is one thing that can go wrong.
type Failure struct {
	Kind     FailureKind
	Zone     string        // for ZoneLoss
	Region   string        // for RegionLoss; "" for resources whose provider sets none
	Resource infra.Address // for InstanceLoss and DatabaseLoss
}

func (f Failure) String() string {
	switch f.Kind {
	case ZoneLoss:
		return "zone " + f.Zone + " lost"
	case InstanceLoss:
		return "one instance of " + f.Resource.String() + " lost"
	case DatabaseLoss:
		return "primary of " + f.Resource.String() + " lost"
	case RegionLoss:
		if f.Region == "" {
			return "the region lost"
		}
		return "region " + f.Region + " lost"
	}
	return "no failure"
}

// TierImpact is what a failure does to one tier.
type TierImpact struct {
	Tier string
	// Instances before and Left after, when the tier is planned against a
	// per-instance capacity and the counts are known.
	Instances, Left int
	Counted         bool
	// Capacity left and the Need (today's peak), in requests per second;
	// zero Capacity with Counted false means not measured.
	Capacity, Need, Buffer float64
	// Up says whether any member still serves.
	Up     infra.Tri
	Status Status
	// Recovery is how long until the tier carries its need again (zero
	// when it never stopped); Data the writes at risk (zero for none).
	Recovery, Data time.Duration
	// How explains Recovery and Data; Note the capacity.
	How, Note string
}

// ServiceImpact is what a failure does to one service.
type ServiceImpact struct {
	Service string
	Up      infra.Tri
	// Breaks names the tier where the service's path breaks, when it does.
	Breaks         string
	Recovery, Data time.Duration
	RTO, RPO       time.Duration
	Status         Status
	Message        string
}

// Outcome is one simulated failure and what it does.
type Outcome struct {
	Failure  Failure
	Tiers    []TierImpact
	Services []ServiceImpact
	Status   Status
	// At is the resource the failure concerns (the resource lost, or the
	// first resource of the tier that fails), for findings.
	At *infra.Resource
}

// Simulation is every failure simulated against the requirements.
type Simulation struct {
	Source string
	Zones  []string
	// ByCount are the zones of Zones named by count ("1 of 3"): the zones
	// of a tier's Kubernetes pods, when the graph names none to match the
	// tier's zones count.
	ByCount  []string
	Regions  []string
	Outcomes []Outcome
	// Verdicts hold whatever fails: a tier that cannot scale out to its
	// plan.
	Verdicts []Verdict
	Plan     *Plan
}

// SimInput is what a simulation is made from: a plan's input and the
// infrastructure graph (roles and zones already annotated).
type SimInput struct {
	Input
	Graph *infra.Graph
}

// Simulate enumerates failures of the graph — the baseline, each zone, one
// instance of each resource of a tier, each database primary, each region —
// and judges each against the requirements.
func Simulate(in SimInput) (*Simulation, diag.Diagnostics) {
	p, ds := MakePlan(in.Input)
	tiers, bds := bind(in.Req, in.Graph, p)
	ds = append(ds, bds...)
	s := &sim{req: in.Req, tiers: tiers, a: in.Assume, paths: map[*requirements.Service][]string{}, index: map[string]int{}}
	for i, bt := range tiers {
		s.index[bt.req.Name] = i
	}
	for _, svc := range in.Req.Services {
		seen := map[string]bool{}
		for _, j := range svc.Journeys {
			for _, r := range svc.JourneyPath(j) {
				if !seen[r.Name] {
					seen[r.Name] = true
					s.paths[svc] = append(s.paths[svc], r.Name)
				}
			}
		}
	}
	out := &Simulation{Source: in.Req.Name, Plan: p}
	zones, regions := map[string]bool{}, map[string]bool{}
	for _, bt := range tiers {
		for _, m := range bt.members {
			for _, z := range m.zones.Known {
				zones[z] = true
			}
			if m.regionKnown {
				regions[m.region] = true
			}
		}
	}
	out.Zones = sortedKeys(zones)
	out.ByCount = placePods(tiers, out.Zones)
	out.Zones = append(out.Zones, out.ByCount...)
	out.Regions = sortedKeys(regions)
	for _, bt := range tiers {
		if v, ok := headroom(bt); ok {
			out.Verdicts = append(out.Verdicts, v)
		}
	}
	out.Outcomes = append(out.Outcomes, s.run(Failure{Kind: NoFailure}, nil, nil))
	for _, z := range out.Zones {
		out.Outcomes = append(out.Outcomes, s.run(Failure{Kind: ZoneLoss, Zone: z}, nil, nil))
	}
	for ti, bt := range tiers {
		for _, m := range bt.members {
			switch m.kind {
			case kindGroup, kindWorkload, kindMachine:
				if m.instances > 0 || !m.known {
					out.Outcomes = append(out.Outcomes, s.run(Failure{Kind: InstanceLoss, Resource: m.res.Addr}, m, &ti))
				}
			case kindDatabase:
				out.Outcomes = append(out.Outcomes, s.run(Failure{Kind: DatabaseLoss, Resource: m.res.Addr}, m, &ti))
			}
		}
	}
	for _, r := range out.Regions {
		out.Outcomes = append(out.Outcomes, s.run(Failure{Kind: RegionLoss, Region: r}, nil, nil))
	}
	return out, ds
}

// placePods gives the Kubernetes workloads whose zones the graph does not
// say the zones of their tier: the scheduler puts pods wherever the
// cluster has nodes, and the tier's zones count says how many zones that
// is. When the zones the graph knows number the same, they are taken to be
// those; otherwise the zones are named by count ("1 of 3"). It returns the
// zones it named by count.
func placePods(tiers []*boundTier, known []string) []string {
	var named []string
	for _, bt := range tiers {
		var pods []*member
		for _, m := range bt.members {
			if m.kind == kindWorkload && m.zones.IsEmpty() {
				pods = append(pods, m)
			}
		}
		z := bt.req.Zones
		if z < 1 || len(pods) == 0 {
			continue
		}
		names := known
		if len(known) != z {
			names = make([]string, z)
			for i := range names {
				names[i] = fmt.Sprintf("%d of %d", i+1, z)
				if !slices.Contains(named, names[i]) {
					named = append(named, names[i])
				}
			}
		}
		for _, m := range pods {
			m.zones, m.zonesAssumed = infra.ZonesOf(names...), true
		}
	}
	return named
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

type sim struct {
	req   *requirements.File
	tiers []*boundTier
	a     Assumptions
	// paths are the tiers each service's journeys pass through, in order;
	// index finds a tier's position by name.
	paths map[*requirements.Service][]string
	index map[string]int
	// explain is set while the explanation of a loss is still wanted; a
	// tier of thousands of machines explains only its first few.
	explain bool
}

// howf formats an explanation when one is wanted.
func (s *sim) howf(format string, args ...any) string {
	if !s.explain {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// loss is what a failure does to one member.
type loss struct {
	lost     int // instances lost
	counted  bool
	dead     infra.Tri // the member no longer serves at all
	recovery time.Duration
	data     time.Duration
	how      string
	// note says why the loss is not counted, for the tier's verdict.
	note string
}

// run judges one failure. For a failure of one member (only is set, in tier
// onlyTier) only that tier is evaluated; the others are untouched, which
// keeps the cost of a single-resource failure independent of the graph's
// size.
func (s *sim) run(f Failure, only *member, onlyTier *int) Outcome {
	o := Outcome{Failure: f, Status: Pass}
	if only != nil {
		o.At = only.res
	}
	impacts := make([]TierImpact, len(s.tiers))
	for i, bt := range s.tiers {
		if onlyTier != nil && i != *onlyTier {
			impacts[i] = s.untouched(bt)
			continue
		}
		impacts[i] = s.tierImpact(bt, f, only)
		if impacts[i].Status != Pass && o.At == nil && len(bt.members) > 0 {
			o.At = bt.members[0].res
		}
	}
	if f.Kind == RegionLoss {
		// The data at risk is what a region loss is judged on most: point at
		// the resource holding it.
		var most time.Duration
		for i, bt := range s.tiers {
			if impacts[i].Data > most && len(bt.members) > 0 {
				most, o.At = impacts[i].Data, bt.members[0].res
			}
		}
	}
	for i := range s.tiers {
		if f.Kind == NoFailure || impacts[i].Status != Pass || impacts[i].Recovery > 0 || impacts[i].Left != impacts[i].Instances {
			o.Tiers = append(o.Tiers, impacts[i])
		}
	}
	for _, svc := range s.req.Services {
		si := s.serviceImpact(svc, f, impacts)
		o.Services = append(o.Services, si)
		o.Status = worse(o.Status, si.Status)
	}
	if f.Kind == RegionLoss {
		// Losing the region stops a service that runs in one region by
		// definition: the verdict is the services' recovery against RTO and
		// RPO, not the tiers going down.
		for i := range o.Tiers {
			if o.Tiers[i].Status == Fail {
				o.Tiers[i].Status = Warn
			}
		}
		return o
	}
	for _, ti := range o.Tiers {
		o.Status = worse(o.Status, ti.Status)
	}
	return o
}

var statusRank = map[Status]int{Pass: 0, Unknown: 1, Warn: 2, Fail: 3}

func worse(a, b Status) Status {
	if statusRank[b] > statusRank[a] {
		return b
	}
	return a
}

func (s *sim) untouched(bt *boundTier) TierImpact {
	ti := TierImpact{Tier: bt.req.Name, Need: bt.need, Buffer: bt.buffer, Up: infra.TriOf(len(bt.members) > 0 || len(bt.req.Resources) == 0), Status: Pass}
	if bt.perInstance > 0 && bt.totalKnown && len(bt.members) > 0 {
		ti.Instances, ti.Left, ti.Counted = bt.total, bt.total, true
		ti.Capacity = float64(bt.total) * bt.perInstance
	}
	return ti
}

func (s *sim) tierImpact(bt *boundTier, f Failure, only *member) TierImpact {
	ti := s.untouched(bt)
	if len(bt.members) == 0 {
		if len(bt.req.Resources) > 0 {
			ti.Up, ti.Status = infra.Unknown, Unknown
			ti.Note = "no resource in the infrastructure"
		}
		return ti
	}
	alive := infra.False
	lost, counted := 0, bt.totalKnown
	var hows []string
	seen := map[string]bool{}
	more := 0
	note := ""
	members := bt.members
	if only != nil {
		members = []*member{only}
		// Every other member is untouched: it serves if it ran before.
		runsTrue, runsUnknown := bt.running, bt.maybeRunning
		switch only.runs() {
		case infra.True:
			runsTrue--
		case infra.Unknown:
			runsUnknown--
		}
		switch {
		case runsTrue > 0:
			alive = infra.True
		case runsUnknown > 0:
			alive = infra.Unknown
		}
	}
	for _, m := range members {
		s.explain = len(hows) < maxHows
		l := s.memberLoss(m, f)
		lost += l.lost
		counted = counted && l.counted
		alive = alive.Or(l.dead.Not().And(m.runs()))
		ti.Recovery = maxDur(ti.Recovery, l.recovery)
		ti.Data = maxDur(ti.Data, l.data)
		if note == "" {
			note = l.note
		}
		switch {
		case l.how != "" && !seen[l.how]:
			seen[l.how] = true
			hows = append(hows, l.how)
		case !s.explain && (l.lost > 0 || l.dead != infra.False || l.recovery > 0):
			more++
		}
	}
	ti.How = strings.Join(hows, "; ")
	if more > 0 {
		ti.How += fmt.Sprintf("; and %d more", more)
	}
	ti.Up = alive
	if bt.perInstance > 0 {
		ti.Counted = counted
		if counted {
			ti.Left = max(bt.total-lost, 0)
			ti.Capacity = float64(ti.Left) * bt.perInstance
		}
	}
	switch {
	case alive == infra.False:
		ti.Status = Fail
		ti.Capacity, ti.Left = 0, 0
	case bt.perInstance <= 0 || bt.need <= 0:
		ti.Status = triStatus(alive)
		if alive == infra.Unknown {
			ti.Note = note
		}
	case !counted:
		ti.Status = Unknown
		ti.Note = cmp.Or(note, "instance count or zones known only after apply")
	case ti.Capacity < bt.need*(1-eps):
		ti.Status = Fail
	case ti.Capacity < bt.need*(1+bt.buffer)*(1-eps):
		ti.Status = Warn
	default:
		ti.Status = Pass
	}
	// A tier that stays up and keeps enough capacity has no outage, even
	// if replacements are launched in the background; a database failover
	// is an outage however it ends.
	if ti.Status == Pass || ti.Status == Warn {
		if !hasOutage(members, f) {
			ti.Recovery = 0
		}
	}
	return ti
}

func triStatus(t infra.Tri) Status {
	switch t {
	case infra.True:
		return Pass
	case infra.False:
		return Fail
	}
	return Unknown
}

// headroom warns when the groups of a planned tier cannot scale out to
// what the plan needs by the horizon: their max_size caps them below it.
// It holds whatever fails, so it is a verdict of its own, not part of any
// failure's.
func headroom(bt *boundTier) (Verdict, bool) {
	if bt.plan == nil || !bt.plan.Planned || len(bt.members) == 0 {
		return Verdict{}, false
	}
	most := 0
	for _, m := range bt.members {
		switch {
		case m.kind == kindGroup && m.maxKnown:
			most += m.maxInstances
		case m.kind == kindMachine && m.known:
			most += m.instances
		default:
			return Verdict{}, false // a bound that is unknown, or that a controller sets elsewhere
		}
	}
	if most >= bt.plan.Max {
		return Verdict{}, false
	}
	first := bt.members[0].res
	return Verdict{Check: "headroom", Subject: bt.req.Name, Status: Warn, Pos: first.Pos,
		Message: fmt.Sprintf("tier %s can grow to %d instances (max_size of %s), short of the %d the plan needs by the horizon",
			bt.req.Name, most, first.Addr, bt.plan.Max)}, true
}

// runs says whether a member serves at all before any failure: a group
// scaled to zero does not.
func (m *member) runs() infra.Tri {
	if m.kind != kindGroup && m.kind != kindWorkload {
		return infra.True
	}
	if !m.known {
		return infra.Unknown
	}
	return infra.TriOf(m.instances > 0)
}

// hasOutage reports whether the failure interrupts a member even though it
// comes back by itself: a database or cache failing over.
func hasOutage(members []*member, f Failure) bool {
	for _, m := range members {
		inZone := f.Kind == ZoneLoss && (m.zones.IsEmpty() || m.zones.Contains(f.Zone) != infra.False)
		if (m.kind == kindDatabase || m.kind == kindCache) && (f.Kind == DatabaseLoss || inZone || f.Kind == RegionLoss) {
			return true
		}
	}
	return false
}

func maxDur(a, b time.Duration) time.Duration {
	if b > a {
		return b
	}
	return a
}

// memberLoss is the heart of the simulation: what one failure does to one
// resource, from the facts read off the graph.
func (s *sim) memberLoss(m *member, f Failure) loss {
	switch f.Kind {
	case NoFailure:
		return loss{counted: m.known, dead: infra.False}
	case ZoneLoss:
		return s.zoneLoss(m, f.Zone)
	case InstanceLoss:
		return s.instanceLoss(m)
	case DatabaseLoss:
		return s.primaryLoss(m, "")
	case RegionLoss:
		return s.regionLoss(m, f.Region)
	}
	return loss{counted: true, dead: infra.False}
}

func (s *sim) zoneLoss(m *member, zone string) loss {
	in := m.zones.Contains(zone)
	switch m.kind {
	case kindManaged:
		return loss{counted: true, dead: infra.False}
	case kindBalancer:
		if in == infra.False {
			return loss{counted: true, dead: infra.False}
		}
		others := m.zones.AtLeast(2)
		if others == infra.True {
			return loss{counted: true, dead: infra.False, how: s.howf("%s serves from its other zones", m.res.Addr)}
		}
		dead := in.And(others.Not())
		return loss{counted: true, dead: dead, recovery: s.a.Duration(ManualRecovery), how: s.howf("%s has no other zone (%s: %s)", m.res.Addr, ManualRecovery, fmtDuration(s.a.Duration(ManualRecovery)))}
	case kindDatabase, kindCache:
		if m.zones.IsEmpty() || in != infra.False {
			return s.primaryLoss(m, zone)
		}
		return loss{counted: true, dead: infra.False}
	}
	if m.kind == kindWorkload {
		return s.podsZoneLoss(m, zone, in)
	}
	if m.zones.IsEmpty() || m.zones.Unknown && in != infra.True {
		return loss{counted: false, dead: infra.Unknown, how: s.howf("the zones of %s are known only after apply", m.res.Addr)}
	}
	if in == infra.False {
		return loss{counted: m.known, dead: infra.False}
	}
	if !m.known {
		return loss{counted: false, dead: infra.Unknown}
	}
	switch m.kind {
	case kindGroup:
		nz := len(m.zones.Known)
		// A group balances its instances over its zones, so a zone holds at
		// most ceil(n / zones) of them.
		lost := (m.instances + nz - 1) / nz
		l := loss{lost: lost, counted: true, dead: infra.TriOf(lost >= m.instances && m.instances > 0)}
		if nz > 1 {
			l.recovery = s.replace(m)
			l.how = s.howf("%s replaces %d instances in its other zones in %s", m.res.Addr, lost, s.replaceHow(m))
		} else {
			l.recovery = s.a.Duration(ManualRecovery)
			l.how = s.howf("%s has no other zone to launch in (%s: %s)", m.res.Addr, ManualRecovery, fmtDuration(l.recovery))
		}
		return l
	}
	return loss{lost: 1, counted: true, dead: infra.True, recovery: s.a.Duration(ManualRecovery),
		how: s.howf("nothing replaces %s (%s: %s)", m.res.Addr, ManualRecovery, fmtDuration(s.a.Duration(ManualRecovery)))}
}

// podsZoneLoss is a zone lost under a Kubernetes workload. Which zone each
// pod runs in is the scheduler's choice, made at run time: only a hard
// zone spread (a DoNotSchedule topology spread constraint, or required
// anti-affinity, on the zone) bounds how many pods one zone holds. Without
// one a zone may hold them all, which is unknown, not a failure.
func (s *sim) podsZoneLoss(m *member, zone string, in infra.Tri) loss {
	addr := m.res.Addr
	switch {
	case m.zones.IsEmpty():
		return loss{counted: false, dead: infra.Unknown, note: "its pods' zones are up to the scheduler, and the tier gives no zones count",
			how: s.howf("the zones of %s's pods are up to the scheduler, and the tier gives no zones count", addr)}
	case m.zones.Unknown && in != infra.True:
		return loss{counted: false, dead: infra.Unknown, how: s.howf("the zones of %s are known only after apply", addr)}
	case in == infra.False:
		return loss{counted: m.known, dead: infra.False}
	case !m.known:
		return loss{counted: false, dead: infra.Unknown}
	case m.instances == 0:
		return loss{counted: true, dead: infra.False}
	}
	n, nz := m.instances, len(m.zones.Known)
	if nz == 1 && m.zones.Unknown {
		return loss{counted: false, dead: infra.Unknown, note: "its pods' other zones are known only after apply",
			how: s.howf("%s runs its pods in %s and perhaps in zones known only after apply", addr, zone)}
	}
	if nz == 1 {
		d := s.a.Duration(ManualRecovery)
		why := ""
		switch {
		case m.nodes != nil && m.nodes.Narrowed:
			why = fmt.Sprintf(": its node selection keeps only %s of %s", m.zones.Known[0], nodesRef(m.nodes))
		case m.nodes != nil:
			why = fmt.Sprintf(": the nodes of %s are in %s only", nodesRef(m.nodes), m.zones.Known[0])
		}
		return loss{lost: n, counted: true, dead: infra.True, recovery: d,
			how: s.howf("%s has no other zone to run its pods in%s (%s: %s)", addr, why, ManualRecovery, fmtDuration(d))}
	}
	most, hard := m.spread.MaxPerZone(n, nz)
	if !hard {
		return loss{counted: false, dead: infra.Unknown, note: fmt.Sprintf("no hard zone spread: one zone may hold all %d pods", n),
			how: s.howf("%s has %s: the scheduler may have put all %d pods in zone %s, and losing it may take them all; they are rescheduled in the other zones in %s",
				addr, m.spread, n, zone, s.replaceHow(m))}
	}
	l := loss{lost: most, counted: true, dead: infra.TriOf(most >= n)}
	over := fmt.Sprintf("%s over %d zones", m.spread, nz)
	switch {
	case m.zonesAssumed:
		over = fmt.Sprintf("%s over the tier's %d zones", m.spread, nz)
	case m.nodes != nil && m.nodes.Narrowed:
		over = fmt.Sprintf("%s over the %d zones its node selection keeps of %s", m.spread, nz, nodesRef(m.nodes))
	case m.nodes != nil:
		over = fmt.Sprintf("%s over the %d zones of %s", m.spread, nz, nodesRef(m.nodes))
	}
	if m.spread.Reschedules(n, nz) {
		l.recovery = s.replace(m)
		l.how = s.howf("%s loses at most %d of its %d pods with the zone (%s) and reschedules them in the other zones in %s, if their nodes have room",
			addr, most, n, over, s.replaceHow(m))
		return l
	}
	// The lost zone's nodes stay registered while it is down, and its empty
	// count is the minimum the spread is kept against: the other zones are
	// full already.
	l.recovery = s.a.Duration(ManualRecovery)
	l.how = s.howf("%s loses at most %d of its %d pods with the zone (%s); their replacements stay Pending while the lost zone's nodes are registered, as the spread counts the emptied zone (%s: %s)",
		addr, most, n, over, ManualRecovery, fmtDuration(l.recovery))
	return l
}

// nodesRef names the node groups a workload's pods run on, for messages:
// "node group aws_eks_node_group.apps", "its 2 node groups".
func nodesRef(n *kube.PodNodes) string {
	if len(n.Groups) == 1 {
		return "node group " + n.Groups[0].Addr.String()
	}
	return fmt.Sprintf("the %d node groups of its cluster", len(n.Groups))
}

// replace is how long a controller takes to bring a lost instance back.
func (s *sim) replace(m *member) time.Duration {
	if m.kind == kindWorkload {
		return s.a.Duration(KubernetesNodeEviction) + s.a.Duration(KubernetesPodReschedule)
	}
	grace := m.grace
	if grace < 0 {
		grace = s.a.Duration(ASGHealthCheckGrace)
	}
	return s.a.Duration(EC2Launch) + grace
}

func (s *sim) replaceHow(m *member) string {
	if m.kind == kindWorkload {
		return fmt.Sprintf("%s (%s + %s)", fmtDuration(s.replace(m)), KubernetesNodeEviction, KubernetesPodReschedule)
	}
	grace := "its health_check_grace_period"
	if m.grace < 0 {
		grace = ASGHealthCheckGrace
	}
	return fmt.Sprintf("%s (%s + %s)", fmtDuration(s.replace(m)), EC2Launch, grace)
}

func (s *sim) instanceLoss(m *member) loss {
	if !m.known {
		return loss{counted: false, dead: infra.Unknown}
	}
	switch m.kind {
	case kindGroup, kindWorkload:
		return loss{lost: 1, counted: true, dead: infra.TriOf(m.instances <= 1), recovery: s.replace(m),
			how: s.howf("%s replaces it in %s", m.res.Addr, s.replaceHow(m))}
	}
	return loss{lost: 1, counted: true, dead: infra.True, recovery: s.a.Duration(ManualRecovery),
		how: s.howf("nothing replaces %s (%s: %s)", m.res.Addr, ManualRecovery, fmtDuration(s.a.Duration(ManualRecovery)))}
}

// primaryLoss is a database or cache losing its primary (in zone, when a
// zone is lost).
func (s *sim) primaryLoss(m *member, zone string) loss {
	// The zone of a primary is rarely written down: a database placed by
	// its subnet group may be in any of them, so a zone loss is judged as
	// if the primary were in the lost zone, and says so.
	where := ""
	if zone != "" && !m.aurora && (m.zones.Contains(zone) != infra.True || len(m.zones.Known) > 1) {
		where = " if its primary is there"
	}
	addr := m.res.Addr.String()
	if m.kind == kindCache {
		switch m.multiAZ {
		case infra.True:
			d := s.a.Duration(ElastiCacheFailover)
			return loss{counted: true, dead: infra.False, recovery: d, how: s.howf("%s fails over to a replica%s (%s: %s)", addr, where, ElastiCacheFailover, fmtDuration(d))}
		case infra.Unknown:
			return loss{counted: true, dead: infra.Unknown, how: s.howf("whether %s fails over is known only after apply", addr)}
		}
		d := s.a.Duration(ManualRecovery)
		return loss{counted: true, dead: infra.True, recovery: d, how: s.howf("%s has no replica to fail over to%s (%s: %s)", addr, where, ManualRecovery, fmtDuration(d))}
	}
	if m.aurora {
		if m.auroraCount >= 2 && m.multiAZ == infra.True {
			d := s.a.Duration(AuroraFailover)
			return loss{counted: true, dead: infra.False, recovery: d, how: s.howf("%s fails over to a replica in another zone (%s: %s); no data lost", addr, AuroraFailover, fmtDuration(d))}
		}
		if m.multiAZ == infra.Unknown {
			return loss{counted: true, dead: infra.Unknown, how: s.howf("the zones of %s's instances are known only after apply", addr)}
		}
		d := s.a.Duration(AuroraRecreate)
		return loss{counted: true, dead: infra.False, recovery: d, how: s.howf("%s has no replica in another zone and recreates its writer (%s: %s); the cluster volume keeps the data", addr, AuroraRecreate, fmtDuration(d))}
	}
	switch m.multiAZ {
	case infra.True:
		d := s.a.Duration(RDSMultiAZFailover)
		return loss{counted: true, dead: infra.False, recovery: d, how: s.howf("%s fails over to its standby%s (%s: %s); no data lost", addr, where, RDSMultiAZFailover, fmtDuration(d))}
	case infra.Unknown:
		return loss{counted: true, dead: infra.Unknown, how: s.howf("whether %s is Multi-AZ is known only after apply", addr)}
	}
	l := loss{counted: true, dead: infra.True}
	switch m.backups {
	case infra.False:
		l.recovery, l.data = Never, Never
		l.how = s.howf("%s is single-AZ with backups off: nothing to restore%s", addr, where)
	default:
		l.recovery, l.data = s.a.Duration(RDSRestore), s.a.Duration(RDSLogInterval)
		l.how = s.howf("%s is single-AZ: restore to the latest restorable time%s (%s: %s, losing up to %s of writes, %s)",
			addr, where, RDSRestore, fmtDuration(l.recovery), fmtDuration(l.data), RDSLogInterval)
		if m.backups == infra.Unknown && l.how != "" {
			l.how += "; if its backups are on"
		}
	}
	return l
}

func (s *sim) regionLoss(m *member, region string) loss {
	if !m.regionKnown {
		return loss{counted: false, dead: infra.Unknown, how: s.howf("the region of %s is known only after apply", m.res.Addr)}
	}
	if m.region != region {
		return loss{counted: m.known, dead: infra.False}
	}
	l := loss{lost: m.instances, counted: m.known, dead: infra.True}
	if m.kind != kindDatabase {
		l.recovery = s.a.Duration(RegionRebuild)
		l.how = s.howf("everything in the region is rebuilt elsewhere from code (%s: %s)", RegionRebuild, fmtDuration(l.recovery))
		return l
	}
	addr := m.res.Addr.String()
	switch {
	case m.drReplica != nil:
		l.recovery = maxDur(s.a.Duration(RDSReplicaPromotion), s.a.Duration(RegionRebuild))
		l.data = s.a.Duration(CrossRegionReplicaLag)
		l.how = s.howf("%s: promote the replica %s (%s), losing the replication lag (%s: %s)", addr, m.drReplica.Addr, RDSReplicaPromotion, CrossRegionReplicaLag, fmtDuration(l.data))
	case m.dr == infra.True:
		l.recovery = s.a.Duration(RegionRebuild) + s.a.Duration(RDSRestore)
		l.data = s.a.Duration(BackupInterval)
		l.how = s.howf("%s: restore in another region from its %s (%s + %s), losing up to one backup interval (%s: %s)", addr, m.drHow, RegionRebuild, RDSRestore, BackupInterval, fmtDuration(l.data))
	case m.dr == infra.Unknown:
		l.dead = infra.Unknown
		l.counted = false
		l.how = s.howf("whether %s is copied to another region is known only after apply", addr)
	default:
		l.recovery, l.data = Never, Never
		l.how = s.howf("%s has no replica and no backup copy in another region: its data is gone with the region", addr)
	}
	return l
}

func (s *sim) serviceImpact(svc *requirements.Service, f Failure, impacts []TierImpact) ServiceImpact {
	si := ServiceImpact{Service: svc.Name, Up: infra.True, RTO: svc.RTO, RPO: svc.RPO, Status: Pass}
	if f.Kind == RegionLoss {
		si.RTO, si.RPO = svc.RegionRTO, svc.RegionRPO
	}
	var short, unknown []string
	path := s.paths[svc]
	for _, name := range path {
		i, ok := s.index[name]
		if !ok {
			continue
		}
		ti := &impacts[i]
		si.Up = si.Up.And(ti.Up)
		if ti.Up == infra.False && si.Breaks == "" {
			si.Breaks = name
		}
		if ti.Status == Fail && ti.Up != infra.False {
			short = append(short, name)
		}
		if ti.Up == infra.Unknown || ti.Status == Unknown {
			why := ti.Note
			if why == "" {
				why = "values known only after apply"
			}
			unknown = append(unknown, fmt.Sprintf("%s (%s)", name, why))
		}
		si.Recovery = maxDur(si.Recovery, ti.Recovery)
		si.Data = maxDur(si.Data, ti.Data)
		si.Status = worse(si.Status, ti.Status)
	}
	var parts []string
	switch {
	case si.Up == infra.False:
		parts = append(parts, fmt.Sprintf("%s stops: its path breaks at %s (%s)", svc.Name, si.Breaks, strings.Join(path, " → ")))
	case len(short) > 0:
		parts = append(parts, fmt.Sprintf("%s is degraded: %s short of capacity", svc.Name, strings.Join(short, ", ")))
	case si.Up == infra.Unknown:
		parts = append(parts, fmt.Sprintf("%s may stop: cannot tell for %s", svc.Name, strings.Join(unknown, ", ")))
	default:
		parts = append(parts, fmt.Sprintf("%s stays up", svc.Name))
	}
	if si.Recovery > 0 {
		r := "back in " + fmtDuration(si.Recovery)
		if si.Recovery == Never {
			r = "does not recover by itself"
		}
		if si.RTO > 0 {
			ok := si.Recovery <= si.RTO
			r += fmt.Sprintf(" (%sRTO %s: %s)", regionPrefix(f), fmtDuration(si.RTO), passFail(ok))
			if !ok {
				si.Status = Fail
			}
		}
		parts = append(parts, r)
	}
	if si.Data > 0 {
		d := "up to " + fmtDuration(si.Data) + " of writes lost"
		if si.Data == Never {
			d = "data lost for good"
		}
		if si.RPO > 0 {
			ok := si.Data <= si.RPO
			d += fmt.Sprintf(" (%sRPO %s: %s)", regionPrefix(f), fmtDuration(si.RPO), passFail(ok))
			if !ok {
				si.Status = Fail
			}
		}
		parts = append(parts, d)
	}
	si.Message = strings.Join(parts, "; ")
	if f.Kind == RegionLoss && si.Up != infra.True {
		si.Status = regionVerdict(si)
	}
	return si
}

// regionVerdict judges a service stopped by the loss of its region: it
// passes with a warning when it comes back within its RTO and loses no more
// than its RPO, and fails when it misses either, or has no RTO and does not
// come back by itself.
func regionVerdict(si ServiceImpact) Status {
	switch {
	case si.Up == infra.Unknown:
		return Unknown
	case si.Recovery == Never:
		return Fail
	case si.RTO > 0 && si.Recovery > si.RTO, si.RPO > 0 && si.Data > si.RPO:
		return Fail
	}
	return Warn
}

// regionPrefix names the region targets in a region loss's verdict.
func regionPrefix(f Failure) string {
	if f.Kind == RegionLoss {
		return "region "
	}
	return ""
}

func passFail(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

// Failed returns the outcomes that failed.
func (s *Simulation) Failed() []Outcome {
	var out []Outcome
	for _, o := range s.Outcomes {
		if o.Status == Fail {
			out = append(out, o)
		}
	}
	return out
}

package capacity

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/requirements"
)

// Unit says how an assumed figure is written and read.
type Unit int

// The units of assumed figures.
const (
	Fraction Unit = iota + 1 // an availability, written as a percentage
	Duration                 // a time, written as 90s or 15m
)

// Figure is one assumed figure: a number the planner cannot measure from
// the configuration (how long a failover takes, how available a managed
// service is), with where it comes from. Every figure can be overridden in
// the requirements file under assumptions, by ID.
type Figure struct {
	ID    string
	Title string
	Unit  Unit
	// Value is the figure used: a fraction, or seconds for a Duration.
	Value float64
	// Range is the published range when there is one ("60–120 s").
	Range  string
	Source string // a public URL
	Note   string // why this value, when the source gives a range or none
}

// Format renders the value in the figure's unit.
func (f Figure) Format() string {
	if f.Unit == Fraction {
		return percent(f.Value)
	}
	return fmtDuration(time.Duration(f.Value * float64(time.Second)))
}

// The IDs of the assumed figures.
const (
	EC2Availability         = "ec2-availability"
	EC2RegionAvailability   = "ec2-region-availability"
	ELBAvailability         = "elb-availability"
	ELBSingleAZAvailability = "elb-single-az-availability"
	RDSMultiAZAvailability  = "rds-multi-az-availability"
	RDSSingleAZAvailability = "rds-single-az-availability"
	AuroraAvailability      = "aurora-availability"
	ElastiCacheAvailability = "elasticache-availability"
	ElastiCacheSingleAZ     = "elasticache-single-az-availability"
	S3Availability          = "s3-availability"
	SQSAvailability         = "sqs-availability"
	RDSMultiAZFailover      = "rds-multi-az-failover"
	AuroraFailover          = "aurora-failover"
	AuroraRecreate          = "aurora-recreate"
	ElastiCacheFailover     = "elasticache-failover"
	EC2Launch               = "ec2-launch"
	ASGHealthCheckGrace     = "asg-health-check-grace"
	RDSRestore              = "rds-restore"
	RDSLogInterval          = "rds-log-upload-interval"
	RDSReplicaPromotion     = "rds-replica-promotion"
	CrossRegionReplicaLag   = "cross-region-replica-lag"
	BackupInterval          = "backup-interval"
	RegionRebuild           = "region-rebuild"
	ManualRecovery          = "manual-recovery"
	KubernetesPodReschedule = "k8s-pod-reschedule"
	KubernetesNodeEviction  = "k8s-node-eviction"
)

// DefaultFigures returns the built-in assumed figures, sorted by ID. Each
// is documented, with its source, in docs/assumptions.md (generated from
// this list by a test, so the two cannot drift apart).
func DefaultFigures() []Figure {
	fs := []Figure{
		{ID: EC2Availability, Title: "availability of one EC2 instance (or one zone's share of a group)", Unit: Fraction, Value: 0.995,
			Source: "https://aws.amazon.com/compute/sla/",
			Note:   "the instance-level SLA; plimsoll uses it for each zone's members of a compute tier"},
		{ID: EC2RegionAvailability, Title: "availability of EC2 deployed across two or more zones", Unit: Fraction, Value: 0.9999,
			Source: "https://aws.amazon.com/compute/sla/",
			Note:   "the region-level SLA; a multi-zone compute tier is never taken to be more available than this, since zones of one region are not independent"},
		{ID: ELBAvailability, Title: "availability of a load balancer deployed across two or more zones", Unit: Fraction, Value: 0.9999,
			Source: "https://aws.amazon.com/elasticloadbalancing/sla/"},
		{ID: ELBSingleAZAvailability, Title: "availability of a load balancer deployed in one zone", Unit: Fraction, Value: 0.999,
			Source: "https://aws.amazon.com/elasticloadbalancing/sla/"},
		{ID: RDSMultiAZAvailability, Title: "availability of an RDS Multi-AZ database", Unit: Fraction, Value: 0.9995,
			Source: "https://aws.amazon.com/rds/sla/"},
		{ID: RDSSingleAZAvailability, Title: "availability of a single-AZ RDS database", Unit: Fraction, Value: 0.995,
			Source: "https://aws.amazon.com/rds/sla/"},
		{ID: AuroraAvailability, Title: "availability of an Aurora cluster with instances in two or more zones", Unit: Fraction, Value: 0.9999,
			Source: "https://aws.amazon.com/rds/aurora/sla/"},
		{ID: ElastiCacheAvailability, Title: "availability of an ElastiCache Multi-AZ replication group", Unit: Fraction, Value: 0.9999,
			Source: "https://aws.amazon.com/elasticache/sla/",
			Note:   "the SLA's figure for Valkey and Redis OSS Multi-AZ configurations"},
		{ID: ElastiCacheSingleAZ, Title: "availability of a single-AZ ElastiCache configuration", Unit: Fraction, Value: 0.995,
			Source: "https://aws.amazon.com/elasticache/sla/"},
		{ID: S3Availability, Title: "availability of S3 Standard", Unit: Fraction, Value: 0.999,
			Source: "https://aws.amazon.com/s3/sla/"},
		{ID: SQSAvailability, Title: "availability of SQS", Unit: Fraction, Value: 0.999,
			Source: "https://aws.amazon.com/messaging/sla/"},
		{ID: RDSMultiAZFailover, Title: "RDS Multi-AZ failover to the standby", Unit: Duration, Value: 120, Range: "60–120 s",
			Source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html",
			Note:   "the top of the published range, since an RTO must hold in the slow case"},
		{ID: AuroraFailover, Title: "Aurora promoting a replica after the writer fails", Unit: Duration, Value: 60, Range: "typically under 60 s, often under 30 s",
			Source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
			Note:   "the top of the published range"},
		{ID: AuroraRecreate, Title: "Aurora recreating a lost writer when the cluster has no replica", Unit: Duration, Value: 600, Range: "typically under 10 min",
			Source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
			Note:   "the cluster volume keeps six copies across three zones, so no data is lost"},
		{ID: ElastiCacheFailover, Title: "ElastiCache promoting a replica after a primary fails", Unit: Duration, Value: 60,
			Source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
			Note:   "AWS gives no firm figure; under a minute is what its failover walkthrough describes — time yours in a failover drill"},
		{ID: EC2Launch, Title: "launching and booting a replacement EC2 instance", Unit: Duration, Value: 180,
			Source: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-default-instance-warmup.html",
			Note:   "AWS publishes no launch time; 3 minutes is a common observation for a Linux AMI with a short bootstrap — set yours from a drill"},
		{ID: ASGHealthCheckGrace, Title: "health check grace period of an autoscaling group that does not set one", Unit: Duration, Value: 300,
			Source: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html",
			Note:   "300 s is the default of the console and of the Terraform AWS provider's health_check_grace_period (the API's is 0)"},
		{ID: RDSRestore, Title: "restoring an RDS database from a snapshot or to a point in time", Unit: Duration, Value: 3600,
			Source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_RestoreFromSnapshot.html",
			Note:   "grows with the database's size and AWS publishes no figure; an hour is a placeholder for a small database — time a real restore and override it"},
		{ID: RDSLogInterval, Title: "how far the latest restorable time of an RDS database lags behind", Unit: Duration, Value: 300, Range: "typically within the last 5 min",
			Source: "https://aws.amazon.com/rds/faqs/",
			Note:   "RDS uploads transaction logs every five minutes: the writes at risk when a single-AZ database is restored to the latest restorable time"},
		{ID: RDSReplicaPromotion, Title: "promoting an RDS read replica to a standalone database", Unit: Duration, Value: 600,
			Source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html",
			Note:   "AWS says promotion takes a few minutes depending on the replica's size; 10 minutes is a guess to override"},
		{ID: CrossRegionReplicaLag, Title: "replication lag of a cross-region read replica", Unit: Duration, Value: 60,
			Source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html",
			Note:   "replication is asynchronous; watch ReplicaLag and set this to what you see at peak"},
		{ID: BackupInterval, Title: "interval between backups copied to another region", Unit: Duration, Value: 86400,
			Source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html",
			Note:   "the default AWS Backup plan runs daily; the data at risk after losing the region is up to one interval"},
		{ID: RegionRebuild, Title: "rebuilding the service in another region from code and backups", Unit: Duration, Value: 4 * 3600,
			Source: "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
			Note:   "the backup-and-restore strategy's RTO is hours; 4 hours is a guess to override with a drill's figure"},
		{ID: ManualRecovery, Title: "a person rebuilding a lost resource that nothing replaces automatically", Unit: Duration, Value: 3600,
			Source: "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_planning_for_recovery_auto_healing_hardware.html",
			Note:   "no public figure can exist; an hour assumes someone is on call and has a runbook"},
		{ID: KubernetesNodeEviction, Title: "Kubernetes evicting pods from an unreachable node", Unit: Duration, Value: 300,
			Source: "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions",
			Note:   "the default tolerationSeconds for node.kubernetes.io/unreachable"},
		{ID: KubernetesPodReschedule, Title: "scheduling and starting a replacement pod", Unit: Duration, Value: 60,
			Source: "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/",
			Note:   "image pull and readiness take most of it; measure yours"},
	}
	slices.SortFunc(fs, func(a, b Figure) int { return strings.Compare(a.ID, b.ID) })
	return fs
}

// Assumptions are the figures a plan or simulation uses: the defaults with
// the requirements file's overrides applied.
type Assumptions struct {
	figs map[string]Figure
}

// NewAssumptions returns the default figures with overrides applied. An
// unknown ID or a value in the wrong unit is reported at its position.
func NewAssumptions(overrides []requirements.Override) (Assumptions, diag.Diagnostics) {
	a := Assumptions{figs: map[string]Figure{}}
	for _, f := range DefaultFigures() {
		a.figs[f.ID] = f
	}
	var ds diag.Diagnostics
	for _, o := range overrides {
		f, ok := a.figs[o.ID]
		if !ok {
			ds = append(ds, diag.Errorf(o.IDPos, "assumptions: no assumed figure %q%s", o.ID, closest(o.ID, a.figs)))
			continue
		}
		switch f.Unit {
		case Fraction:
			v, err := requirements.ParsePercent(o.Value)
			if err != nil || v <= 0 || v > 1 {
				ds = append(ds, diag.Errorf(o.Pos, "assumptions.%s: want an availability such as 99.9%%, got %q", o.ID, o.Value))
				continue
			}
			f.Value = v
		case Duration:
			d, err := requirements.ParseDuration(o.Value)
			if err != nil {
				ds = append(ds, diag.Errorf(o.Pos, "assumptions.%s: want a duration such as 90s or 15m, got %q", o.ID, o.Value))
				continue
			}
			f.Value = d.Seconds()
		}
		f.Source = "overridden at " + o.Pos.String()
		f.Range, f.Note = "", ""
		a.figs[o.ID] = f
	}
	return a, ds
}

// closest suggests the ID meant by a typo ("rds-multi-az-fialover") or a
// shorthand ("rds-failover"): the nearest by edit distance within 3, else
// the shortest ID holding every word of id.
func closest(id string, figs map[string]Figure) string {
	best, bestD := "", 4
	for k := range figs {
		if d := editDistance(id, k); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if best == "" {
		words := strings.Split(id, "-")
		for k := range figs {
			kw := strings.Split(k, "-")
			all := true
			for _, w := range words {
				all = all && slices.Contains(kw, w)
			}
			if all && (best == "" || len(k) < len(best) || len(k) == len(best) && k < best) {
				best = k
			}
		}
	}
	if best == "" {
		return "; see docs/assumptions.md for the list"
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Fraction returns an availability figure.
func (a Assumptions) Fraction(id string) float64 { return a.get(id).Value }

// Duration returns a time figure.
func (a Assumptions) Duration(id string) time.Duration {
	return time.Duration(a.get(id).Value * float64(time.Second))
}

// Figure returns a figure by ID.
func (a Assumptions) Figure(id string) Figure { return a.get(id) }

// Used returns every figure, sorted by ID, overridden ones included.
func (a Assumptions) Used() []Figure {
	out := make([]Figure, 0, len(a.figs))
	for _, f := range a.figs {
		out = append(out, f)
	}
	slices.SortFunc(out, func(x, y Figure) int { return strings.Compare(x.ID, y.ID) })
	return out
}

func (a Assumptions) get(id string) Figure {
	if f, ok := a.figs[id]; ok {
		return f
	}
	if a.figs == nil {
		for _, f := range DefaultFigures() {
			if f.ID == id {
				return f
			}
		}
	}
	panic("capacity: no assumed figure " + id) // a programming error: IDs are constants
}

package rules

import "github.com/plimsoll/plimsoll/rule"

// Capacity returns the metadata of the capacity rules, which
// `plimsoll audit --requirements FILE` adds to the built-in ones: each turns
// the failing verdicts of the capacity plan or of one simulated failure into
// findings. Their checks need the requirements file and the capacity
// simulation, which rules must not import, so the CLI builds them from this
// metadata; Builtin does not include them. The metadata lives here so that
// `plimsoll rules` and docs/rules.md describe them like any rule. Their IDs
// are stable like any rule's. It returns a new slice on each call.
func Capacity() []rule.Meta {
	return []rule.Meta{
		{ID: "capacity-zone-loss", Title: "The service survives losing a zone with enough capacity", Severity: rule.High, Concern: rule.Availability,
			Rationale:   "Zones fail as a unit. A tier planned for N−1 keeps carrying the peak on the zones that are left; one that is not drops requests, or stops, until replacements launch.",
			Remediation: "Spread each tier over at least three zones with enough instances that any two carry the peak: plimsoll plan plimsoll.yaml --format tfvars suggests the counts."},
		{ID: "capacity-instance-loss", Title: "The service survives losing one instance", Severity: rule.High, Concern: rule.Availability,
			Rationale:   "A machine nothing replaces, or a tier with no spare instance, turns one hardware fault into an outage.",
			Remediation: "Run the tier as an autoscaling group (or a Deployment) with at least one instance more than the peak needs."},
		{ID: "capacity-database-loss", Title: "The service survives losing its database primary within RTO and RPO", Severity: rule.High, Concern: rule.Recovery,
			Rationale:   "A single-AZ database is restored from backup after a failure, which takes far longer than a Multi-AZ failover and loses the writes since the last log upload.",
			Remediation: "Make the database Multi-AZ (multi_az = true) or an Aurora cluster with a replica in another zone."},
		{ID: "capacity-region-loss", Title: "The service comes back from losing its region within RTO and RPO", Severity: rule.Medium, Concern: rule.Recovery,
			Rationale:   "Without a replica or a backup copy in another region, a regional outage or a deleted account loses the data for good.",
			Remediation: "Keep a cross-region read replica, or copy backups to a vault in another region (aws_backup_plan copy_action), and rehearse the restore."},
		{ID: "capacity-baseline", Title: "The infrastructure carries the peak with nothing lost", Severity: rule.Critical, Concern: rule.Scaling,
			Rationale:   "If the instances the configuration runs cannot carry today's peak, the service is short before anything fails.",
			Remediation: "Raise the group's desired capacity to what plimsoll plan suggests."},
		{ID: "capacity-plan", Title: "The requirements can be met: connections, availability, latency", Severity: rule.High, Concern: rule.Scaling,
			Rationale:   "Pools that outgrow the database's max_connections at full scale-out, or an architecture whose composite availability is below its target, fail at the peak whatever the instance counts.",
			Remediation: "Follow the plan's verdicts: shrink pools or raise max_connections, make the weakest tier more available, measure capacity at the latency objective."},
	}
}

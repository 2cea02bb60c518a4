package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func auroraSingleZone() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-aurora-single-zone",
			Title:    "Aurora cluster without instances in two zones",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "Aurora stores data in three zones, but it serves from its instances. With one instance — or " +
				"all instances pinned to one zone — a failure of that instance or zone leaves no replica to promote; " +
				"Aurora must create a new instance, which takes about ten minutes instead of the usual failover of " +
				"about thirty seconds. Instances whose zone is left to AWS are not judged: AWS usually spreads them.",
			Remediation: "Run at least two aws_rds_cluster_instance resources in the cluster, in different zones (leave " +
				"availability_zone unset or set distinct zones).",
			Example: `resource "aws_rds_cluster" "main" {
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  deletion_protection         = true
}

resource "aws_rds_cluster_instance" "main" {
  count              = 2
  cluster_identifier = aws_rds_cluster.main.id
  engine             = aws_rds_cluster.main.engine
  instance_class     = "db.r6g.large"
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
			},
			Types: []string{"aws_rds_cluster", "aws_rds_cluster_instance"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, c := range managed(g, "aws_rds_cluster") {
				engine, ok := engineOf(c, "")
				mode, ok2 := c.Get("engine_mode").StrOr("provisioned")
				if !ok || !ok2 || !strings.HasPrefix(engine, "aurora") || mode == "serverless" {
					continue // serverless v1 runs one capacity unit pool by design
				}
				members := g.Referrers(c, "cluster_identifier", "aws_rds_cluster_instance")
				if len(members) == 0 || c.CountUnknown {
					continue // instances managed elsewhere
				}
				zones := infra.Zones{}
				unknown := false
				for _, m := range members {
					unknown = unknown || m.CountUnknown
					zones = zones.Union(m.Zones)
				}
				switch {
				case unknown:
				case len(members) == 1:
					hits = append(hits, rule.Hitf(c, "%s has one instance (%s); if it or its zone fails there is no replica to fail over to, and Aurora must build a new one",
						c.Addr, members[0].Addr))
				case zones.AtLeast(2) == infra.False && len(zones.Known) == 1:
					hits = append(hits, rule.Hitf(c, "%s has %d instances, all in %s; losing that zone leaves no instance to fail over to",
						c.Addr, len(members), zoneList(zones)))
				}
			}
			return hits
		},
	}
}

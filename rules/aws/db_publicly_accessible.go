package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func dbPubliclyAccessible() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-db-publicly-accessible",
			Title:    "Database publicly accessible",
			Severity: rule.High,
			Concern:  rule.Security,
			Rationale: "publicly_accessible = true gives the database a public DNS name and IP address. Whether " +
				"it is reachable then hangs on its security groups and subnets alone, and one broad rule added " +
				"later — by someone debugging a connection — exposes it to the internet. Applications in the VPC " +
				"never need it. The default is false.",
			Remediation: "Set publicly_accessible = false (or remove it) and connect from inside the VPC, through " +
				"Session Manager port forwarding or a VPN.",
			Example: `resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
  publicly_accessible         = false
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
			},
			Types: []string{"aws_db_instance", "aws_rds_cluster_instance", "aws_redshift_cluster"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, db := range managed(g, "aws_db_instance", "aws_rds_cluster_instance", "aws_redshift_cluster") {
				if db.Get("publicly_accessible").Bool() == infra.True {
					hits = append(hits, rule.Hitf(db, "%s has publicly_accessible = true: it gets a public address, and only its security groups stand between it and the internet", db.Addr))
				}
			}
			return hits
		},
	}
}

package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

// subnetGroupAttr gives, per datastore type, the attribute naming its subnet
// group.
var subnetGroupAttr = map[string]string{
	"aws_db_instance":                   "db_subnet_group_name",
	"aws_rds_cluster":                   "db_subnet_group_name",
	"aws_docdb_cluster":                 "db_subnet_group_name",
	"aws_neptune_cluster":               "neptune_subnet_group_name",
	"aws_redshift_cluster":              "cluster_subnet_group_name",
	"aws_elasticache_replication_group": "subnet_group_name",
	"aws_elasticache_cluster":           "subnet_group_name",
}

func dbPublicSubnet() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-db-public-subnet",
			Title:    "Database in subnets that route to the internet",
			Severity: rule.Medium,
			Concern:  rule.Security,
			Rationale: "Data stores belong in private subnets, whose route tables have no route to an internet " +
				"gateway: then no security-group mistake or publicly_accessible flag can expose them. A subnet " +
				"group that includes a public subnet — public by routing, not by name — puts the database one " +
				"setting away from the internet. map_public_ip_on_launch alone does not make a subnet public.",
			Remediation: "Give the database a subnet group made only of private subnets (route tables with no " +
				"route to an internet gateway), one per zone.",
			Example: `resource "aws_db_subnet_group" "db" {
  subnet_ids = [aws_subnet.db_a.id, aws_subnet.db_b.id]
}

resource "aws_subnet" "db_a" {
  vpc_id            = var.vpc_id
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.20.0/24"
}

resource "aws_subnet" "db_b" {
  vpc_id            = var.vpc_id
  availability_zone = "eu-west-1b"
  cidr_block        = "10.0.21.0/24"
}

resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.db.name
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",
				"https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html#subnet-types",
			},
			Types: []string{"aws_db_instance", "aws_rds_cluster", "aws_elasticache_replication_group", "aws_db_subnet_group", "aws_subnet", "aws_route_table"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			n := aws.NewNetwork(g)
			var hits []rule.Hit
			for _, db := range managed(g, datastores...) {
				attr, ok := subnetGroupAttr[db.Addr.Type]
				if !ok || db.CountUnknown {
					continue
				}
				if db.Addr.Type == "aws_elasticache_cluster" && !db.Get("replication_group_id").IsAbsent() {
					continue
				}
				t, subnet := n.GroupPublic(db, attr)
				if t != infra.True {
					continue
				}
				_, rt := n.PublicSubnet(subnet)
				via := ""
				if rt != nil {
					via = " through " + rt.Addr.String()
				}
				hits = append(hits, rule.Hitf(db, "%s's subnet group includes %s, which routes to an internet gateway%s", db.Addr, subnet.Addr, via))
			}
			return hits
		},
	}
}

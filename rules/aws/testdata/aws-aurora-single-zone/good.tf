resource "aws_rds_cluster" "main" {
  engine = "aurora-postgresql"
}

resource "aws_rds_cluster_instance" "main" {
  for_each           = toset(["eu-west-1a", "eu-west-1b"])
  cluster_identifier = aws_rds_cluster.main.id
  engine             = aws_rds_cluster.main.engine
  instance_class     = "db.r6g.large"
  availability_zone  = each.key
}

# Two instances whose zones AWS picks: it spreads them.
resource "aws_rds_cluster" "spread" {
  engine = "aurora-mysql"
}

resource "aws_rds_cluster_instance" "spread" {
  count              = 2
  cluster_identifier = aws_rds_cluster.spread.id
  engine             = "aurora-mysql"
  instance_class     = "db.r6g.large"
}

# A Multi-AZ DB cluster of plain PostgreSQL has its instances built in.
resource "aws_rds_cluster" "multi_az_cluster" {
  engine                    = "postgres"
  db_cluster_instance_class = "db.r6gd.large"
  allocated_storage         = 100
}

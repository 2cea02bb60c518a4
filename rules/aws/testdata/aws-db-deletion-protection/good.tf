resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.m6g.large"
  allocated_storage   = 100
  deletion_protection = true
}

resource "aws_rds_cluster" "main" {
  engine              = "aurora-postgresql"
  deletion_protection = true
}

# Cluster members and replicas are covered by the cluster or their source.
resource "aws_rds_cluster_instance" "main" {
  cluster_identifier = aws_rds_cluster.main.id
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
}

resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.main.identifier
  instance_class      = "db.m6g.large"
}

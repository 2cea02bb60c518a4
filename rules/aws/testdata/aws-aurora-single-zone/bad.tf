resource "aws_rds_cluster" "one" { # want aws-aurora-single-zone
  engine = "aurora-postgresql"
}

resource "aws_rds_cluster_instance" "one" {
  cluster_identifier = aws_rds_cluster.one.id
  engine             = aws_rds_cluster.one.engine
  instance_class     = "db.r6g.large"
}

resource "aws_rds_cluster" "pinned" { # want aws-aurora-single-zone
  engine = "aurora-mysql"
}

resource "aws_rds_cluster_instance" "pinned" {
  count              = 2
  cluster_identifier = aws_rds_cluster.pinned.id
  engine             = "aurora-mysql"
  instance_class     = "db.r6g.large"
  availability_zone  = "eu-west-1a"
}

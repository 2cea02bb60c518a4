variable "instances" {
  type = number
}

variable "zone" {
  type = string
}

resource "aws_rds_cluster" "counted" {
  engine = "aurora-postgresql"
}

resource "aws_rds_cluster_instance" "counted" {
  count              = var.instances
  cluster_identifier = aws_rds_cluster.counted.id
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
}

resource "aws_rds_cluster" "zoned" {
  engine = "aurora-postgresql"
}

resource "aws_rds_cluster_instance" "zoned_a" {
  cluster_identifier = aws_rds_cluster.zoned.id
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
  availability_zone  = "eu-west-1a"
}

resource "aws_rds_cluster_instance" "zoned_b" {
  cluster_identifier = aws_rds_cluster.zoned.id
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
  availability_zone  = var.zone
}

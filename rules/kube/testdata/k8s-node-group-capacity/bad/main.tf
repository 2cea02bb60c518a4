resource "aws_subnet" "s0" {
  vpc_id            = "vpc-0123"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}

resource "aws_subnet" "s1" {
  vpc_id            = "vpc-0123"
  availability_zone = "eu-west-1b"
  cidr_block        = "10.0.1.0/24"
}

resource "aws_subnet" "s2" {
  vpc_id            = "vpc-0123"
  availability_zone = "eu-west-1c"
  cidr_block        = "10.0.2.0/24"
}

variable "zone" {
  type = string
}

variable "min" {
  type = number
}

resource "aws_eks_node_group" "apps" { # want k8s-node-group-capacity
  cluster_name  = "prod"
  node_role_arn = "arn:aws:iam::123456789012:role/nodes"
  subnet_ids    = [aws_subnet.s0.id, aws_subnet.s1.id, aws_subnet.s2.id]
  scaling_config {
    min_size     = 2
    max_size     = 9
    desired_size = 3
  }
}

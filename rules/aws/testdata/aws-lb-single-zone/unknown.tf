variable "public_subnet_ids" {
  type = list(string)
}

resource "aws_subnet" "public" {
  vpc_id     = "vpc-123"
  cidr_block = "10.0.0.0/24"
}

resource "aws_lb" "from_variable" {
  subnets = var.public_subnet_ids
}

# The subnet's zone is left to AWS.
resource "aws_lb" "zone_picked_by_aws" {
  load_balancer_type = "network"
  subnets            = [aws_subnet.public.id]
}

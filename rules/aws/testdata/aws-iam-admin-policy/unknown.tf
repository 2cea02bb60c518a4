variable "policy" {
  type = string
}

variable "actions" {
  type = list(string)
}

variable "policy_arn" {
  type = string
}

resource "aws_iam_policy" "given" {
  name   = "given"
  policy = var.policy
}

data "aws_iam_policy_document" "configurable" {
  statement {
    actions   = var.actions
    resources = ["*"]
  }
}

resource "aws_iam_policy" "configurable" {
  name   = "configurable"
  policy = data.aws_iam_policy_document.configurable.json
}

resource "aws_iam_role_policy_attachment" "any" {
  role       = "app"
  policy_arn = var.policy_arn
}

resource "aws_iam_policy" "json" { # want aws-iam-admin-policy
  name   = "everything"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "ReadLogs", "Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": "*"},
        {"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"}
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "encoded" { # want aws-iam-admin-policy
  role = "app"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = { Effect = "Allow", Action = ["*"], Resource = ["*"] }
  })
}

data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "document" { # want aws-iam-admin-policy
  name   = "admin"
  policy = data.aws_iam_policy_document.admin.json
}

resource "aws_iam_role_policy_attachment" "admin" { # want aws-iam-admin-policy
  role       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

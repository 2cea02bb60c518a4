#!/bin/bash
# Start the shop; its configuration and secrets come from SSM Parameter Store
# and Secrets Manager at boot, never from this file.
set -euo pipefail
systemctl enable --now shop@${app_port}

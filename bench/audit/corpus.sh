#!/usr/bin/env bash
# Run the shared audit benchmark harness (trivy config on a corpus of public
# Terraform and Kubernetes code, ../shared/bench/audit) with plimsoll side by
# side: plimsoll is built from this checkout and run as
# `plimsoll audit DIR --format json`.
#
#   bench/audit/corpus.sh                       # corpus in /work/corpus
#   CORPUS=/tmp/corpus RUNS=5 bench/audit/corpus.sh
#   ONLY="aws-vpc terragoat" bench/audit/corpus.sh
#
# Knobs: HARNESS (/work/shared/bench/audit/run.sh), CORPUS (/work/corpus),
# WORK (/tmp/plimsoll-corpus: the binary, results and raw output),
# RESULTS ($WORK/RESULTS.md), OUT ($WORK/out), and the harness's own (RUNS,
# ONLY, TRIVY, SKIP_TRIVY, TOPN). Results are written outside the
# repository: they are not committed.
#
# Prerequisites: Go, GNU time at /usr/bin/time and jq
# (apt-get update && apt-get install -y time jq), Trivy unless SKIP_TRIVY.
set -euo pipefail

HARNESS=${HARNESS:-/work/shared/bench/audit/run.sh}
export CORPUS=${CORPUS:-/work/corpus}
work=${WORK:-/tmp/plimsoll-corpus}
export RESULTS=${RESULTS:-$work/RESULTS.md}
export OUT=${OUT:-$work/out}

[[ -f $HARNESS ]] || { echo "no harness at $HARNESS" >&2; exit 2; }
cd "$(dirname "$0")/../.."
mkdir -p "$work" "$OUT"
go build -o "$work/plimsoll" ./cmd/plimsoll
NEWTOOL_CMD="$work/plimsoll audit --format json" bash "$HARNESS"

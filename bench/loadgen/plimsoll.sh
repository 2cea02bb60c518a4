#!/usr/bin/env bash
# plimsoll's wrapper for the shared load-generator harness
# (/work/shared/bench/loadgen/run.sh; its header documents the contract):
#
#   go build -o /tmp/plimsoll-bench ./cmd/plimsoll     # once, before timing
#   NEWTOOL_CMD='bash bench/loadgen/plimsoll.sh' SECTIONS=throughput \
#     TOOLS="wrk vegeta" RESULTS=$PWD/docs/load-bench.md bash /work/shared/bench/loadgen/run.sh
#
# Reads LG_URL, LG_CONNS, LG_RATE (0 = as fast as possible), LG_DURATION
# (seconds) and LG_MODE; runs plimsoll once, then prints the LGRESULT line
# from its results file. LG_RATE > 0 runs the open model at that rate;
# otherwise LG_CONNS closed-model VUs, one connection each. Build the binary beforehand (PLIMSOLL_BIN) so that the
# harness times the load run, not the compiler.
set -euo pipefail
bin=${PLIMSOLL_BIN:-/tmp/plimsoll-bench}
if [[ ! -x $bin ]]; then
  echo "plimsoll.sh: $bin missing; build it first: go build -o $bin ./cmd/plimsoll" >&2
  exit 2
fi
out=$(mktemp /tmp/plimsoll-lg.XXXXXX.json)
trap 'rm -f "$out"' EXIT
args=(load "$LG_URL" --duration "${LG_DURATION}s" --out "$out" --quiet)
if [[ ${LG_RATE:-0} != 0 ]]; then
  # Open model: connections are not capped (LG_CONNS is meant for
  # closed-loop tools); at most 1,000 iterations in flight (--max-vus).
  args+=(--rate "${LG_RATE}/s")
else
  args+=(--vus "$LG_CONNS" --max-conns "$LG_CONNS")
fi
rc=0
"$bin" "${args[@]}" ${PLIMSOLL_ARGS:-} || rc=$?
if [[ ! -s $out ]]; then
  echo "plimsoll.sh: no results (exit $rc)" >&2
  exit 1
fi
jq -r '"LGRESULT requests=\(.total.requests) errors=\(.total.errors) rps=\(.total.rate) p50_us=\(.total.latency_us.p50) p99_us=\(.total.latency_us.p99) p999_us=\(.total.latency_us.p99_9) max_us=\(.total.latency_us.max)"' "$out"

#!/usr/bin/env bash
# CPU per request of plimsoll and wrk, interleaved, against the shared
# harness's nginx (start it first: taskset -c 1 nginx -c /work/shared/bench/loadgen/nginx.conf),
# with system calls and context switches per request from perf stat.
# Complements run.sh on a noisy machine: each pair runs back to back.
#
#   go build -o /tmp/plimsoll-bench ./cmd/plimsoll
#   bash bench/loadgen/cpu-per-request.sh [SECONDS (5)] [ROUNDS (3)] [CONNS (64)]
set -euo pipefail
d=${1:-5} rounds=${2:-3} c=${3:-64}
bin=${PLIMSOLL_BIN:-/tmp/plimsoll-bench}
url=${URL:-http://127.0.0.1:18080/}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stat() { # label requests perf-output
  awk -v l="$1" -v n="$2" '/sys_enter/{s=$1} /context-switches/{x=$1} /task-clock/{t=$1}
    END{gsub(",","",s); gsub(",","",x); gsub(",","",t);
        printf "%-8s %8d req  %6.0f req/s  %5.1f CPU µs/req  %4.2f syscalls/req  %5.3f context switches/req\n", l, n, n/'"$d"', t*1000/n, s/n, x/n}' "$3"
}
ev='raw_syscalls:sys_enter,context-switches,task-clock'
for i in $(seq "$rounds"); do
  perf stat -e "$ev" -o "$tmp/p" taskset -c 0 "$bin" load "$url" --vus "$c" --duration "${d}s" --quiet --out "$tmp/r.json"
  stat plimsoll "$(jq .total.requests "$tmp/r.json")" "$tmp/p"
  perf stat -e "$ev" -o "$tmp/w" taskset -c 0 wrk -t1 -c"$c" -d"${d}s" "$url" >"$tmp/w.out"
  stat wrk "$(awk '/requests in/{print $1}' "$tmp/w.out")" "$tmp/w"
done
uptime

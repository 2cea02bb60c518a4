#!/usr/bin/env bash
# Audit a large generated Terraform tree with plimsoll and with trivy config,
# side by side, and print wall time, CPU time and peak RSS of each and their
# ratios (GNU /usr/bin/time -v).
#
#   bench/audit/run-large.sh                      # 2,000 files, 20,000 resource blocks
#   FILES=200 RESOURCES=2000 bench/audit/run-large.sh
#   SKIP_TRIVY=1 RUNS=10 bench/audit/run-large.sh # plimsoll alone
#   TRIVY_TIME=/work/logs/trivy-big.log TREE=/work/bigtree bench/audit/run-large.sh
#
# The tree is written by `go run ./bench/audit/gen -files $FILES -resources
# $RESOURCES -out $TREE` unless $TREE/main.tf exists. plimsoll is built from
# this checkout and run as `plimsoll audit $TREE --format json`: one untimed
# warm-up, then $RUNS timed runs (median wall reported; CPU of that run; peak
# RSS the largest). Trivy is slow on large trees, so it runs once, after
# plimsoll, as `trivy config --skip-check-update --skip-version-check
# --disable-telemetry --cache-dir <fresh> --timeout $TRIVY_TIMEOUT --format
# json $TREE` (embedded checks, offline), killed by `timeout` 10 minutes
# after its own timeout. TRIVY_TIME reuses the GNU time -v output of an
# earlier Trivy run on the same tree instead (TRIVY_JSON its report, to
# count findings).
#
# Knobs: FILES (2000), RESOURCES (20000), TREE (/tmp/plimsoll-large-FILES-RESOURCES),
# OUT (/tmp/plimsoll-large-out: binaries, reports, time logs; not committed),
# RUNS (5), TRIVY (/opt/peers/trivy), TRIVY_TIMEOUT (3h: a number of h, m or s), TRIVY_TIME,
# TRIVY_JSON, SKIP_TRIVY.
#
# The machine is usually shared: compare the two tools within one run, as
# ratios, and quote the load average printed with the figures. Figures and
# commands are recorded in docs/audit-performance.md.
#
# Prerequisites: Go, GNU time at /usr/bin/time and jq
# (apt-get update && apt-get install -y time jq), and Trivy unless
# SKIP_TRIVY or TRIVY_TIME is set.
set -euo pipefail

FILES=${FILES:-2000}
RESOURCES=${RESOURCES:-20000}
TREE=${TREE:-/tmp/plimsoll-large-$FILES-$RESOURCES}
OUT=${OUT:-/tmp/plimsoll-large-out}
RUNS=${RUNS:-5}
TRIVY=${TRIVY:-/opt/peers/trivy}
TRIVY_TIMEOUT=${TRIVY_TIMEOUT:-3h}
TRIVY_TIME=${TRIVY_TIME:-}
TRIVY_JSON=${TRIVY_JSON:-}
SKIP_TRIVY=${SKIP_TRIVY:-}

[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required" >&2; exit 2; }
cd "$(dirname "$0")/../.."
mkdir -p "$OUT"
# A Trivy log left by an earlier run in $OUT must not be reported as this one's.
rm -f "$OUT/trivy.time" "$OUT/trivy.json" "$OUT/trivy.log"

if [[ ! -f $TREE/main.tf ]]; then
  go run ./bench/audit/gen -files "$FILES" -resources "$RESOURCES" -out "$TREE" >&2
fi
nfiles=$(find "$TREE" -name '*.tf' | wc -l)
nblocks=$(grep -rhc '^resource "' "$TREE" --include='*.tf' | awk '{s += $1} END {print s}')
go build -o "$OUT/plimsoll" ./cmd/plimsoll

# GNU time -v fields of one run: "wall cpu rss_mib exit".
fields() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 }
    /Maximum resident set size/ { r = $2 / 1024 }
    /Exit status/ { x = $2 }
    END { printf "%.2f %.2f %.0f %s\n", w, u + s, r, x }' "$1"
}

echo "== plimsoll: $RUNS runs on $TREE ($nfiles .tf files, $nblocks resource blocks); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$OUT/plimsoll" audit "$TREE" --format json >"$OUT/plimsoll.json" 2>"$OUT/plimsoll.log" || true
rows=()
for i in $(seq "$RUNS"); do
  /usr/bin/time -v -o "$OUT/plimsoll.$i.time" "$OUT/plimsoll" audit "$TREE" --format json >"$OUT/plimsoll.json" 2>"$OUT/plimsoll.log" || true
  r=$(fields "$OUT/plimsoll.$i.time")
  echo "   run $i: wall cpu rss exit = $r" >&2
  rows+=("$r")
done
read -r p_wall p_cpu _ p_exit < <(printf '%s\n' "${rows[@]}" | sort -n -k1,1 | awk -v n="$RUNS" 'NR == int((n + 1) / 2)')
p_rss=$(printf '%s\n' "${rows[@]}" | awk '$3 > m {m = $3} END {print m}')
p_findings=$(jq '.summary.findings' "$OUT/plimsoll.json" 2>/dev/null || echo '?')
p_resources=$(jq '.summary.resources' "$OUT/plimsoll.json" 2>/dev/null || echo '?')

t_wall='' t_cpu='' t_rss='' t_exit='' t_findings='n/a' t_note='1 run'
if [[ -n $TRIVY_TIME ]]; then
  cp "$TRIVY_TIME" "$OUT/trivy.time"
  t_note="1 earlier run, $(date -u -r "$TRIVY_TIME" +%Y-%m-%d), from $TRIVY_TIME"
  echo "== trivy: figures of an earlier run: $(sed -n 's/^[[:space:]]*Command being timed: //p' "$TRIVY_TIME")" >&2
  if [[ -n $TRIVY_JSON ]]; then
    t_findings=$(jq '[.Results[]? | .Misconfigurations[]? | select(.Status == "FAIL")] | length' "$TRIVY_JSON" 2>/dev/null || echo '?')
  fi
elif [[ -z $SKIP_TRIVY && -x $TRIVY ]]; then
  echo "== trivy: once, --timeout $TRIVY_TIMEOUT; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  cache=$(mktemp -d)
  # time is outside timeout, so it still writes its report if trivy is killed.
  bound=$(($(sed -E 's/h$/*3600/; s/m$/*60/; s/s$//' <<<"$TRIVY_TIMEOUT") + 600))
  /usr/bin/time -v -o "$OUT/trivy.time" timeout -k 30 "$bound" "$TRIVY" config --skip-check-update \
    --skip-version-check --disable-telemetry --cache-dir "$cache" --timeout "$TRIVY_TIMEOUT" \
    --format json --output "$OUT/trivy.json" "$TREE" >"$OUT/trivy.log" 2>&1 || true
  rm -rf "$cache"
  t_findings=$(jq '[.Results[]? | .Misconfigurations[]? | select(.Status == "FAIL")] | length' "$OUT/trivy.json" 2>/dev/null || echo '?')
fi
if [[ -f $OUT/trivy.time ]]; then
  read -r t_wall t_cpu t_rss t_exit < <(fields "$OUT/trivy.time")
fi

echo
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); tree $TREE: $nfiles .tf files, $nblocks resource blocks"
echo
echo "| tool | wall s | CPU s (user+sys) | peak RSS MiB | exit | findings |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| plimsoll audit (median of $RUNS; $p_resources resources) | $p_wall | $p_cpu | $p_rss | $p_exit | $p_findings |"
if [[ -n $t_wall ]]; then
  echo "| trivy config ($t_note) | $t_wall | $t_cpu | $t_rss | $t_exit | $t_findings |"
  echo
  awk -v pw="$p_wall" -v pc="$p_cpu" -v pr="$p_rss" -v tw="$t_wall" -v tc="$t_cpu" -v tr="$t_rss" -v tx="$t_exit" 'BEGIN {
    printf "trivy/plimsoll: wall %.0f×, CPU %.0f×; peak RSS plimsoll/trivy %.2f", tw / pw, tc / pc, pr / tr
    if (tx != 0) printf " (trivy exited %s: it did not finish, so its figures are lower bounds)", tx
    printf "\n" }'
fi
echo
echo "exit: plimsoll exits 1 when it reports findings (its default --fail-on low), trivy config 0 (no --exit-code); findings: plimsoll's summary.findings, trivy's Misconfigurations with Status FAIL (the two rule sets differ)"


#!/usr/bin/env bash
# Times plimsoll audit against kube-score and trivy config on one folder of
# Kubernetes manifests (for example a checkout of kubernetes/examples), in
# the same run so the figures compare as ratios on a noisy machine.
#
#   bench/kube-peers.sh DIR [RUNS]
#
# kube-score stops at the first file it cannot parse, so it gets the files
# it accepts one by one (listed first); plimsoll and trivy get the folder.
# Peers are looked up in PATH and /opt/peers; a missing one is skipped.
set -euo pipefail
dir=${1:?usage: bench/kube-peers.sh DIR [RUNS]}
runs=${2:-5}
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin:/opt/peers
bin=$(mktemp -d)/plimsoll
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/plimsoll

files=$(find "$dir" -path '*/.*' -prune -o \( -name '*.yaml' -o -name '*.yml' \) -type f -print | sort)
echo "$(echo "$files" | wc -l) YAML files under $dir"

measure() { # name, command...
	local name=$1
	shift
	for i in $(seq "$runs"); do
		/usr/bin/time -f "$name	%e s wall	%U s user	%S s sys	%M KiB max RSS" "$@" >/dev/null 2>"$bin.err" || true
		tail -1 "$bin.err"
	done
}

measure plimsoll "$bin" audit "$dir" --format json
if command -v kube-score >/dev/null; then
	ok=()
	for f in $files; do
		# Exit 1 means findings as well as failure; only stderr tells.
		err=$(kube-score score "$f" 2>&1 >/dev/null || true)
		if [ -z "$err" ]; then ok+=("$f"); fi
	done
	echo "kube-score parses ${#ok[@]} of them"
	measure kube-score kube-score score "${ok[@]}"
	echo "kube-score on all of them (it stops at the first file it cannot parse):"
	measure kube-score-all kube-score score $files
fi
if command -v trivy >/dev/null; then
	measure trivy trivy config --skip-check-update --misconfig-scanners kubernetes -q "$dir"
fi

#!/usr/bin/env bash
# The main job of plimsoll on the bundled examples, on one machine, in about
# a minute and a half. Only loopback traffic; everything it writes goes to a
# temporary directory (kept with KEEP=1).
#
#   1. measure: the example shop server (examples/shop/server, one core)
#      stands in for one web instance, and `plimsoll load --find-max` walks
#      the shop journey (examples/shop/shop.yaml: log in, browse, add to
#      cart, check out) at rising rates until a threshold breaks;
#   2. plan: the Black Friday requirements (examples/blackfriday/plimsoll.yaml:
#      50,000 users, checkout p99 <= 200 ms, 25 % buffer, 24 months of
#      growth, three zones) with that measured per-instance capacity;
#   3. simulate: the three-zone architecture (examples/blackfriday/infra)
#      loses each zone, one instance, the database primary, the region;
#   4. audit: the well-built three-zone shop (examples/aws-shop) audits clean,
#      the classic single web server (examples/single-server) fails loudly.
#
#   bash examples/demo.sh
#   TRIAL=1s bash examples/demo.sh      # shorter trials (the tests use this)
#
# Exit status: 0 when every step behaved as described (plan and simulate may
# report failed verdicts: that is their answer, not the demo's failure).
set -euo pipefail

TRIAL=${TRIAL:-3s}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
server=
cleanup() {
	if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi
	if [[ -z ${KEEP:-} ]]; then rm -rf "$tmp"; else echo "kept $tmp" >&2; fi
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2" >&2; }

go build -o "$tmp/plimsoll" ./cmd/plimsoll
go build -o "$tmp/shopserver" ./examples/shop/server
plimsoll() { "$tmp/plimsoll" "$@"; }

# A free loopback port: the server refuses anything else, and exits by
# itself after three minutes should this script be killed.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
GOMAXPROCS=1 "$tmp/shopserver" -addr "127.0.0.1:$port" -max-lifetime 3m 2>"$tmp/server.log" &
server=$!
for _ in $(seq 50); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
	sleep 0.1
done

step "1. measure one instance" "plimsoll load examples/shop/shop.yaml --find-max --rate 100/s --duration $TRIAL --out web-max.json"
SHOP_URL="http://127.0.0.1:$port" plimsoll load examples/shop/shop.yaml --find-max --rate 100/s \
	--duration "$TRIAL" --out "$tmp/web-max.json" 2>&1 | sed -n '/^breaking-point search/,$p' >&2
kill "$server" && wait "$server" 2>/dev/null || true
server=

# The requirements file with capacity: web-max.json instead of its 400/s.
sed "s|^    capacity: 400/s|    capacity: $tmp/web-max.json|" examples/blackfriday/plimsoll.yaml >"$tmp/plimsoll.yaml"
grep -q "capacity: $tmp/web-max.json" "$tmp/plimsoll.yaml"

rc=0
step "2. plan Black Friday on the measured capacity" "plimsoll plan plimsoll.yaml   # examples/blackfriday, capacity: web-max.json"
plimsoll plan "$tmp/plimsoll.yaml" || rc=$?
[[ $rc -le 1 ]] || exit "$rc"

rc=0
step "3. lose a zone, an instance, the database, the region" "plimsoll simulate examples/blackfriday/infra --requirements plimsoll.yaml"
plimsoll simulate examples/blackfriday/infra --requirements "$tmp/plimsoll.yaml" || rc=$?
[[ $rc -le 1 ]] || exit "$rc"

step "4a. audit the well-built shop: clean" "plimsoll audit examples/aws-shop"
plimsoll audit examples/aws-shop

rc=0
step "4b. audit the single web server: fails" "plimsoll audit examples/single-server --fail-on high"
plimsoll audit examples/single-server --fail-on high || rc=$?
if [[ $rc -ne 1 ]]; then
	echo "demo: the single server should fail the audit with exit 1, got $rc" >&2
	exit 1
fi
echo >&2
echo "demo: done (the single server's exit 1 above is the expected verdict)" >&2

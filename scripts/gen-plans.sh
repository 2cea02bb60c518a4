#!/usr/bin/env bash
# gen-plans.sh regenerates plan JSON fixtures from real Terraform plans, made
# offline: Terraform (1.11 was used) takes the AWS provider from a local
# filesystem mirror, and an override file added to a temporary copy of each
# configuration stops the provider from asking AWS for anything. Nothing but
# the plan JSON is written into the repository: no .terraform directory, lock
# file or state. It makes two sets:
#
#   - loader/tfplan/testdata/NAME.plan.json, from the examples and
#     loader/tfplan/testdata/src/NAME (indented);
#   - rules/aws/testdata/RULE-ID/FIXTURE.tf.plan.json beside every rule
#     fixture Terraform can plan offline (compact, to keep git small). A
#     fixture it cannot plan is skipped with the reason (a variable without a
#     value, which the HCL loader keeps unknown; a provider not in the mirror;
#     a data source that must call AWS); rules/parity_test.go lists the
#     skipped bad and good fixtures, so a plan that goes missing fails it.
#
#   scripts/gen-plans.sh                 # every fixture of both sets
#   scripts/gen-plans.sh aws-shop basic  # only these loader fixtures
#   scripts/gen-plans.sh rules           # only the rule fixtures
#   scripts/gen-plans.sh rules/aws/testdata/aws-rds-multi-az/bad.tf
#                                        # only this rule fixture
#
# Environment:
#   TF_PROVIDER_MIRROR  directory laid out as a Terraform filesystem mirror
#                       (registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/...);
#                       default: /opt/tf-plugins
#   TERRAFORM           the terraform binary; default: terraform from PATH
#   JOBS                rule fixtures planned at once; default: nproc
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/loader/tfplan/testdata
mirror=${TF_PROVIDER_MIRROR:-/opt/tf-plugins}
tf=${TERRAFORM:-terraform}

if [ ! -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  echo "gen-plans: no AWS provider under $mirror (set TF_PROVIDER_MIRROR)" >&2
  exit 2
fi

# name -> configuration directory (relative to the repository root).
declare -A sources=(
  [aws-shop]=examples/aws-shop
  [single-server]=examples/single-server
)
for d in "$out"/src/*/; do
  [ -d "$d" ] || continue
  n=$(basename "$d")
  sources[$n]=loader/tfplan/testdata/src/$n
done

names=()
rulefixtures=()
for a in "$@"; do
  case $a in
  rules) mapfile -t -O ${#rulefixtures[@]} rulefixtures < <(cd "$root" && ls rules/aws/testdata/*/{bad,good,unknown}*.tf) ;;
  rules/*.tf) rulefixtures+=("$a") ;;
  *) names+=("$a") ;;
  esac
done
if [ $# -eq 0 ]; then
  mapfile -t names < <(printf '%s\n' "${!sources[@]}" | sort)
  mapfile -t rulefixtures < <(cd "$root" && ls rules/aws/testdata/*/{bad,good,unknown}*.tf)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# No plugin cache: from an unpacked mirror (the usual layout) terraform init
# links the provider instead of copying it, and without a shared cache the
# rule fixtures can be planned in parallel (the cache is not safe for
# concurrent use: parallel runs with it failed with "Required plugins are not
# installed").
cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
TFRC

# Terraform writes the plan as one long line; the loader fixtures are indented
# so that reviews and positions (plan.json:LINE) mean something, the rule
# fixtures are compacted (their positions come from the .tf beside them).
# json.Indent and json.Compact keep every number exactly as Terraform wrote
# it, which jq 1.6 would not. Two
# things change on every run of an unchanged configuration and are made
# stable: the top-level "timestamp" (when the plan was made) is dropped, and
# "relevant_attributes", which Terraform lists in no fixed order, is sorted.
mkdir -p "$work/indent"
cat >"$work/indent/main.go" <<'GO'
package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"sort"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	check(err)
	d := json.NewDecoder(bytes.NewReader(in))
	tok, err := d.Token()
	check(err)
	if tok != json.Delim('{') {
		panic("plan JSON is not an object")
	}
	var out bytes.Buffer
	out.WriteByte('{')
	first := true
	for d.More() {
		tok, err := d.Token()
		check(err)
		key := tok.(string)
		var raw json.RawMessage
		check(d.Decode(&raw))
		switch key {
		case "timestamp":
			continue
		case "relevant_attributes":
			var list []json.RawMessage
			check(json.Unmarshal(raw, &list))
			sort.Slice(list, func(i, j int) bool { return bytes.Compare(list[i], list[j]) < 0 })
			raw, err = json.Marshal(list)
			check(err)
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
	}
	out.WriteByte('}')
	var b bytes.Buffer
	if len(os.Args) > 1 && os.Args[1] == "-compact" {
		check(json.Compact(&b, out.Bytes()))
	} else {
		check(json.Indent(&b, out.Bytes(), "", " "))
	}
	b.WriteByte('\n')
	os.Stdout.Write(b.Bytes())
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}
GO
(cd "$work/indent" && go mod init indent >/dev/null 2>&1 && go build -o "$work/indent/indent" .)

export TF_CLI_CONFIG_FILE=$work/cli.tfrc
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=offline AWS_SECRET_ACCESS_KEY=offline AWS_EC2_METADATA_DISABLED=true
# The region of a provider block that sets none (rule fixtures mostly have no
# provider block). It reaches no plan JSON: the configuration's expressions
# are recorded, not the environment.
export AWS_REGION=eu-west-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION

# offline_providers writes, into directory $1, the settings that stop every
# AWS provider configuration of its root module from reaching AWS: an
# override file for the blocks the configuration has (override files merge
# into the blocks they name, so the configuration stays as a user would
# write it), and a plain provider block when it has no default one (an
# override file cannot add a block).
offline_providers() {
  local dir=$1 alias blocks aliases
  skip='  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true'
  aliases=$(grep -ho 'alias *= *"[A-Za-z0-9_-]*"' "$dir"/*.tf | sed 's/.*"\(.*\)"/\1/' | sort -u || true)
  blocks=$(cat "$dir"/*.tf | grep -c '^provider "aws"' || true)
  {
    echo "# Added by scripts/gen-plans.sh: plan without reaching AWS."
    if [ "$blocks" -gt "$(printf '%s' "$aliases" | grep -c . || true)" ]; then
      printf 'provider "aws" {\n%s\n}\n' "$skip"
    fi
    for alias in $aliases; do
      printf 'provider "aws" {\n  alias = "%s"\n%s\n}\n' "$alias" "$skip"
    done
  } >"$dir/zz_offline_override.tf"
  if [ "$blocks" -le "$(printf '%s' "$aliases" | grep -c . || true)" ]; then
    printf '# Added by scripts/gen-plans.sh: plan without reaching AWS.\nprovider "aws" {\n%s\n}\n' "$skip" >"$dir/zz_offline.tf"
  fi
}

for n in "${names[@]}"; do
  src=${sources[$n]:-}
  if [ -z "$src" ]; then
    echo "gen-plans: unknown fixture $n (have: ${!sources[*]})" >&2
    exit 2
  fi
  dir=$work/$n
  mkdir -p "$dir"
  cp -R "$root/$src/." "$dir/"
  rm -rf "$dir/.terraform" "$dir/.terraform.lock.hcl" "$dir"/terraform.tfstate*

  offline_providers "$dir"

  # A fixture may carry a state to plan against (existing infrastructure).
  if [ -f "$dir/state.tfstate.json" ]; then
    mv "$dir/state.tfstate.json" "$dir/terraform.tfstate"
  fi

  echo "== $n ($src)" >&2
  (
    cd "$dir"
    "$tf" init -input=false -no-color >"$work/$n.init.log" 2>&1 || { cat "$work/$n.init.log" >&2; exit 1; }
    "$tf" plan -input=false -no-color -refresh=false -lock=false -out=plan.out >"$work/$n.plan.log" 2>&1 || { cat "$work/$n.plan.log" >&2; exit 1; }
    "$tf" show -json plan.out | "$work/indent/indent" >"$out/$n.plan.json"
  )
  echo "   wrote loader/tfplan/testdata/$n.plan.json ($(wc -c <"$out/$n.plan.json") bytes)" >&2
done

# plan_rule_fixture plans one rule fixture (a path relative to the
# repository root) and writes FIXTURE.plan.json beside it, or prints why it
# cannot be planned offline.
plan_rule_fixture() {
  local f=$1 dir reason
  dir=$work/rules/${f//\//_}
  # A plan that can no longer be made must not stay behind, stale.
  rm -f "$root/$f.plan.json"
  mkdir -p "$dir"
  cp "$root/$f" "$dir/"
  offline_providers "$dir"
  if ! (cd "$dir" && "$tf" init -input=false -no-color >init.log 2>&1); then
    reason=$(tr '\n' ' ' <"$dir/init.log" | grep -o 'provider registry.terraform.io/[a-z0-9/-]* was not found' | head -1 || true)
    echo "   skip $f: terraform init failed: ${reason:-$(grep -m1 '^Error: ' "$dir/init.log" || true)} (the mirror holds only hashicorp/aws)" >&2
    return 0
  fi
  if ! (cd "$dir" && "$tf" plan -input=false -no-color -refresh=false -lock=false -out=plan.out >plan.log 2>&1); then
    reason=$(grep -m1 '^Error: ' "$dir/plan.log" | sed 's/^Error: //' || true)
    case $reason in
    "No value for required variable") reason="$reason (the HCL loader keeps it unknown; a plan needs a value)" ;;
    esac
    echo "   skip $f: terraform plan failed: $reason" >&2
    return 0
  fi
  (cd "$dir" && "$tf" show -json plan.out) | "$work/indent/indent" -compact >"$dir/plan.json"
  mv "$dir/plan.json" "$root/$f.plan.json"
  echo "   wrote $f.plan.json ($(wc -c <"$root/$f.plan.json") bytes)" >&2
}

if [ ${#rulefixtures[@]} -gt 0 ]; then
  echo "== rule fixtures (${#rulefixtures[@]})" >&2
  jobs=${JOBS:-$(nproc)}
  for f in "${rulefixtures[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    plan_rule_fixture "$f" &
  done
  wait
  total=0
  for f in "$root"/rules/aws/testdata/*/*.plan.json; do
    total=$((total + $(wc -c <"$f")))
  done
  echo "   rules/aws/testdata holds $(ls "$root"/rules/aws/testdata/*/*.plan.json | wc -l) plans, $total bytes" >&2
fi

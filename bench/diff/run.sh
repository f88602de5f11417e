#!/usr/bin/env bash
# Diff benchmark: `vsctl diff` against `kubectl diff --server-side` of the same rendered
# objects, side by side on the test bed, for generated architectures of 10, 100 and 500
# services: once with nothing changed, once with 10% of the services given a new version.
# Prints medians and ratios (and writes them to bench/out/diff/results.md).
#
# usage: bench/diff/run.sh [--state DIR] [--build DIR] [--sizes "10 100 500"]
#   --state DIR  a running test bed (scripts/testbed up --state DIR); default: start one in a
#                temp directory and stop it at the end
#   --build DIR  where vsctl is built (default: build)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$ROOT/build
STATE=""
SIZES="10 100 500"
while (($#)); do
  case $1 in
    --state) STATE=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=$ROOT/bench/out/diff
mkdir -p "$OUT"
# The generated repositories live outside this one (vsctl -C finds the nearest .git upwards).
WS=$(mktemp -d)
command -v hyperfine >/dev/null || { echo "hyperfine is missing: scripts/deps installs it" >&2; exit 1; }
cmake --build "$BUILD" --target vsctl >/dev/null
VSCTL=$BUILD/src/vsctl

if [[ -z $STATE ]]; then
  STATE=$(mktemp -d)/state
  "$ROOT/scripts/testbed" up --state "$STATE" >&2
  trap '"$ROOT/scripts/testbed" down --state "$STATE" >&2; rm -rf "$WS"' EXIT
else
  trap 'rm -rf "$WS"' EXIT
fi
# shellcheck disable=SC1090
source <("$ROOT/scripts/testbed" env --state "$STATE")
export KUBECONFIG NO_COLOR=1
KUBECTL=$TESTBED_KUBECTL

# bump FILE PERCENT: a new patch version for every (100/PERCENT)th service (ranges stay satisfied).
bump() {
  python3 - "$1" "$2" <<'PY'
import re, sys
path, pct = sys.argv[1], int(sys.argv[2])
lines = open(path).read().split("\n")
every, seen = max(1, 100 // pct), 0
for i, l in enumerate(lines):
    m = re.match(r"^(      version: )(\d+)\.(\d+)\.(\d+)$", l)
    if m:
        if seen % every == 0:
            lines[i] = f"{m.group(1)}{m.group(2)}.{m.group(3)}.{int(m.group(4)) + 1}"
        seen += 1
open(path, "w").write("\n".join(lines))
PY
}

# measure NAME N RUNS: hyperfine of both tools on the current working tree of ws-N.
measure() {
  local name=$1 n=$2 runs=$3 ws=$WS/ws-$2
  "$VSCTL" -C "$ws" render >"$ws/rendered.yaml" 2>/dev/null
  hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$OUT/$name-$n.json" \
    -n vsctl "$VSCTL -C $ws diff" \
    -n kubectl "$KUBECTL diff --server-side --force-conflicts --field-manager=vsctl -f $ws/rendered.yaml" \
    >/dev/null 2>&1
  # What each one reported, to check they saw the same change.
  local mine theirs
  mine=$("$VSCTL" -C "$ws" diff -o json 2>/dev/null | python3 -c 'import json,sys; print(sum(1 for o in json.load(sys.stdin)["objects"] if o["action"] != "None"))' || true)
  theirs=$("$KUBECTL" diff --server-side --force-conflicts --field-manager=vsctl -f "$ws/rendered.yaml" 2>/dev/null | grep -c '^diff -u' || true)
  python3 - "$OUT/$name-$n.json" "$n" "$name" "$mine" "$theirs" <<'PY' | tee -a "$OUT/results.md"
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
v, k = r["vsctl"], r["kubectl"]
print(f"| {sys.argv[2]:>8} | {sys.argv[3]:<16} | {v['median']*1e3:9.0f} | {k['median']*1e3:11.0f} | "
      f"{k['median']/v['median']:6.1f}x | {sys.argv[4]:>5} / {sys.argv[5]:<5} |")
PY
}

{
  echo "vsctl diff against kubectl diff --server-side, medians of hyperfine runs on $(nproc) cores ($(date -u +%F))."
  echo
  echo "| services | case             | vsctl ms | kubectl ms | ratio | objects changed (vsctl / kubectl) |"
  echo "| -------: | ---------------- | -------: | ---------: | ----: | --------------------------------: |"
} | tee "$OUT/results.md"

for n in $SIZES; do
  ws=$WS/ws-$n
  mkdir -p "$ws"
  python3 "$ROOT/bench/gen_architecture.py" "$n" --name "bench-$n" --namespace "bench-$n" >"$ws/architecture.yaml"
  # The test bed's service range has 254 addresses: headless Services, so that 500 fit.
  sed -i 's/^  defaults:$/  defaults:\n    patches: [ { target: { kind: Service }, patch: { spec: { clusterIP: None } } } ]/' \
    "$ws/architecture.yaml"
  "$KUBECTL" delete namespace "bench-$n" --ignore-not-found --wait=true >/dev/null
  "$VSCTL" -C "$ws" render >"$ws/rendered.yaml" 2>/dev/null
  "$KUBECTL" apply --server-side --field-manager=vsctl -f "$ws/rendered.yaml" >/dev/null
  sleep $((n / 20 + 5))  # let the controllers settle (ReplicaSets, pods, autoscalers)
  runs=$((n >= 500 ? 5 : 10))
  measure nothing-changed "$n" "$runs"
  bump "$ws/architecture.yaml" 10
  measure 10pct-changed "$n" "$runs"
  "$KUBECTL" delete namespace "bench-$n" --wait=false >/dev/null
done

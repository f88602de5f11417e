#!/usr/bin/env bash
# Where the time goes: instruction counts (callgrind, independent of other load on the machine)
# of vsctl render and validate against the yaml-cpp floor at 1,000 services, with the inclusive
# cost of vsctl's own phases and of the planner (after bench/run plan); and a sampled profile (perf) of the slowest command, a cold
# vsctl log over the 10,000-commit history. Uses the inputs bench/run generated.
#
#   bench/profile.sh [--build DIR] [--out DIR]      (defaults: build-bench, bench/out/profile)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build-bench
OUT=$ROOT/bench/out/profile
while (($#)); do
  case $1 in
    --build) BUILD=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "profile.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VSCTL=$BUILD/src/vsctl
FLOOR=$BUILD/bench/yaml_floor
WS=$ROOT/bench/out/inputs/ws-1000
HISTORY=$ROOT/bench/out/inputs/history-10000
[[ -d $WS && -d $HISTORY ]] || { echo "run bench/run render log first (it generates the inputs)" >&2; exit 1; }
mkdir -p "$OUT"

ir() { # ir NAME COMMAND...: total instructions of one run, its callgrind file kept
  valgrind --tool=callgrind --callgrind-out-file="$OUT/$1.cg" "${@:2}" >/dev/null 2>"$OUT/$1.err"
  grep -o 'refs: *[0-9,]*' "$OUT/$1.err" | tr -d ', ' | cut -d: -f2
}
# phase NAME FUNCTION: the inclusive instructions of FUNCTION in NAME's profile
phase() {
  callgrind_annotate --inclusive=yes "$OUT/$1.cg" 2>/dev/null |
    grep -F "$2" | head -1 | awk '{gsub(",", "", $1); print $1}'
}

{
  echo "instructions (callgrind), 1,000 services:"
  r=$(ir render "$VSCTL" -C "$WS" render)
  v=$(ir validate "$VSCTL" -C "$WS" validate)
  f=$(ir floor "$FLOOR" "$WS/architecture.yaml")
  printf '  %-28s %14s  %5.2fx the floor\n' "vsctl render" "$r" "$(echo "$r / $f" | bc -l)"
  printf '  %-28s %14s  %5.2fx the floor\n' "vsctl validate" "$v" "$(echo "$v / $f" | bc -l)"
  printf '  %-28s %14s\n' "yaml-cpp YAML::Load (floor)" "$f"
  echo "vsctl render, inclusive instructions by phase:"
  for fn in "manifest::load(" "yaml::parse(" "render::render(" "yaml::emit("; do
    c=$(phase render "$fn")
    printf '  %-28s %14s  %4.1f%%\n' "$fn" "$c" "$(echo "100 * $c / $r" | bc -l)"
  done
  live=$ROOT/bench/out/inputs/gen-1000
  if [[ -f $live/live.json ]]; then  # written by bench/run plan
    ir plan "$BUILD/bench/plan_bench" "$WS/architecture.yaml" 1 "$live/live.json" "$live/live-ns.json" >/dev/null
    printf '  %-28s %14s  (the planner alone, 1,000 services against the live objects)\n' \
      "apply::make_plan(" "$(phase plan "apply::make_plan(")"
  fi
  echo
  echo "vsctl log, cold (no cache), 10,000 commits: perf samples by library (self):"
  rm -rf "$HISTORY/.git/vsctl"
  perf record -q -F 499 -o "$OUT/log-cold.perf" -- "$VSCTL" -C "$HISTORY" log >/dev/null 2>&1
  perf report -i "$OUT/log-cold.perf" --no-children --stdio --sort dso 2>/dev/null |
    grep -E '^ +[0-9.]+%' | head -8 | sed -E 's/ +$//'
  echo "by symbol (self, top 12):"
  perf report -i "$OUT/log-cold.perf" --no-children --stdio --sort dso,symbol 2>/dev/null |
    grep -E '^ +[0-9.]+%' | head -12 | sed -E 's/ +$//' | cut -c1-150
} | tee "$OUT/summary.txt"

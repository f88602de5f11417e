#!/usr/bin/env bash
# Render benchmark: `vsctl render` (which validates first) of generated architectures of 10 to
# 5,000 services, one process per run, against the floor of yaml-cpp merely loading the same
# file. Prints medians, spreads, the ratio, and vsctl's peak memory.
# usage: bench/render/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-$ROOT/build}
OUT=$ROOT/bench/out/render
mkdir -p "$OUT"
cmake --build "$BUILD" --target bench_tools >/dev/null
VSCTL=$BUILD/src/vsctl
FLOOR=$BUILD/bench/yaml_floor
command -v hyperfine >/dev/null || { echo "hyperfine is missing: scripts/deps installs it" >&2; exit 1; }

printf '%-9s %10s %10s %10s %8s %10s\n' services "vsctl ms" "± ms" "floor ms" ratio "peak MB"
for n in 10 100 500 1000 5000; do
  f=$OUT/arch-$n.yaml
  python3 "$ROOT/bench/gen_architecture.py" "$n" > "$f"
  hyperfine -N --warmup 3 --runs 20 --export-json "$OUT/render-$n.json" \
    "$VSCTL render -f $f" "$FLOOR $f" >/dev/null 2>&1
  /usr/bin/time -o "$OUT/time-$n.txt" -f '%M' "$VSCTL" render -f "$f" >/dev/null 2>&1
  peak=$(tail -1 "$OUT/time-$n.txt")
  python3 - "$OUT/render-$n.json" "$n" "$peak" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
v, f = r[0], r[1]
print(f"{sys.argv[2]:<9} {v['median']*1e3:10.1f} {v['stddev']*1e3:10.1f} {f['median']*1e3:10.1f} "
      f"{v['median']/f['median']:8.2f} {int(sys.argv[3])/1024:10.1f}")
PY
done

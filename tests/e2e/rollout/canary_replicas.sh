#!/usr/bin/env bash
# A canary with no route shares traffic by instance counts: kubectl sees the canary Deployment at
# 1 then 2 instances while the stable one goes 3 then 2 (of 4), a job analysis runs as a real Job
# (kwok completes it) and passes, the plan says the share is approximate, and the service ends with
# 4 instances of the new version and no canary.
source "$(dirname "$0")/lib.sh"

ROUTE=0
ROLLOUT="{ strategy: canary, steps: [ { weight: 25 }, { pause: 2s }, { analysis: { job: { image: example.com/smoke, version: '1', command: [ smoke ], timeout: 60s } } }, { weight: 50 }, { pause: 2s } ] }"
cart_manifest v1
sed -i 's/instances: { min: 2, max: 2 }/instances: { min: 4, max: 4 }/' "$WORK/architecture.yaml"
git -C "$WORK" commit -qam four
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }

CART_VERSION=1.1.0 cart_manifest v2
sed -i 's/instances: { min: 2, max: 2 }/instances: { min: 4, max: 4 }/' "$WORK/architecture.yaml"
git -C "$WORK" commit -qam four
vs plan > "$OUT/plan.txt" 2>&1 || true
grep -q 'traffic: no route, shared by instance counts (approximate): 25% -> 1 of 4 (25%), 50% -> 2 of 4 (50%)' "$OUT/plan.txt" ||
  { cat "$OUT/plan.txt" >&2; fail "plan does not say how instance counts share traffic"; }
(
  last=""
  while :; do
    c=$(k -n "$NS" get deploy cart-canary -o 'jsonpath={.spec.replicas}' 2>/dev/null || true)
    s=$(k -n "$NS" get deploy cart -o 'jsonpath={.spec.replicas}' 2>/dev/null || true)
    [[ -n "$c" && "$c/$s" != "$last" ]] && { echo "$c/$s" >> "$OUT/replicas"; last="$c/$s"; }
    sleep 0.2
  done
) &
W=$!
vs_rc rc apply --yes -o json > "$OUT/events.json" 2>"$OUT/apply2.err"
kill "$W" 2>/dev/null || true; wait "$W" 2>/dev/null || true
[[ $rc == 0 ]] || { cat "$OUT/apply2.err" >&2; fail "the canary apply exited $rc"; }
seen=$(tr '\n' ' ' < "$OUT/replicas")
info "canary/stable replicas kubectl saw: $seen"
# the reads are 0.2s apart: a state shorter than that may be missed, but these two last a pause each
[[ "$seen" == *"1/3 "*"2/2 "* ]] || fail "canary/stable replicas went '$seen', want 1/3 (25%) then 2/2 (50%) among them"
verdict=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("type") == "Analysis": print(e["rollout"]["kind"], e["rollout"]["verdict"])
' "$OUT/events.json" | tr '\n' ',')
[[ "$verdict" == "job passed," ]] || fail "Analysis events: '$verdict', want 'job passed,'"
[[ $(image_of cart) == example.com/cart:1.1.0 ]] || fail "Deployment cart runs $(image_of cart)"
[[ $(k -n "$NS" get deploy cart -o 'jsonpath={.spec.replicas}') == 4 ]] || fail "Deployment cart is not back at 4 instances"
left=$(k -n "$NS" get deploy cart-canary --ignore-not-found -o name)
[[ -z "$left" ]] || fail "the canary Deployment is still there"
info "ok"

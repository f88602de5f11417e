#!/usr/bin/env bash
# A canary through a Gateway API HTTPRoute walks every step: kubectl sees the route's weights go
# 100/0 -> 80/20 -> 50/50 -> 0/100 (all on the canary while the Deployment rolls) -> 100/0, the
# Deployment ends on the new version, the canary Deployment is gone, the JSON event stream has
# one Traffic event per weight, and `rollout status` shows the completed rollout from the record.
source "$(dirname "$0")/lib.sh"

cart_manifest v1
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }
[[ $(weights) == 100/0 ]] || fail "after the first apply the route is $(weights), want 100/0"
sel=$(k -n "$NS" get svc cart-stable -o 'jsonpath={.spec.selector.vsctl\.dev/track}')
[[ "$sel" == stable ]] || fail "Service cart-stable selects track '$sel', want stable"

CART_VERSION=1.1.0 cart_manifest v2
vs plan > "$OUT/plan.txt" 2>&1 || true
grep -q 'canary: weight 20% -> pause 2s -> weight 50% -> pause 2s' "$OUT/plan.txt" || { cat "$OUT/plan.txt" >&2; fail "plan does not show the canary steps"; }
grep -q 'traffic: HTTPRoute cart-route' "$OUT/plan.txt" || fail "plan does not say how traffic is shared"

watch_weights "$OUT/weights"
vs_rc rc apply --yes -o json > "$OUT/events.json" 2>"$OUT/apply2.err"
stop_watch
[[ $rc == 0 ]] || { cat "$OUT/apply2.err" "$OUT/events.json" >&2; fail "the canary apply exited $rc"; }
seen=$(tr '\n' ' ' < "$OUT/weights")
info "weights kubectl saw: $seen"
# 0/100 lasts while the Deployment rolls, which on the test bed may be shorter than a read; the
# Traffic events below show it was written
[[ "$seen" == "100/0 80/20 50/50 0/100 100/0 " || "$seen" == "100/0 80/20 50/50 100/0 " ]] ||
  fail "route weights went '$seen', want 100/0 80/20 50/50 (0/100) 100/0"
[[ $(image_of cart) == example.com/cart:1.1.0 ]] || fail "Deployment cart runs $(image_of cart), want example.com/cart:1.1.0"
left=$(k -n "$NS" get deploy cart-canary --ignore-not-found -o name)
[[ -z "$left" ]] || fail "the canary Deployment is still there: $left"
traffic=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("type") == "Traffic": print(e["rollout"]["weight"], e["rollout"]["phase"])
' "$OUT/events.json" | tr '\n' ',')
[[ "$traffic" == "0 Starting,20 Weight,50 Weight,100 Promoting,100 Completed," ]] || fail "Traffic events: '$traffic'"
vs rollout status cart -o json > "$OUT/status.json"
[[ $(json_field "$OUT/status.json" 'j["phase"], j["inProgress"], j["outcome"]') == "('Completed', False, 'succeeded')" ]] ||
  { cat "$OUT/status.json" >&2; fail "rollout status after the apply"; }
info "ok"

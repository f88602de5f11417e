#!/usr/bin/env bash
# `vsctl rollout promote` and `vsctl rollout abort` mid-way, from another process: a canary paused
# until promoted goes on at `promote` and completes; the next one, aborted while paused, puts the
# route back at 100/0, removes the canary, and the apply fails with RolloutAborted (exit 6), the
# record and `rollout status` saying so.
source "$(dirname "$0")/lib.sh"

ROLLOUT="{ strategy: canary, traffic: { gateway: { route: cart-route } }, steps: [ { weight: 30 }, { pause: {} }, { weight: 60 } ] }"
cart_manifest v1
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }

CART_VERSION=1.1.0 cart_manifest v2
vs_rc rc1 apply --yes -o json > "$OUT/events1.json" 2>"$OUT/apply2.err" &
APPLY=$!
wait_phase Paused 60
[[ $(weights) == 70/30 ]] || fail "paused at weight 30 the route is $(weights), want 70/30"
vs rollout status cart > "$OUT/status-paused.txt"
grep -q 'canary 30% (step 2/3), in progress on cart-canary' "$OUT/status-paused.txt" || { cat "$OUT/status-paused.txt" >&2; fail "rollout status while paused"; }
vs rollout promote cart > "$OUT/promote.txt" 2>&1 || { cat "$OUT/promote.txt" >&2; fail "rollout promote failed"; }
wait "$APPLY" || true
grep -q '"outcome":"succeeded","time":"[^"]*","type":"RunFinished"' "$OUT/events1.json" || { cat "$OUT/apply2.err" >&2; fail "the promoted apply did not succeed"; }
[[ $(weights) == 100/0 ]] || fail "after the promoted rollout the route is $(weights)"
[[ $(image_of cart) == example.com/cart:1.1.0 ]] || fail "Deployment cart runs $(image_of cart), want 1.1.0"

CART_VERSION=1.2.0 cart_manifest v3
set +e
vs apply --yes -o json > "$OUT/events2.json" 2>"$OUT/apply3.err" &
APPLY=$!
set -e
wait_phase Paused 60
[[ $(weights) == 70/30 ]] || fail "paused again the route is $(weights), want 70/30"
vs rollout abort cart > "$OUT/abort.txt" 2>&1 || { cat "$OUT/abort.txt" >&2; fail "rollout abort failed"; }
set +e
wait "$APPLY"
rc=$?
set -e
[[ $rc == 6 ]] || { cat "$OUT/apply3.err" >&2; fail "the aborted apply exited $rc, want 6"; }
[[ $(weights) == 100/0 ]] || fail "after the abort the route is $(weights), want 100/0"
[[ $(image_of cart) == example.com/cart:1.1.0 ]] || fail "after the abort Deployment cart runs $(image_of cart), want 1.1.0"
left=$(k -n "$NS" get deploy cart-canary --ignore-not-found -o name)
[[ -z "$left" ]] || fail "the canary Deployment is still there after the abort"
events "$OUT/events2.json" StepFinished > "$OUT/finished"
grep -q '^cart Update failed RolloutAborted$' "$OUT/finished" || { cat "$OUT/finished" >&2; fail "cart's step did not fail with RolloutAborted"; }
vs rollout status cart -o json > "$OUT/status.json"
[[ $(json_field "$OUT/status.json" 'j["phase"], j["outcome"], j["reason"]') == "('Aborted', 'failed', 'RolloutAborted')" ]] ||
  { cat "$OUT/status.json" >&2; fail "rollout status after the abort"; }
info "ok"

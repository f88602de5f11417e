#!/usr/bin/env bash
# Blue-green: the new version runs in full beside the old as cart-preview (Service cart-preview
# selects it) while Service cart keeps selecting the stable pods; after the steps Service cart
# switches to the preview (kubectl sees its selector on track=preview), the Deployment rolls, and
# the selector comes back to the stable track, now the new version; the preview is removed.
source "$(dirname "$0")/lib.sh"

ROUTE=0
ROLLOUT="{ strategy: blueGreen, steps: [ { pause: 3s } ] }"
cart_manifest v1
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }
selector() { k -n "$NS" get svc cart -o 'jsonpath={.spec.selector.vsctl\.dev/track}'; }
[[ $(selector) == stable ]] || fail "Service cart selects track '$(selector)', want stable"

CART_VERSION=2.0.0 cart_manifest v2
(
  last=""
  while :; do
    s=$(selector 2>/dev/null || true)
    [[ -n "$s" && "$s" != "$last" ]] && { echo "$s" >> "$OUT/selectors"; last=$s; }
    sleep 0.2
  done
) &
SELW=$!
vs_rc rc apply --yes -o json > "$OUT/events.json" 2>"$OUT/apply2.err" &
APPLY=$!
wait_phase Paused 60
preview=$(k -n "$NS" get deploy cart-preview -o 'jsonpath={.spec.template.spec.containers[0].image} {.status.readyReplicas}')
[[ "$preview" == "example.com/cart:2.0.0 2" ]] || fail "during the pause cart-preview is '$preview', want example.com/cart:2.0.0 with 2 ready"
[[ $(selector) == stable ]] || fail "during the pause Service cart selects '$(selector)', want stable"
[[ $(image_of cart) == example.com/cart:1.0.0 ]] || fail "during the pause Deployment cart runs $(image_of cart)"
pv=$(k -n "$NS" get svc cart-preview -o 'jsonpath={.spec.selector.vsctl\.dev/track}')
[[ "$pv" == preview ]] || fail "Service cart-preview selects '$pv'"
wait "$APPLY" || true
kill "$SELW" 2>/dev/null || true; wait "$SELW" 2>/dev/null || true
grep -q '"outcome":"succeeded","time":"[^"]*","type":"RunFinished"' "$OUT/events.json" || { cat "$OUT/apply2.err" >&2; tail -5 "$OUT/events.json" >&2; fail "the blue-green apply did not succeed"; }
seen=$(tr '\n' ' ' < "$OUT/selectors")
info "Service cart selected: $seen"
# the switch to the preview lasts while the Deployment rolls, on the test bed maybe shorter than
# a read; the Traffic event says it was written
[[ "$seen" == "stable preview stable " || "$seen" == "stable " ]] || fail "Service cart's selector went '$seen', want stable (preview) stable"
grep -q 'Service cart switched to the preview' "$OUT/events.json" || fail "no Traffic event for the switch"
[[ $(image_of cart) == example.com/cart:2.0.0 ]] || fail "Deployment cart runs $(image_of cart), want 2.0.0"
left=$(k -n "$NS" get deploy cart-preview --ignore-not-found -o name)
[[ -z "$left" ]] || fail "the preview Deployment is still there"
info "ok"

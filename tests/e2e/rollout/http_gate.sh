#!/usr/bin/env bash
# An http analysis gate against a real HTTP server: the test exporter's JSON at /error-rate, read
# at a JSON pointer. A blue-green rollout whose preview has no errors passes the gate (the value 0
# in the Analysis event and the record) and switches; one whose preview fails 20% of its requests
# fails the gate at its step: Service cart keeps selecting the stable track and the old version
# (kubectl), the preview is removed, the apply exits 6 with AnalysisFailed, and `rollout status`
# shows the failed analysis with the URL but not its query string.
source "$(dirname "$0")/lib.sh"

prometheus_up --series cart:preview
ROUTE=0
ROLLOUT="{ strategy: blueGreen, steps: [ { analysis: { http: { url: '$EXPORTER_URL/error-rate?token=hidden', pointer: /0/rate, below: 0.05 }, tries: 2, interval: 1s } } ] }"
cart_manifest v1
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }
selector() { k -n "$NS" get svc cart -o 'jsonpath={.spec.selector.vsctl\.dev/track}'; }
verdicts() {
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("type") == "Analysis": print(e["rollout"]["kind"], e["rollout"]["verdict"], e["rollout"].get("value"))
' "$1" | tr '\n' ','
}

# a good preview
error_rate cart preview 0
CART_VERSION=2.0.0 cart_manifest v2
vs_rc rc apply --yes -o json > "$OUT/good.json" 2>"$OUT/good.err"
[[ $rc == 0 ]] || { cat "$OUT/good.err" >&2; fail "the good preview's apply exited $rc"; }
[[ "$(verdicts "$OUT/good.json")" == "http passed 0.0," ]] || fail "the good preview's Analysis events: '$(verdicts "$OUT/good.json")'"
[[ $(image_of cart) == example.com/cart:2.0.0 ]] || fail "Deployment cart runs $(image_of cart), want 2.0.0"
[[ $(selector) == stable ]] || fail "after the switch Service cart selects '$(selector)', want stable"
vs rollout status cart -o json > "$OUT/good-status.json"
[[ $(json_field "$OUT/good-status.json" 'j["analyses"][0]["kind"], j["analyses"][0]["verdict"], j["phase"]') == "('http', 'passed', 'Completed')" ]] ||
  { cat "$OUT/good-status.json" >&2; fail "the record does not keep the passed analysis"; }

# a bad preview
error_rate cart preview 0.2
CART_VERSION=3.0.0 cart_manifest v3
vs_rc rc apply --yes -o json > "$OUT/bad.json" 2>"$OUT/bad.err"
[[ $rc == 6 ]] || { cat "$OUT/bad.err" >&2; fail "the bad preview's apply exited $rc, want 6"; }
[[ "$(verdicts "$OUT/bad.json")" == "http failed 0.2," ]] || fail "the bad preview's Analysis events: '$(verdicts "$OUT/bad.json")'"
[[ $(image_of cart) == example.com/cart:2.0.0 ]] || fail "after the failed gate Deployment cart runs $(image_of cart), want 2.0.0"
[[ $(selector) == stable ]] || fail "after the failed gate Service cart selects '$(selector)', want stable"
left=$(k -n "$NS" get deploy cart-preview --ignore-not-found -o name)
[[ -z "$left" ]] || fail "the preview Deployment is still there after the failed gate"
events "$OUT/bad.json" StepFinished > "$OUT/finished"
grep -q '^cart Update failed AnalysisFailed$' "$OUT/finished" || { cat "$OUT/finished" >&2; fail "cart's step did not fail with AnalysisFailed"; }
vs rollout status cart > "$OUT/bad-status.txt"
grep -q 'http  failed  0.2 is not below 0.05' "$OUT/bad-status.txt" || { cat "$OUT/bad-status.txt" >&2; fail "rollout status does not show the failed analysis"; }
if grep -q 'token=hidden' "$OUT/bad.json" "$OUT/bad-status.txt" "$OUT/bad.err"; then fail "the gate's query string was shown"; fi
vs rollout status cart -o json > "$OUT/bad-status.json"
[[ $(json_field "$OUT/bad-status.json" 'j["phase"], j["reason"], j["analyses"][0]["verdict"]') == "('Aborted', 'AnalysisFailed', 'failed')" ]] ||
  { cat "$OUT/bad-status.json" >&2; fail "the record does not keep the failed analysis"; }
info "ok"

#!/usr/bin/env bash
# Analysis gates against a real Prometheus scraping an exporter whose error rate the test sets:
# with a good canary (0% errors) the prometheus gate passes (value 0 in the Analysis event and in
# the record) and the rollout completes; with a bad one (20% errors) the gate fails at its step,
# the route is back at 100/0 (kubectl), the canary is removed, the Deployment still runs the old
# version, the apply exits 6 with AnalysisFailed, and `rollout status` shows the failed analysis.
source "$(dirname "$0")/lib.sh"

prometheus_up
RATIO='sum(rate(http_requests_total{app="cart",track="canary",code=~"5.."}[10s])) / sum(rate(http_requests_total{app="cart",track="canary"}[10s]))'
ROLLOUT="{ strategy: canary, traffic: { gateway: { route: cart-route } }, steps: [ { weight: 25 }, { analysis: { prometheus: { address: '$PROMETHEUS_URL', query: '$RATIO', below: 0.05 }, tries: 5, interval: 2s } }, { weight: 50 } ] }"

# wait_ratio LOW HIGH: until Prometheus's canary error ratio is within [LOW, HIGH]
wait_ratio() {
  local deadline=$((SECONDS + 40)) v=""
  while ((SECONDS < deadline)); do
    v=$(prom_query "$RATIO" || true)
    if [[ -n "$v" && "$v" != NaN ]] && python3 -c 'import sys; sys.exit(0 if float(sys.argv[2]) <= float(sys.argv[1]) <= float(sys.argv[3]) else 1)' "$v" "$1" "$2"; then
      return 0
    fi
    sleep 1
  done
  fail "Prometheus's canary error ratio did not reach [$1, $2] (last '$v')"
}

cart_manifest v1
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }

# a good canary
error_rate cart canary 0
wait_ratio 0 0
CART_VERSION=1.1.0 cart_manifest v2
vs_rc rc apply --yes -o json > "$OUT/good.json" 2>"$OUT/good.err"
[[ $rc == 0 ]] || { cat "$OUT/good.err" >&2; fail "the good canary's apply exited $rc"; }
verdicts=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("type") == "Analysis": print(e["rollout"]["verdict"], e["rollout"].get("value"))
' "$OUT/good.json" | tr '\n' ',')
[[ "$verdicts" == "passed 0.0," ]] || fail "the good canary's Analysis events: '$verdicts', want 'passed 0.0,'"
[[ $(image_of cart) == example.com/cart:1.1.0 ]] || fail "Deployment cart runs $(image_of cart), want 1.1.0"
[[ $(weights) == 100/0 ]] || fail "after the good canary the route is $(weights)"
vs rollout status cart -o json > "$OUT/good-status.json"
[[ $(json_field "$OUT/good-status.json" 'j["analyses"][0]["verdict"], j["analyses"][0]["kind"], j["phase"]') == "('passed', 'prometheus', 'Completed')" ]] ||
  { cat "$OUT/good-status.json" >&2; fail "the record does not keep the passed analysis"; }

# a bad canary
error_rate cart canary 0.2
wait_ratio 0.1 0.3
CART_VERSION=1.2.0 cart_manifest v3
watch_weights "$OUT/weights"
vs_rc rc apply --yes -o json > "$OUT/bad.json" 2>"$OUT/bad.err"
stop_watch
[[ $rc == 6 ]] || { cat "$OUT/bad.err" >&2; fail "the bad canary's apply exited $rc, want 6"; }
seen=$(tr '\n' ' ' < "$OUT/weights")
info "weights kubectl saw: $seen"
# a failing gate answers at once: 75/25 may last less than a read; the events show it was written
[[ "$seen" =~ ^100/0\ (75/25\ )?(100/0\ )?$ ]] || fail "route weights went '$seen', want 100/0 (75/25) 100/0"
[[ $(weights) == 100/0 ]] || fail "after the failed analysis the route is $(weights), want 100/0"
grep -q '"message":"canary 25% (step 1/3) through HTTPRoute cart-route"' "$OUT/bad.json" || fail "no Traffic event for 25%"
[[ $(image_of cart) == example.com/cart:1.1.0 ]] || fail "after the failed analysis Deployment cart runs $(image_of cart), want 1.1.0"
left=$(k -n "$NS" get deploy cart-canary --ignore-not-found -o name)
[[ -z "$left" ]] || fail "the canary Deployment is still there after the failed analysis"
events "$OUT/bad.json" StepFinished > "$OUT/finished"
grep -q '^cart Update failed AnalysisFailed$' "$OUT/finished" || { cat "$OUT/finished" >&2; fail "cart's step did not fail with AnalysisFailed"; }
grep -q 'is not below 0.05' "$OUT/bad.json" || fail "the events do not say why the analysis failed"
vs rollout status cart > "$OUT/bad-status.txt"
grep -qE 'prometheus  failed  0\.[0-9]+ is not below 0.05' "$OUT/bad-status.txt" || { cat "$OUT/bad-status.txt" >&2; fail "rollout status does not show the failed analysis"; }
vs rollout status cart -o json > "$OUT/bad-status.json"
[[ $(json_field "$OUT/bad-status.json" 'j["phase"], j["reason"], j["analyses"][0]["verdict"]') == "('Aborted', 'AnalysisFailed', 'failed')" ]] ||
  { cat "$OUT/bad-status.json" >&2; fail "the record does not keep the failed analysis"; }
info "ok"

#!/usr/bin/env bash
# A canary that fails its gate, in an apply with --rollback-on-failure: api (a rolling service
# cart depends on) has already moved to its new version when cart's gate fails; the apply rolls
# api back, and kubectl sees both at their old versions, the route at 100/0 and no canary. The
# registry view shows the canary's step and weight while it is paused, and no drift.
source "$(dirname "$0")/lib.sh"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
ROLLOUT="{ strategy: canary, traffic: { gateway: { route: cart-route } }, steps: [ { weight: 30 }, { pause: 3s }, { analysis: { prometheus: { address: 'http://127.0.0.1:$PORT', query: 'vector(0)', below: 1 }, tries: 2, interval: 1s } } ] }"
API_VERSION=1.0.0
with_api() {
  cart_manifest "$1"
  python3 - "$WORK/architecture.yaml" "$API_VERSION" <<'PY'
import sys
path, version = sys.argv[1], sys.argv[2]
text = open(path).read()
text = text.replace("  services:\n", f"""  services:
    api:
      image: example.com/api
      version: {version}
      instances: {{ min: 1, max: 1 }}
""", 1)
text = text.replace("      rollout:", "      dependsOn: { api: '>=1.0.0' }\n      rollout:", 1)
open(path, "w").write(text)
PY
  git -C "$WORK" commit -qam "$1 with api $API_VERSION"
}
with_api v1
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }

API_VERSION=1.1.0 CART_VERSION=1.1.0 with_api v2
vs_rc rc apply --yes --rollback-on-failure -o json > "$OUT/events.json" 2>"$OUT/apply2.err" &
APPLY=$!
wait_phase Paused 60
vs status > "$OUT/status.txt"
grep -qE 'cart .*canary 30% \(step 2/3\)' "$OUT/status.txt" || { cat "$OUT/status.txt" >&2; fail "status does not show the canary's step and weight"; }
# the stable Deployment keeps the old definition by design: not drift
if grep -E '^cart ' "$OUT/status.txt" | grep -q drift; then cat "$OUT/status.txt" >&2; fail "status calls the canary's stable Deployment drift"; fi
[[ $(image_of api) == example.com/api:1.1.0 ]] || fail "while cart's canary runs, api runs $(image_of api), want 1.1.0"
wait "$APPLY" || true
rc=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line) if line.startswith("{") else {}
    if e.get("type") == "RunFinished": print(e.get("outcome"))
' "$OUT/events.json")
[[ "$rc" == failed ]] || { cat "$OUT/apply2.err" >&2; fail "the apply's outcome is '$rc', want failed"; }
events "$OUT/events.json" StepFinished > "$OUT/finished"
grep -q '^cart Update failed AnalysisFailed$' "$OUT/finished" || { cat "$OUT/finished" >&2; fail "cart's step did not fail with AnalysisFailed"; }
[[ $(image_of api) == example.com/api:1.0.0 ]] || fail "after the rollback api runs $(image_of api), want 1.0.0"
[[ $(image_of cart) == example.com/cart:1.0.0 ]] || fail "after the rollback cart runs $(image_of cart), want 1.0.0"
[[ $(weights) == 100/0 ]] || fail "after the rollback the route is $(weights), want 100/0"
left=$(k -n "$NS" get deploy cart-canary --ignore-not-found -o name)
[[ -z "$left" ]] || fail "the canary Deployment is still there"
info "ok"

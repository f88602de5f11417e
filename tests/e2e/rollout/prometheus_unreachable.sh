#!/usr/bin/env bash
# A Prometheus that does not answer fails the gate after its tries, not at once and not never:
# the Analysis events show each inconclusive try, the step fails with AnalysisFailed saying
# "inconclusive after 3 tries", and the traffic is back on the stable version.
source "$(dirname "$0")/lib.sh"

# a port nothing listens on: connections are refused
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
ROLLOUT="{ strategy: canary, traffic: { gateway: { route: cart-route } }, steps: [ { weight: 10 }, { analysis: { prometheus: { address: 'http://127.0.0.1:$PORT', query: 'vector(0)', below: 1 }, tries: 3, interval: 1s } } ] }"
cart_manifest v1
vs apply --yes >/dev/null 2>"$OUT/apply1.err" || { cat "$OUT/apply1.err" >&2; fail "first apply failed"; }
CART_VERSION=1.1.0 cart_manifest v2
vs_rc rc apply --yes -o json > "$OUT/events.json" 2>"$OUT/apply2.err"
[[ $rc == 6 ]] || { cat "$OUT/apply2.err" >&2; fail "the apply exited $rc, want 6"; }
tries=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("type") == "Analysis": print(e["rollout"]["verdict"], e["rollout"]["tries"])
' "$OUT/events.json" | tr '\n' ',')
[[ "$tries" == "inconclusive 1,inconclusive 2,failed 3," ]] || fail "Analysis events: '$tries'"
grep -q 'inconclusive after 3 tries: Prometheus did not answer' "$OUT/events.json" || fail "the events do not say the server did not answer"
[[ $(weights) == 100/0 ]] || fail "after the failed gate the route is $(weights), want 100/0"
[[ $(image_of cart) == example.com/cart:1.0.0 ]] || fail "Deployment cart runs $(image_of cart), want 1.0.0"
info "ok"

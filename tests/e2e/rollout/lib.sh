# shellcheck shell=bash
# Helpers for the rollout tests (sourced), on top of the apply tests' (a namespace, a git
# repository, vs/vs_rc, events). The fixture: service cart (two instances, port 80) with a rollout
# strategy the test picks, and its HTTPRoute cart-route attached to the test bed's Gateway
# default/vsctl-test (scripts/testbed install-gateway-api), backends cart-stable and cart-canary.
# shellcheck source=tests/e2e/apply/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../apply/lib.sh"

"$TESTBED_SCRIPT" install-gateway-api --state "$TESTBED_STATE" >/dev/null 2>&1 ||
  fail "scripts/testbed install-gateway-api failed"

CART_VERSION=1.0.0
# ROLLOUT: the service's rollout block (YAML flow map)
ROLLOUT="{ strategy: canary, traffic: { gateway: { route: cart-route } }, steps: [ { weight: 20 }, { pause: 2s }, { weight: 50 }, { pause: 2s } ] }"
ROUTE=1  # 0: no HTTPRoute in the architecture
cart_manifest() {
  cat > "$WORK/architecture.yaml" <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: ro }
spec:
  namespace: $NS
  defaults: { resources: { cpu: 10m, memory: 16Mi } }
  services:
    cart:
      image: example.com/cart
      version: $CART_VERSION
      instances: { min: 2, max: 2 }
      ports: [ { name: http, port: 80, target: 8080 } ]
      rollout: $ROLLOUT
YAML
  if [[ "$ROUTE" == 1 ]]; then
    printf '      objects: [ route.yaml ]\n' >> "$WORK/architecture.yaml"
    cat > "$WORK/route.yaml" <<YAML
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: cart-route }
spec:
  parentRefs: [ { name: vsctl-test, namespace: default } ]
  rules:
    - matches: [ { path: { type: PathPrefix, value: /cart } } ]
      backendRefs:
        - { name: cart-stable, port: 80, weight: 100 }
        - { name: cart-canary, port: 80, weight: 0 }
YAML
  fi
  git -C "$WORK" add -A
  git -C "$WORK" commit -qm "${1:-change}" --allow-empty
}

# The route's weights as kubectl reads them: "stable/canary", e.g. "80/20".
weights() {
  k -n "$NS" get httproute cart-route -o 'jsonpath={.spec.rules[0].backendRefs[?(@.name=="cart-stable")].weight}/{.spec.rules[0].backendRefs[?(@.name=="cart-canary")].weight}'
}

# watch_weights FILE: every change of the route's weights, one per line, until stop_watch.
watch_weights() {
  local file=$1
  (
    last=""
    while :; do
      w=$(weights 2>/dev/null || true)
      if [[ -n "$w" && "$w" != "$last" ]]; then
        echo "$w" >> "$file"
        last=$w
      fi
      sleep 0.2
    done
  ) &
  WATCHER=$!
}
stop_watch() { kill "$WATCHER" 2>/dev/null || true; wait "$WATCHER" 2>/dev/null || true; }

# wait_phase PHASE SECONDS: until `vsctl rollout status cart -o json` says the phase
wait_phase() {
  local want=$1 deadline=$((SECONDS + $2)) got=""
  while ((SECONDS < deadline)); do
    got=$(vs rollout status cart -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("phase",""))' 2>/dev/null || true)
    [[ "$got" == "$want" ]] && return 0
    sleep 0.3
  done
  fail "the rollout did not reach phase $want in $2s (last: '$got')"
}

# json_field FILE PYEXPR: evaluates PYEXPR on the JSON document in FILE (bound to j)
json_field() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

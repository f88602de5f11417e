#!/usr/bin/env bash
# The Gateway API's standard CRDs (scripts/testbed install-gateway-api) serve real HTTPRoutes: an
# HTTPRoute attached to Gateway default/vsctl-test splits its traffic 90/10 between two Services;
# its backend weights read back, change to 50/50 by a patch, and the CRD's schema validation
# rejects a negative weight. No controller runs: routes are stored and validated, not programmed.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"

"$TESTBED_SCRIPT" install-gateway-api --state "$TESTBED_STATE" ||
  fail "scripts/testbed install-gateway-api failed"
established=$(k get crd httproutes.gateway.networking.k8s.io \
  -o 'jsonpath={.status.conditions[?(@.type=="Established")].status}')
[[ "$established" == True ]] || fail "CRD httproutes.gateway.networking.k8s.io is not Established ('$established')"
listener=$(k get gateway vsctl-test -n default -o 'jsonpath={.spec.gatewayClassName} {.spec.listeners[0].protocol}:{.spec.listeners[0].port}')
[[ "$listener" == "vsctl-test HTTP:80" ]] || fail "gateway default/vsctl-test: want class vsctl-test, listener HTTP:80; got '$listener'"
make_ns

k apply -n "$NS" -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: cart-stable}
spec:
  selector: {app: cart, track: stable}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: cart-canary}
spec:
  selector: {app: cart, track: canary}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart}
spec:
  parentRefs: [{name: vsctl-test, namespace: default}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /cart}}]
    backendRefs:
    - {name: cart-stable, port: 80, weight: 90}
    - {name: cart-canary, port: 80, weight: 10}
YAML

backends='{range .spec.rules[0].backendRefs[*]}{.name}={.weight} {end}'
got=$(jp httproute cart "$backends")
[[ "$got" == "cart-stable=90 cart-canary=10 " ]] || fail "after create: backends '$got', want cart-stable=90 cart-canary=10"
parent=$(jp httproute cart '{.spec.parentRefs[0].namespace}/{.spec.parentRefs[0].name}')
[[ "$parent" == default/vsctl-test ]] || fail "parentRef is '$parent', want default/vsctl-test"

k patch -n "$NS" httproute cart --type json -p '[
  {"op": "test", "path": "/spec/rules/0/backendRefs/0/name", "value": "cart-stable"},
  {"op": "replace", "path": "/spec/rules/0/backendRefs/0/weight", "value": 50},
  {"op": "replace", "path": "/spec/rules/0/backendRefs/1/weight", "value": 50}]' >/dev/null ||
  fail "patching the weights to 50/50 was refused"
got=$(jp httproute cart "$backends")
[[ "$got" == "cart-stable=50 cart-canary=50 " ]] || fail "after patch: backends '$got', want cart-stable=50 cart-canary=50"
gen=$(jp httproute cart '{.metadata.generation}')
[[ "$gen" == 2 ]] || fail "httproute/cart generation is '$gen' after one spec change, want 2"

# The CRD's OpenAPI schema has minimum: 0 on backendRefs[].weight: the API server refuses -1.
if out=$(k create -n "$NS" -f - 2>&1 <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart-negative}
spec:
  parentRefs: [{name: vsctl-test, namespace: default}]
  rules:
  - backendRefs:
    - {name: cart-stable, port: 80, weight: -1}
    - {name: cart-canary, port: 80, weight: 10}
YAML
); then
  fail "an HTTPRoute with weight -1 was accepted: $out"
fi
n=$(grep -c 'spec.rules\[0\].backendRefs\[0\].weight.*greater than or equal to 0' <<<"$out" || true)
((n >= 1)) || fail "creating an HTTPRoute with weight -1 failed, but not on the weight: $out"
if k get httproute cart-negative -n "$NS" >/dev/null 2>&1; then fail "httproute/cart-negative exists after being rejected"; fi
info "ok: httproute/cart 90/10 -> 50/50 on gateway default/vsctl-test; weight -1 rejected: ${out##*: }"

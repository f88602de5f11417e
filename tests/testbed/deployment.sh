#!/usr/bin/env bash
# A 3-replica Deployment is scheduled onto the fake nodes and reaches 3/3 available.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns

k apply -n "$NS" -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {pool: web}
      containers:
      - name: web
        image: example.com/web:1
        resources: {requests: {cpu: 100m, memory: 64Mi}}
YAML
k rollout status -n "$NS" deployment/web --timeout=60s >/dev/null || fail "rollout of deployment/web did not finish in 60s"
wait_until 30 "3 available replicas" field_is deployment web '{.status.availableReplicas}' 3
field_is deployment web '{.status.updatedReplicas}' 3 >/dev/null || fail "updatedReplicas is not 3"

# every pod is bound to a node of pool "web", Running and Ready
pods=$(k get pods -n "$NS" -l app=web -o jsonpath='{range .items[*]}{.spec.nodeName} {.status.phase} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
[[ $(grep -c . <<<"$pods") == 3 ]] || fail "want 3 pods, have: $pods"
while read -r node phase ready; do
  [[ $(k get node "$node" -o jsonpath='{.metadata.labels.pool}') == web ]] || fail "pod placed on $node, not in pool web"
  [[ $phase == Running && $ready == True ]] || fail "pod on $node is $phase, Ready=$ready"
done <<<"$pods"
info "ok: deployment/web 3/3 available"

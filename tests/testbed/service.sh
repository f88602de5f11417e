#!/usr/bin/env bash
# A Service gets a ClusterIP from 10.0.0.0/16 and an EndpointSlice listing exactly its ready pods.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns

k apply -n "$NS" -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: example.com/api:1, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}]
YAML
k rollout status -n "$NS" deployment/api --timeout=60s >/dev/null || fail "deployment/api did not become available"
ip=$(jp service api '{.spec.clusterIP}')
[[ "$ip" == 10.0.* ]] || fail "ClusterIP '$ip' is not in 10.0.0.0/16"

slice_ips() {
  k get endpointslices -n "$NS" -l kubernetes.io/service-name=api \
    -o jsonpath='{range .items[*].endpoints[?(@.conditions.ready==true)]}{.addresses[0]}{"\n"}{end}' | sort
}
pod_ips() { k get pods -n "$NS" -l app=api -o jsonpath='{range .items[*]}{.status.podIP}{"\n"}{end}' | sort; }
same_ips() {
  local a b
  a=$(slice_ips); b=$(pod_ips)
  [[ -n "$a" && "$a" == "$b" && $(grep -c . <<<"$a") == 2 ]] || { echo "slice: [$a] pods: [$b]"; return 1; }
}
wait_until 30 "EndpointSlice of service/api to list both pod IPs" same_ips
port=$(k get endpointslices -n "$NS" -l kubernetes.io/service-name=api -o jsonpath='{.items[0].ports[0].port}')
[[ "$port" == 8080 ]] || fail "EndpointSlice port is '$port', want 8080 (targetPort http)"
info "ok: service/api $ip -> $(slice_ips | tr '\n' ' ')"

#!/usr/bin/env bash
# An autoscaling/v2 HorizontalPodAutoscaler holds its target at minReplicas. The test bed runs
# no metrics server, so the HPA reports ScalingActive=False and never scales on load.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns

k apply -n "$NS" -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: example.com/web:1
        resources: {requests: {cpu: 100m}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
YAML
wait_until 60 "the HPA to scale deployment/web up to its minimum of 3" field_is deployment web '{.spec.replicas}' 3
wait_until 60 "3 available replicas" field_is deployment web '{.status.availableReplicas}' 3
wait_until 30 "HPA status currentReplicas=3" field_is hpa web '{.status.currentReplicas}' 3
wait_until 30 "HPA condition ScalingActive=False (no metrics)" \
  field_is hpa web '{.status.conditions[?(@.type=="ScalingActive")].status}' False
# it holds there: no scaling beyond the minimum for a few HPA sync periods (5 s each)
sleep 12
field_is deployment web '{.spec.replicas}' 3 >/dev/null || fail "deployment/web drifted to $(jp deployment web '{.spec.replicas}') replicas"
info "ok: HPA holds deployment/web at 3 ($(jp hpa web '{.status.conditions[?(@.type=="ScalingActive")].reason}'))"

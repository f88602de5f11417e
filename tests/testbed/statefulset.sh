#!/usr/bin/env bash
# A StatefulSet with a volumeClaimTemplate: its claims bind to the static PersistentVolume pool
# and its pods become Ready, in order.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns

k apply -n "$NS" -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: example.com/postgres:16
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 5Gi}}
YAML
wait_until 90 "3 ready replicas of statefulset/db" field_is statefulset db '{.status.readyReplicas}' 3
for i in 0 1 2; do
  field_is pvc "data-db-$i" '{.status.phase}' Bound >/dev/null || fail "claim data-db-$i is not Bound: $(jp pvc data-db-$i '{.status.phase}')"
  pv=$(jp pvc "data-db-$i" '{.spec.volumeName}')
  [[ -n "$pv" ]] || fail "claim data-db-$i has no volume"
  claim=$(k get pv "$pv" -o jsonpath='{.spec.claimRef.namespace}/{.spec.claimRef.name}')
  [[ "$claim" == "$NS/data-db-$i" ]] || fail "volume $pv is claimed by '$claim', not $NS/data-db-$i"
  field_is pod "db-$i" '{.status.conditions[?(@.type=="Ready")].status}' True >/dev/null || fail "pod db-$i is not Ready"
done
rev=$(jp statefulset db '{.status.currentRevision}')
[[ "$rev" == "$(jp statefulset db '{.status.updateRevision}')" ]] || fail "currentRevision != updateRevision"
info "ok: statefulset/db 3/3 ready, claims bound to $(k get pvc -n "$NS" -o jsonpath='{.items[*].spec.volumeName}')"

#!/usr/bin/env bash
# Failure injection through kwok stages: an image containing "crashloop" runs but never gets
# Ready, its container in CrashLoopBackOff with restartCount rising, and the Deployment
# controller reports ProgressDeadlineExceeded; an image containing "neverready" runs unready.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns

k apply -n "$NS" -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: crash}
spec:
  replicas: 2
  progressDeadlineSeconds: 10
  selector: {matchLabels: {app: crash}}
  template:
    metadata: {labels: {app: crash}}
    spec:
      containers: [{name: app, image: example.com/crashloop:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: unready}
spec:
  replicas: 1
  progressDeadlineSeconds: 10
  selector: {matchLabels: {app: unready}}
  template:
    metadata: {labels: {app: unready}}
    spec:
      containers: [{name: app, image: example.com/neverready:1}]
YAML

for d in crash unready; do
  wait_until 60 "deployment/$d to report ProgressDeadlineExceeded" \
    field_is deployment "$d" '{.status.conditions[?(@.type=="Progressing")].reason}' ProgressDeadlineExceeded
  field_is deployment "$d" '{.status.conditions[?(@.type=="Progressing")].status}' False >/dev/null ||
    fail "deployment/$d Progressing is not False"
  avail=$(jp deployment "$d" '{.status.availableReplicas}')
  [[ -z "$avail" || "$avail" == 0 ]] || fail "deployment/$d has $avail available replicas, want none"
done

pod=$(k get pods -n "$NS" -l app=crash -o jsonpath='{.items[0].metadata.name}')
st() { jp pod "$pod" "$1"; }
[[ $(st '{.status.phase}') == Running ]] || fail "crashloop pod phase is $(st '{.status.phase}'), want Running"
[[ $(st '{.status.conditions[?(@.type=="Ready")].status}') == False ]] || fail "crashloop pod is Ready"
[[ $(st '{.status.containerStatuses[0].state.waiting.reason}') == CrashLoopBackOff ]] ||
  fail "container state is $(st '{.status.containerStatuses[0].state}'), want waiting/CrashLoopBackOff"
r1=$(st '{.status.containerStatuses[0].restartCount}')
rising() { local r; r=$(st '{.status.containerStatuses[0].restartCount}'); ((r > r1)) || { echo "restartCount $r"; return 1; }; }
wait_until 30 "restartCount to rise above $r1" rising
info "crashloop pod $pod: CrashLoopBackOff, restartCount $r1 -> $(st '{.status.containerStatuses[0].restartCount}')"

pod=$(k get pods -n "$NS" -l app=unready -o jsonpath='{.items[0].metadata.name}')
[[ $(st '{.status.phase}') == Running ]] || fail "neverready pod phase is $(st '{.status.phase}'), want Running"
[[ $(st '{.status.containerStatuses[0].started}') == true ]] || fail "neverready container not started"
[[ $(st '{.status.containerStatuses[0].ready}') == false ]] || fail "neverready container is ready"
[[ $(st '{.status.conditions[?(@.type=="Ready")].status}') == False ]] || fail "neverready pod is Ready"
info "ok: ProgressDeadlineExceeded for both; crashloop and neverready pods behave"

#!/usr/bin/env bash
# A fresh namespace: every service a Provision, every object an Add, and vsctl names the same objects as kubectl diff.
source "$(dirname "$0")/lib.sh"
shop
vsctl_diff
expect_rc 1
for s in web api db; do expect_eq "$(service_change $s)" Provision "change of $s"; done
expect_eq "$(jqr 'sorted(set(o["action"] for o in d["objects"]))')" Add "actions"
expect_eq "$(jqr 'len(d["objects"])')" 9 "objects reported"
# kubectl cannot dry-run objects into a namespace that does not exist yet: create it (as vsctl
# apply would, first), then both must agree on everything else.
k create namespace "$NS" >/dev/null
k label namespace "$NS" app.kubernetes.io/part-of="$ARCH" app.kubernetes.io/managed-by=vsctl >/dev/null
vsctl_diff
same_as_kubectl
info "ok: fresh namespace, everything Provision"

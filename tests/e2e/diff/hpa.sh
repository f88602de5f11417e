#!/usr/bin/env bash
# An autoscaler changing its target's replicas is not a difference: the manifest leaves
# replicas to it. (The test bed has no metrics: the HPA holds the Deployment at minReplicas.)
source "$(dirname "$0")/lib.sh"
shop API_MIN=3 API_MAX=5
apply_rendered
for _ in $(seq 1 120); do
  [[ "$(k -n "$NS" get deployment api -o 'jsonpath={.spec.replicas}')" == 3 ]] && break
  sleep 0.5
done
expect_eq "$(k -n "$NS" get deployment api -o 'jsonpath={.spec.replicas}')" 3 "replicas set by the HPA"
managers=$(k -n "$NS" get deployment api --show-managed-fields -o json |
  python3 -c 'import json,sys; print(" ".join(m["manager"] for m in json.load(sys.stdin)["metadata"]["managedFields"] if "f:replicas" in json.dumps(m.get("fieldsV1", {}))))')
[[ "$managers" == *kube-controller-manager* ]] || fail "replicas should be owned by the HPA controller, not: $managers"
vsctl_diff
expect_rc 0
same_as_kubectl
info "ok: the HPA's replicas ($managers) are no difference"

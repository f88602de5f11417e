# A user whose Role may write everything but Deployments: the apply stops at api's Deployment with
# the server's 403 and exit 5 (a cluster error, not a convergence failure), and the summary and
# the record list what was written before the stop (api's Service), which kubectl confirms.
source "$(dirname "$0")/../reconcile/lib.sh"
manifest init
k create namespace "$NS" >/dev/null
k apply -f - >/dev/null <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: all-but-deployments, namespace: $NS }
rules:
  - { apiGroups: [""], resources: ["*"], verbs: ["*"] }
  - { apiGroups: [apps], resources: [statefulsets, replicasets, controllerrevisions], verbs: ["*"] }
  - { apiGroups: [apps], resources: [deployments], verbs: [get, list, watch] }
  - { apiGroups: [coordination.k8s.io, autoscaling, batch, policy, discovery.k8s.io], resources: ["*"], verbs: ["*"] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: restricted-all-but-deployments, namespace: $NS }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: all-but-deployments }
subjects: [ { apiGroup: rbac.authorization.k8s.io, kind: User, name: restricted } ]
YAML
set +e
KUBECONFIG="$TESTBED_KUBECONFIG_RESTRICTED" "$VSCTL" -C "$WORK" apply --yes > "$OUT/out" 2> "$OUT/err"
rc=$?
set -e
[[ $rc == 5 ]] || fail "a forbidden write: exit $rc, want 5: $(cat "$OUT/out" "$OUT/err" | tail -8)"
grep -q "forbidden" "$OUT/out" || fail "the summary does not quote the 403: $(cat "$OUT/out")"
grep -q "changed before it stopped: .*apply v1 Service $NS/api" "$OUT/out" ||
  fail "the summary does not list what was written: $(cat "$OUT/out")"
k -n "$NS" get service api >/dev/null || fail "kubectl: no Service api, yet the summary says it was written"
k -n "$NS" get deploy api >/dev/null 2>&1 && fail "kubectl: a Deployment api exists"
rev=$(latest_revision)
written=$(k -n "$NS" get secret "vsctl.fx.v$rev" -o jsonpath='{.data.record}' | base64 -d | gzip -dc |
  python3 -c 'import json,sys; print(" ".join(w for c in json.load(sys.stdin)["changed"] if c["name"]=="api" for w in c.get("written",[])))')
[[ "$written" == *"apply v1 Service $NS/api"* ]] || fail "the record does not list what was written: '$written'"
[[ "$(record_field "$rev" outcome)" == failed ]] || fail "the record: $(record_field "$rev" outcome)"
info ok

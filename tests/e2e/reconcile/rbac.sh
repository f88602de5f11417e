# deploy/reconcile is accepted by the server; its ServiceAccount may do what reconcile needs in
# the architecture's namespace and nothing elsewhere; and reconcile, run with that account's
# token, converges the fixture architecture from nothing.
source "$(dirname "$0")/lib.sh"
DEPLOY="$REPO_ROOT/deploy/reconcile"
k create namespace "$NS" >/dev/null
k apply --dry-run=server -n "$NS" -f "$DEPLOY" > "$OUT/dry" 2>&1 || fail "server dry run refused deploy/reconcile: $(cat "$OUT/dry")"
grep -qx 4 <<<"$(grep -c "(server dry run)" "$OUT/dry")" || fail "not every object was checked: $(cat "$OUT/dry")"
for f in serviceaccount role rolebinding; do k apply -n "$NS" -f "$DEPLOY/$f.yaml" >/dev/null; done
SA="system:serviceaccount:$NS:vsctl-reconciler"
can() { k auth can-i --as="$SA" "$@" 2>/dev/null; }
for a in "get namespace/$NS" "patch deployments.apps" "create statefulsets.apps" "delete deployments.apps" "watch pods" \
         "delete pods" "list endpointslices.discovery.k8s.io" "patch horizontalpodautoscalers.autoscaling" "create jobs.batch" \
         "list secrets" "create secrets" "delete secrets" "get configmaps" "create leases.coordination.k8s.io" "list leases.coordination.k8s.io" \
         "update leases.coordination.k8s.io" "create events"; do
  # shellcheck disable=SC2086
  [[ "$(can $a -n "$NS")" == yes ]] || fail "the reconciler may not $a in its namespace"
done
for a in "get secrets -n default" "list secrets -n kube-system" "list secrets --all-namespaces" "delete pods -n default" \
         "create namespaces" "get namespace/default" "list nodes" "create clusterroles.rbac.authorization.k8s.io" \
         "create roles.rbac.authorization.k8s.io -n $NS" "delete leases.coordination.k8s.io -n $NS" "get nodes"; do
  # shellcheck disable=SC2086
  [[ "$(can $a)" == no ]] || fail "the reconciler may $a"
done

# the account's own token: reconcile converges the architecture with exactly these rights
token=$(k create token vsctl-reconciler -n "$NS" --duration 10m)
cat > "$OUT/sa.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters: [ { name: tb, cluster: { server: "$TESTBED_SERVER", certificate-authority: "$TESTBED_CA" } } ]
users: [ { name: sa, user: { token: "$token" } } ]
contexts: [ { name: sa, context: { cluster: tb, user: sa, namespace: "$NS" } } ]
current-context: sa
YAML
manifest init
vs_rc rc --kubeconfig "$OUT/sa.kubeconfig" reconcile --once --branch "$(git -C "$WORK" branch --show-current)" > /dev/null 2> "$OUT/once.err"
[[ $rc == 0 ]] || fail "reconcile as the service account: exit $rc: $(tail -20 "$OUT/once.err")"
grep -qi "forbidden" "$OUT/once.err" && fail "something was forbidden: $(grep -i forbidden "$OUT/once.err")"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.status.availableReplicas}')" == 1 ]] || fail "web is not running"
grep -q "$token" "$OUT/once.err" && fail "the token was printed"
info ok

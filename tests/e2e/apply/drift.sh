# Drift made with kubectl is seen by plan and taken back by the next apply: replicas changed with
# `kubectl scale` are restored, and an env var added with `kubectl set env` is removed (it is
# owned by kubectl-set, not vsctl: apply takes its fields over so that the server removes them).
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
k -n "$NS" scale deploy/web --replicas=4 >/dev/null
k -n "$NS" set env deploy/api FOO=bar >/dev/null
env_of() { k -n "$NS" get deploy "$1" -o jsonpath='{.spec.template.spec.containers[0].env[*].name}'; }
[[ " $(env_of api) " == *" FOO "* ]] || fail "kubectl set env did not add FOO: $(env_of api)"
managers() { k -n "$NS" get deploy "$1" --show-managed-fields -o jsonpath='{.metadata.managedFields[*].manager}'; }
info "managers before: api: $(managers api); web: $(managers web)"

out=$(vs plan 2>&1) || true
grep -q "drift:" <<<"$out" || fail "plan shows no drift: $out"
grep -q "kubectl-set changed Deployment api" <<<"$out" || fail "plan does not name kubectl set env's drift: $out"
vs apply --yes -o json >"$OUT/ev" 2>"$OUT/err" || fail "apply failed: $(cat "$OUT/err")"
steps=$(events "$OUT/ev" StepStarted | sort)
[[ "$steps" == $'api Update  \nweb Update  ' || "$steps" == $'api Update  \nweb Scale  ' ]] ||
  fail "steps are '$steps', want api Update and web Update or Scale"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.spec.replicas}')" == 1 ]] || fail "replicas not taken back"
[[ " $(env_of api) " != *" FOO "* ]] || fail "FOO is still set on api: $(env_of api)"
info "managers after: api: $(managers api); web: $(managers web)"
[[ " $(managers api) " != *" kubectl-set "* ]] || fail "kubectl-set still owns fields of api"
# the pods run the template without FOO
[[ "$(k -n "$NS" get deploy api -o jsonpath='{.status.updatedReplicas}/{.status.readyReplicas}')" == 1/1 ]] ||
  fail "api did not roll out the template without FOO"
# nothing left to take back
out=$(vs plan 2>&1) || true
grep -q "drift:" <<<"$out" && fail "drift left after apply: $out"

# a workload deleted by hand while its Service stays is made again by the next apply
k -n "$NS" delete deployment api --wait=true >/dev/null
vs apply --yes >"$OUT/out" 2>"$OUT/err" || fail "apply after kubectl delete deployment: $(cat "$OUT/err")"
[[ "$(k -n "$NS" get deploy api -o jsonpath='{.status.readyReplicas}')" == 1 ]] || fail "api was not made again"
info ok

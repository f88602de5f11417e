# Drift made with kubectl is seen by plan and taken back by the next apply.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
k -n "$NS" scale deploy/web --replicas=4 >/dev/null
out=$(vs plan 2>&1) || true
grep -q "drift:" <<<"$out" || fail "plan shows no drift: $out"
vs apply --yes >/dev/null 2>&1 || fail "apply failed"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.spec.replicas}')" == 1 ]] || fail "replicas not taken back"
info ok

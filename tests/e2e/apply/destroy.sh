# destroy removes every service, dependents first, and records it.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "apply failed"
vs destroy --yes --allow=storage-loss -o json > "$OUT/ev" || fail "destroy failed"
order=$(events "$OUT/ev" StepFinished | awk '{print $1}' | tr '\n' ' ')
[[ "$order" == "web api db " ]] || fail "destroy order is '$order', want web api db"
[[ -z "$(k -n "$NS" get deploy,statefulset,service -l app.kubernetes.io/part-of=fx -o name)" ]] || fail "objects left"
grep -q . <<<"$(k -n "$NS" get secret -l vsctl.dev/record=fx,vsctl.dev/outcome=succeeded -o name)" || fail "no record"
info ok

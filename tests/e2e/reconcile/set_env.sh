# Drift that only the diff policy sees (`kubectl set env` adds a field only kubectl-set owns):
# `reconcile --once` and `rollback` take it away as apply does (kubectl is the witness), and a
# branch whose .vsctl/diff.yaml says kubectl-set is not drift leaves it alone.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_VERSION=1.1.0 manifest bump
vs apply --yes >/dev/null 2>&1 || fail "second apply failed"
branch=$(git -C "$WORK" branch --show-current)
env_of() { k -n "$NS" get deploy "$1" -o jsonpath='{.spec.template.spec.containers[0].env[*].name}'; }

k -n "$NS" set env deploy/web EXTRA_DRIFT=1 >/dev/null
[[ "$(env_of web)" == *EXTRA_DRIFT* ]] || fail "kubectl set env did not take"
vs_rc rc diff > "$OUT/diff" 2>&1
[[ $rc == 1 ]] || fail "diff sees no drift: exit $rc: $(cat "$OUT/diff")"
vs_rc rc reconcile --once --branch "$branch" > "$OUT/once.out" 2> "$OUT/once.err"
[[ $rc == 0 ]] || fail "reconcile --once: exit $rc: $(tail -5 "$OUT/once.err")"
grep -q "drift in web" "$OUT/once.err" || fail "the round did not see the drift: $(cat "$OUT/once.err")"
[[ "$(env_of web)" != *EXTRA_DRIFT* ]] || fail "reconcile left EXTRA_DRIFT: $(env_of web)"

k -n "$NS" set env deploy/web EXTRA_DRIFT=2 >/dev/null
vs_rc rc rollback --yes > "$OUT/rb.out" 2> "$OUT/rb.err"
[[ $rc == 0 ]] || fail "rollback: exit $rc: $(tail -5 "$OUT/rb.err")"
[[ "$(image_of api)" == example.com/api:1.0.0 ]] || fail "api is $(image_of api) after the rollback"
[[ "$(env_of web)" != *EXTRA_DRIFT* ]] || fail "rollback left EXTRA_DRIFT: $(env_of web)"

mkdir -p "$WORK/.vsctl"
printf 'notDriftManagers: [kubectl-set]\n' > "$WORK/.vsctl/diff.yaml"
git -C "$WORK" add -A && git -C "$WORK" commit -qm "kubectl-set is not drift"
vs apply --yes >/dev/null 2>&1 || fail "apply with the policy failed"
k -n "$NS" set env deploy/web EXTRA_DRIFT=3 >/dev/null
vs_rc rc reconcile --once --branch "$branch" > "$OUT/once2.out" 2> "$OUT/once2.err"
[[ $rc == 0 ]] || fail "reconcile --once with the policy: exit $rc: $(tail -5 "$OUT/once2.err")"
grep -q "converged at" "$OUT/once2.err" || fail "the branch's policy was not used: $(cat "$OUT/once2.err")"
[[ "$(env_of web)" == *EXTRA_DRIFT* ]] || fail "the policy's kubectl-set change was taken away"
info ok

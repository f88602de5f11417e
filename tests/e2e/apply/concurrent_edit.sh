# A person scales a Deployment while apply waits for it: the apply sees the workload move away
# from the plan and applies it again (kubectl sees the manifest's replicas come back) instead of
# reporting the person's count as converged.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/neverready API_VERSION=1.1.0 manifest stuck
"$VSCTL" -C "$WORK" apply --yes --timeout 30s -o json > "$OUT/ev" 2> "$OUT/err" &
pid=$!
waiting_for_api() { grep -q '^api ' <<<"$(events "$OUT/ev" State 2>/dev/null)"; }
waited=0
for _ in $(seq 1 200); do
  waiting_for_api && { waited=1; break; }
  sleep 0.1
done
((waited)) || fail "apply never waited for api: $(cat "$OUT/err")"
k -n "$NS" scale deploy/api --replicas=3 >/dev/null
back=0
for _ in $(seq 1 100); do
  [[ "$(k -n "$NS" get deploy api -o jsonpath='{.spec.replicas}')" == 1 ]] && { back=1; break; }
  sleep 0.1
done
((back)) || fail "kubectl: api still wants $(k -n "$NS" get deploy api -o jsonpath='{.spec.replicas}') replicas"
set +e; wait "$pid"; rc=$?; set -e
[[ $rc == 6 ]] || fail "the never-ready rollout: exit $rc, want 6"
grep -q 'the workload was changed during the wait (it wants 3 instance(s), the manifest 1): applying it again' "$OUT/ev" ||
  fail "the re-apply was not said: $(grep '"service":"api"' "$OUT/ev" | tail -5)"
grep -q '^api Update succeeded' <<<"$(events "$OUT/ev" StepFinished)" && fail "api reported converged"
info ok

# Readiness judges only what this apply asked for. After a rollout hit ProgressDeadlineExceeded
# (kubectl shows the condition), the fixing apply converges instead of failing at once on the
# old condition; after `kubectl scale` the apply waits for the manifest's count instead of
# reporting Run from the stale replicas, and calls it a Scale as diff does. Finished steps report
# what they reached (ready/desired).
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/neverready API_VERSION=1.1.0 manifest stuck
vs_rc rc apply --yes --timeout 15s > /dev/null 2> "$OUT/stuck"
[[ $rc == 6 ]] || fail "the stuck rollout: exit $rc, want 6: $(tail -3 "$OUT/stuck")"
pde() { [[ "$(k -n "$NS" get deploy api -o jsonpath='{.status.conditions[?(@.type=="Progressing")].reason}')" == ProgressDeadlineExceeded ]]; }
for _ in $(seq 1 60); do pde && break; sleep 0.5; done
pde || fail "kubectl does not show ProgressDeadlineExceeded on api"

API_VERSION=1.2.0 manifest fixed
vs_rc rc apply --yes -o json > "$OUT/fix" 2> "$OUT/fix.err"
[[ $rc == 0 ]] || fail "the fixing apply: exit $rc: $(events "$OUT/fix" StepFinished) $(tail -3 "$OUT/fix.err")"
[[ "$(image_of api)" == example.com/api:1.2.0 ]] || fail "api image is $(image_of api)"
[[ "$(k -n "$NS" get deploy api -o jsonpath='{.status.updatedReplicas}/{.status.readyReplicas}/{.status.replicas}')" == 1/1/1 ]] ||
  fail "kubectl: api is $(k -n "$NS" get deploy api -o jsonpath='{.status.updatedReplicas}/{.status.readyReplicas}/{.status.replicas}')"
python3 - "$OUT/fix" <<'PY' || fail "finished steps: $(grep StepFinished "$OUT/fix")"
import json, sys
done = [e for e in (json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")) if e.get("type") == "StepFinished"]
assert done, "no StepFinished"
for e in done:
    assert e["outcome"] == "succeeded" and e["desired"] >= 1 and e["ready"] == e["desired"], e
PY

k -n "$NS" scale deploy/web --replicas=5 >/dev/null
five() { [[ "$(k -n "$NS" get deploy web -o jsonpath='{.status.readyReplicas}')" == 5 ]]; }
for _ in $(seq 1 60); do five && break; sleep 0.5; done
five || fail "kubectl: web did not reach 5 ready after kubectl scale"
vs_rc rc apply --yes -o json > "$OUT/scale" 2> "$OUT/scale.err"
[[ $rc == 0 ]] || fail "apply after kubectl scale: exit $rc: $(tail -3 "$OUT/scale.err")"
python3 - "$OUT/scale" <<'PY' || fail "web after kubectl scale: $(grep '"web"' "$OUT/scale")"
import json, sys
ev = [e for e in (json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")) if e.get("service") == "web"]
fin = [e for e in ev if e["type"] == "StepFinished"]
assert len(fin) == 1 and fin[0]["outcome"] == "succeeded", fin
assert fin[0]["ready"] == 1 and fin[0]["desired"] == 1, fin[0]
assert fin[0]["message"] == "1/1 ready", fin[0]
assert fin[0]["change"] == "Scale", fin[0]  # plan and diff use one word for it
PY
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.spec.replicas}')" == 1 ]] || fail "kubectl: web wants $(k -n "$NS" get deploy web -o jsonpath='{.spec.replicas}')"
info ok

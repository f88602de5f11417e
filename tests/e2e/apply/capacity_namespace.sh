# The namespace's limits in the capacity check, with the real API server as the judge: a
# ResourceQuota is named with its numbers, a pet's volume claim that no free volume can hold is
# refused, and with --allow=capacity kubectl shows exactly the pods the quota let in and the
# claim left Pending.
source "$(dirname "$0")/lib.sh"
k create namespace "$NS" >/dev/null
k -n "$NS" create quota compute --hard=requests.cpu=1100m >/dev/null
cat > "$WORK/architecture.yaml" <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: capns }
spec:
  namespace: $NS
  services:
    web:
      image: example.com/web
      version: 1.0.0
      instances: { min: 3, max: 3 }
      resources: { cpu: 500m, memory: 64Mi }
    db:
      image: example.com/db
      version: 1.0.0
      recovery: pet
      resources: { cpu: 100m, memory: 64Mi }
      storage: [ { name: data, mount: /data, size: 20Gi } ]
YAML
git -C "$WORK" add -A && git -C "$WORK" commit -qm capacity
# the quota's status is filled in by the controller manager
deadline=$((SECONDS + 30))
until [[ -n "$(k -n "$NS" get quota compute -o jsonpath='{.status.used.requests\.cpu}')" ]]; do
  ((SECONDS < deadline)) || fail "the quota's status was never filled in"
  sleep 0.5
done

vs_rc rc plan -o json > "$OUT/plan.json" 2> "$OUT/plan.err"
[[ $rc == 8 ]] || fail "plan beyond the quota: exit $rc, want 8: $(cat "$OUT/plan.err")"
python3 - "$OUT/plan.json" "$NS" <<'PY' || fail "plan -o json: $(cat "$OUT/plan.json")"
import json, sys
plan, ns = json.load(open(sys.argv[1])), sys.argv[2]
steps = {s["service"]: s for w in plan["waves"] for s in w["steps"]}
web, db = steps["web"]["capacity"], steps["db"]["capacity"]
assert web["problems"] == [f"the quota lets in 2 of 3 new pods: ResourceQuota {ns}/compute: requests.cpu used 1100m of 1100m, "
                           "a pod needs 500m more"], web
assert db["fits"] is False and len(db["problems"]) == 1, db
assert db["problems"][0].startswith("volume claim data-db-0 (20Gi, class testbed-static): none of the "), db
assert db["problems"][0].endswith("free volumes of that class is large enough or allows the access modes (the largest is 10Gi)"), db
PY
vs_rc rc apply --yes > "$OUT/out" 2> "$OUT/err"
[[ $rc == 8 ]] || fail "apply beyond the quota: exit $rc, want 8"
grep -q "ResourceQuota $NS/compute" "$OUT/out" "$OUT/err" || fail "apply does not name the quota: $(cat "$OUT/out" "$OUT/err")"
[[ -z "$(k -n "$NS" get deploy,sts -o name)" ]] || fail "kubectl: workloads exist, yet apply refused"

vs_rc rc apply --yes --allow=capacity --timeout 15s > "$OUT/out" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "apply --allow=capacity: exit $rc, want 6: $(tail -5 "$OUT/err")"
pods=$(k -n "$NS" get pods -l app.kubernetes.io/name=web -o name | wc -l)
[[ $pods == 2 ]] || fail "kubectl: the quota let in $pods of web's pods; the plan said 2"
phase=$(k -n "$NS" get pvc data-db-0 -o jsonpath='{.status.phase}')
[[ "$phase" == Pending ]] || fail "kubectl: claim data-db-0 is '$phase'; the plan said no volume could hold it"
info ok

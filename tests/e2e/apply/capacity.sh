# The capacity check against the real scheduler: a step that does not fit is refused by plan and
# apply before anything is written, with the numbers; with --allow=capacity it runs, its waiting
# line quotes the scheduler, and kubectl shows exactly the pods the plan said would find no room.
source "$(dirname "$0")/lib.sh"
add_nodes 2 1 2Gi  # two nodes of 1 cpu: two 400m pods on each, 200m left over

cat > "$WORK/architecture.yaml" <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: cap }
spec:
  namespace: $NS
  services:
    web:
      image: example.com/web
      version: 1.0.0
      instances: { min: 5, max: 5 }
      resources: { cpu: 400m, memory: 256Mi }
      $PLACEMENT
    huge:
      image: example.com/huge
      version: 1.0.0
      resources: { cpu: "64", memory: 1Gi }
YAML
git -C "$WORK" add -A && git -C "$WORK" commit -qm capacity

vs_rc rc plan -o json > "$OUT/plan.json" 2> "$OUT/plan.err"
[[ $rc == 8 ]] || fail "plan of steps that do not fit: exit $rc, want 8: $(cat "$OUT/plan.err")"
python3 - "$OUT/plan.json" "$NS" <<'PY' || fail "plan -o json: $(cat "$OUT/plan.json")"
import json, sys
plan, ns = json.load(open(sys.argv[1])), sys.argv[2]
steps = {s["service"]: s for w in plan["waves"] for s in w["steps"]}
web, huge = steps["web"]["capacity"], steps["huge"]["capacity"]
assert plan["capacity"]["checked"] is True, plan["capacity"]
assert web["fits"] is False and web["needs"] == "5 pods of 400m cpu, 256Mi memory", web
want = ("needs room for 5 pods of 400m cpu, 256Mi memory; the 2 eligible nodes have room for 4 (free after them: "
        f"{ns}-node-1 200m cpu, 1.5Gi memory; {ns}-node-2 200m cpu, 1.5Gi memory); short by 1 pod = 400m cpu, 256Mi memory, "
        f"about 1 more node like {ns}-node-1 (1 cpu, 2Gi memory allocatable)")
assert web["problems"] == [want], web["problems"]
assert huge["fits"] is False and "could hold one even empty" in huge["problems"][0] and "32 cpu" in huge["problems"][0], huge
assert any("--allow=capacity" in r for r in plan["refusals"]), plan["refusals"]
PY

vs_rc rc apply --yes > "$OUT/out" 2> "$OUT/err"
[[ $rc == 8 ]] || fail "apply of steps that do not fit: exit $rc, want 8: $(tail -5 "$OUT/err")"
grep -q "services huge, web do not fit the cluster" "$OUT/err" || fail "the refusal does not name the services: $(cat "$OUT/err")"
grep -q "short by 1 pod = 400m cpu, 256Mi memory" "$OUT/out" "$OUT/err" || fail "apply does not show the numbers: $(cat "$OUT/out")"
k get namespace "$NS" >/dev/null 2>&1 && fail "kubectl: namespace $NS exists, yet apply refused before writing"

# allowed: it runs, and the real scheduler leaves exactly the predicted pod Pending
vs_rc rc apply --yes --allow=capacity --timeout 15s > "$OUT/out" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "apply --allow=capacity of a step short of room: exit $rc, want 6: $(tail -5 "$OUT/err")"
grep -E "web .*unschedulable: 0/[0-9]+ nodes are available: .*Insufficient cpu" "$OUT/err" >/dev/null ||
  fail "the waiting line does not quote the scheduler: $(grep web "$OUT/err" | tail -3)"
[[ "$(pods_in bound web)" == 4 && "$(pods_in unschedulable web)" == 1 ]] ||
  fail "kubectl: web has $(pods_in bound web) pods bound and $(pods_in unschedulable web) unschedulable; the plan said 4 and 1"
[[ "$(pods_in bound huge)" == 0 && "$(pods_in unschedulable huge)" == 1 ]] ||
  fail "kubectl: huge has $(pods_in bound huge) pods bound; the plan said none fits"

# a node more: the plan now says it fits, and the scheduler agrees
add_nodes 1 1 2Gi
sed -i 's/cpu: "64"/cpu: 100m/' "$WORK/architecture.yaml"
git -C "$WORK" commit -qam "smaller"
vs plan -o json > "$OUT/plan.json" 2> "$OUT/plan.err" || fail "plan after adding a node: $(cat "$OUT/plan.err")"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); assert not p["refusals"], p["refusals"]' "$OUT/plan.json" ||
  fail "the plan still refuses: $(cat "$OUT/plan.json")"
vs apply --yes --timeout 30s > "$OUT/out" 2> "$OUT/err" || fail "apply once it fits: $(tail -5 "$OUT/err")"
[[ "$(pods_in bound web)" == 5 && "$(pods_in bound huge)" == 1 ]] || fail "kubectl: not every pod is bound"
info ok

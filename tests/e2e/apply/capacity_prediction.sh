# How often the capacity check's prediction is what the real scheduler then does. Random
# scenarios (CAPACITY_SEED repeats one): each service gets a pool of 1-3 nodes of its own with
# random allocatable, some nodes already hold a pod placed by kubectl, and the service asks for
# random requests and instances. `plan -o json` predicts per service how many new pods find no
# node; `apply --allow=capacity` runs it; kubectl counts the pods Pending as Unschedulable. Every
# prediction must agree: "fits" really schedules, "does not fit" really stays Pending, and the
# number of pods left waiting is the predicted one.
source "$(dirname "$0")/lib.sh"
SEED=${CAPACITY_SEED:-$RANDOM}
SCENARIOS=${CAPACITY_SCENARIOS:-12}
info "seed $SEED, $SCENARIOS scenarios"
RANDOM=$SEED
pick() { local a=("$@"); printf '%s' "${a[RANDOM % ${#a[@]}]}"; }

k create namespace "$NS" >/dev/null
{
  cat <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: predict }
spec:
  namespace: $NS
  services:
YAML
  for ((i = 1; i <= SCENARIOS; i++)); do
    pool="$NS-p$i"
    nodes=$((1 + RANDOM % 3))
    add_nodes "$nodes" "$(pick 500m 1 1500m 2 3)" "$(pick 512Mi 1Gi 2Gi 4Gi)" "$pool"
    if ((RANDOM % 2)); then  # a pod someone else placed there already
      k -n "$NS" run "filler-$i" --image=example.com/filler --restart=Never \
        --overrides="{\"spec\":{\"nodeSelector\":{\"pool\":\"$pool\"},\"tolerations\":[{\"key\":\"capacity-test\",\"value\":\"$NS\",\"effect\":\"NoSchedule\"}],\"containers\":[{\"name\":\"filler-$i\",\"image\":\"example.com/filler\",\"resources\":{\"requests\":{\"cpu\":\"$(pick 100m 300m 700m)\",\"memory\":\"$(pick 64Mi 256Mi 1Gi)\"}}}]}}" >/dev/null
    fi
    n=$((1 + RANDOM % 5))
    echo "s$i $n" >> "$OUT/wanted"
    if ((RANDOM % 4 == 0)); then
      placement="placement: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [ { matchExpressions: [ { key: pool, operator: In, values: [ $pool ] } ] } ] } } }, tolerations: [ { key: capacity-test, value: $NS, effect: NoSchedule } ] }"
    else
      placement="placement: { nodeSelector: { pool: $pool }, tolerations: [ { key: capacity-test, value: $NS, effect: NoSchedule } ] }"
    fi
    cat <<YAML
    s$i:
      image: example.com/s$i
      version: 1.0.0
      importance: low
      instances: { min: $n, max: $n }
      resources: { cpu: $(pick 100m 250m 300m 400m 600m 900m), memory: $(pick 64Mi 128Mi 256Mi 512Mi 1Gi) }
      $placement
YAML
  done
} > "$WORK/architecture.yaml"
git -C "$WORK" add -A && git -C "$WORK" commit -qm scenarios
# the fillers are bound before the plan reads the cluster
deadline=$((SECONDS + 30))
while grep -q '^$' <<<"$(k -n "$NS" get pods -l run -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' 2>/dev/null)"; do
  ((SECONDS < deadline)) || break  # a filler too large for its pool stays Pending: the plan must count it so
  sleep 0.5
done

vs_rc rc plan -o json > "$OUT/plan.json" 2> "$OUT/plan.err"
[[ $rc == 0 || $rc == 8 ]] || fail "plan: exit $rc: $(cat "$OUT/plan.err")"
vs_rc rc apply --yes --allow=capacity --timeout 20s --concurrency 16 > "$OUT/out" 2> "$OUT/err"
[[ $rc == 0 || $rc == 6 ]] || fail "apply --allow=capacity: exit $rc: $(tail -5 "$OUT/err")"

# apply may end as soon as a service is judged Failed for want of room, while the scheduler is
# still deciding about its other pods: the witness waits (bounded) until it has decided on every
# pod, bound or Unschedulable, and then counts.
deadline=$((SECONDS + 30))
while :; do
  undecided=""
  while read -r svc n; do
    b=$(pods_in bound "$svc") u=$(pods_in unschedulable "$svc")
    printf '%s %s %s\n' "$svc" "$b" "$u"
    ((b + u >= n)) || undecided+=" $svc"
  done < "$OUT/wanted" > "$OUT/actual"
  [[ -z "$undecided" ]] && break
  ((SECONDS < deadline)) || { info "the scheduler has not decided on every pod of:$undecided"; break; }
  sleep 0.5
done
python3 - "$OUT/plan.json" "$OUT/actual" <<'PY' || fail "the prediction and the scheduler disagree (seed $SEED)"
import json, sys
plan = json.load(open(sys.argv[1]))
steps = {s["service"]: s for w in plan["waves"] for s in w["steps"]}
agree, wrong, fits, short = 0, [], 0, 0
for line in open(sys.argv[2]):
    name, bound, pending = line.split()
    cap = steps[name].get("capacity", {"fits": True, "pending": 0, "problems": []})
    fits += cap["fits"]
    short += not cap["fits"]
    if cap["pending"] == int(pending) and cap["fits"] == (int(pending) == 0):
        agree += 1
    else:
        wrong.append(f"{name}: predicted {cap['pending']} pending ({'; '.join(cap['problems']) or 'fits'}); "
                     f"the scheduler bound {bound} and left {pending} pending")
print(f"[capacity_prediction] {agree}/{agree + len(wrong)} predictions agree with the scheduler "
      f"({fits} predicted to fit, {short} not)")
for w in wrong:
    print("  " + w)
sys.exit(1 if wrong else 0)
PY
info ok

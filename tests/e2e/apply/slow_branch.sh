# Steps start by the graph, not by waves: with a slow branch (slow, ready 10 s after it starts,
# <- slow-child) and a fast one (fast, ready at once, <- fast-child, ready 8 s after it starts),
# fast-child starts as soon as fast is Run, while slow is still warming up, and the apply takes
# about the longer branch (10 s and a little), not the sum of the waves' slowest (10 s + 8 s).
# kubectl is the witness: fast-child's Deployment exists before slow's pod is Ready.
source "$(dirname "$0")/lib.sh"
SLOW_S=10 FAST_CHILD_S=8
service() {  # service NAME [DEPENDENCY] [READY_AFTER_SECONDS]
  printf '    %s:\n      image: example.com/%s\n      version: 1.0.0\n' "$1" "$1"
  [[ -z "${2:-}" ]] || printf '      dependsOn: { %s: "^1" }\n' "$2"
  [[ -z "${3:-}" ]] || printf '      patches: [ { target: { kind: Deployment }, patch: { spec: { template: { metadata: { annotations: { vsctl-test/ready-after: "%ss" } } } } } } ]\n' "$3"
}
{
  cat <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: fx }
spec:
  namespace: $NS
  defaults: { resources: { cpu: 10m, memory: 16Mi } }
  services:
YAML
  service slow "" "$SLOW_S"
  service slow-child slow
  service fast
  service fast-child fast "$FAST_CHILD_S"
} > "$WORK/architecture.yaml"
git -C "$WORK" add -A
git -C "$WORK" commit -qm init

# the plan prints the waves and gives the graph: each step with the steps it follows
vs plan -o json > "$OUT/plan" || fail "plan failed"
python3 - "$OUT/plan" <<'PY' || fail "the plan's graph is not the manifest's: $(cat "$OUT/plan")"
import json, sys
p = json.load(open(sys.argv[1]))
waves = [[s["service"] for s in w["steps"]] for w in p["waves"]]
assert waves == [[""], ["fast", "slow"], ["fast-child", "slow-child"]], waves
after = {s["service"]: s["after"] for w in p["waves"] for s in w["steps"]}
assert after == {"": [], "fast": [""], "slow": [""], "fast-child": ["", "fast"], "slow-child": ["", "slow"]}, after
PY

start=$SECONDS
vs apply --yes -o json > "$OUT/ev" || fail "apply failed: $(tail -3 "$OUT/ev")"
wall=$((SECONDS - start))
events "$OUT/ev" StepFinished | grep -v succeeded && fail "a step did not succeed"
# the run's own clock: when each step started and finished
python3 - "$OUT/ev" "$SLOW_S" "$FAST_CHILD_S" > "$OUT/times" <<'PY' || fail "the run's timing is wrong: $(cat "$OUT/times")"
import datetime, json, sys
def t(s): return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
started, finished, run = {}, {}, []
for line in open(sys.argv[1]):
    if not line.startswith("{"): continue
    e = json.loads(line)
    if e["type"] == "StepStarted": started[e["service"]] = t(e["time"])
    if e["type"] == "StepFinished": finished[e["service"]] = t(e["time"])
    if e["type"] in ("RunStarted", "RunFinished"): run.append(t(e["time"]))
slow, fast_child = float(sys.argv[2]), float(sys.argv[3])
took = run[-1] - run[0]
print(f"run {took:.1f} s; fast-child started {started['fast-child'] - run[0]:.1f} s in, slow finished {finished['slow'] - run[0]:.1f} s in")
# the fast branch's dependent starts while the slow service is still not ready
assert started["fast-child"] < finished["slow"], "fast-child waited for slow"
assert started["slow-child"] >= finished["slow"], "slow-child did not wait for slow"
assert started["fast-child"] >= finished["fast"], "fast-child did not wait for fast"
# bounded by the longer branch, not by the sum of the waves' slowest steps
assert took < slow + fast_child - 2, f"the run took {took:.1f} s: waves of {slow} s and {fast_child} s one after the other"
PY
info "$(cat "$OUT/times") (apply: $wall s)"

# kubectl's witness: fast-child's Deployment was created before slow's pod became Ready
created=$(k -n "$NS" get deploy fast-child -o jsonpath='{.metadata.creationTimestamp}')
ready=$(k -n "$NS" get pods -l app.kubernetes.io/name=slow -o jsonpath='{.items[0].status.conditions[?(@.type=="Ready")].lastTransitionTime}')
[[ -n "$created" && -n "$ready" ]] || fail "no creation time of fast-child ($created) or Ready time of slow ($ready)"
[[ "$created" < "$ready" ]] || fail "fast-child was created at $created, not before slow was Ready at $ready"
info ok

# A removed service is left alone (and reported) without --prune, destroyed with it; a dependent
# and its dependency removed together are destroyed dependents first, also when earlier applies
# left them running.
source "$(dirname "$0")/lib.sh"
# solo VERSION: the manifest with only the service solo, committed
solo() {
  cat > "$WORK/architecture.yaml" <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: fx }
spec:
  namespace: $NS
  defaults: { resources: { cpu: 10m, memory: 16Mi } }
  services:
    solo: { image: example.com/solo, version: $1 }
YAML
  git -C "$WORK" add -A
  git -C "$WORK" commit -qm "solo $1"
}

# api_then_db EVENTS: api's destroy succeeded and ended before db's started
api_then_db() {
  python3 - "$1" <<'PY'
import json, sys
started, finished = {}, {}
for line in open(sys.argv[1]):
    if not line.startswith("{"): continue
    e = json.loads(line)
    if e["type"] == "StepStarted": started[e["service"]] = e["time"]
    if e["type"] == "StepFinished": finished[e["service"]] = (e["time"], e.get("outcome"))
assert finished["api"][1] == "succeeded" and finished["db"][1] == "succeeded", finished
assert started["db"] >= finished["api"][0], (started, finished)
PY
}

manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
WEB=0 manifest "remove web"
out=$(vs apply --yes 2>&1) || fail "apply without --prune failed: $out"
grep -q "left alone" <<<"$out" || fail "web not reported as left alone: $out"
k -n "$NS" get deploy web >/dev/null || fail "web was removed without --prune"
vs apply --yes --prune -o json > "$OUT/ev" || fail "apply --prune failed"
[[ "$(events "$OUT/ev" StepFinished)" == "web Destroy succeeded " ]] || fail "prune: $(events "$OUT/ev" StepFinished)"
k -n "$NS" get deploy web >/dev/null 2>&1 && fail "web is still there"

# api and db go in one apply (their dependencies as last recorded): api, the dependent, first;
# db's step starts only once api's is over
solo 1.0.0
vs apply --yes --prune --allow=storage-loss -o json > "$OUT/ev2" || fail "apply --prune of api and db failed: $(tail -3 "$OUT/ev2")"
api_then_db "$OUT/ev2" || fail "api and db were not destroyed dependents first: $(events "$OUT/ev2" StepFinished)"
k -n "$NS" get statefulset db >/dev/null 2>&1 && fail "db is still there"

# api and db removed without --prune are left running; two applies later (the record carries
# what they had), --prune still destroys api, the dependent, before db
WEB=0 manifest "api and db again"
vs apply --yes >/dev/null 2>&1 || fail "apply of api and db again failed"
solo 1.0.1
out=$(vs apply --yes 2>&1) || fail "apply leaving api and db alone failed: $out"
grep -q "api: removed from the manifest, left alone" <<<"$out" || fail "api not left alone: $out"
solo 1.0.2
vs apply --yes >/dev/null 2>&1 || fail "the second apply leaving them alone failed"
k -n "$NS" get deploy api >/dev/null || fail "api was removed without --prune"
vs apply --yes --prune --allow=storage-loss -o json > "$OUT/ev3" || fail "the later prune failed: $(tail -3 "$OUT/ev3")"
api_then_db "$OUT/ev3" || fail "api and db left alone were not destroyed dependents first: $(events "$OUT/ev3" StepFinished)"
k -n "$NS" get deploy api >/dev/null 2>&1 && fail "api is still there"
info ok

# The API server restarts in the middle of an apply. The apply either recovers (requests wait
# for the server, the watch resumes) and says succeeded only for what it saw converge, or fails
# clearly with exit 5; a record never says succeeded for something that did not converge, and a
# rerun converges. Restarts the shared API server: ctest runs this test alone (RUN_SERIAL).
# One more truthful end: exit 6 when a step failed because the cluster's own controllers failed
# during the outage and had not recovered by the deadline (kube-controller-manager can stay in
# its error backoff, its informers stale, for minutes after the API server is back: seen about
# once in three runs on a loaded machine); then the record says failed with that cause.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_VERSION=1.1.0 WEB_VERSION=2.1.0 WEB_MIN=3 manifest bump
"$VSCTL" -C "$WORK" apply --yes --timeout 240s -o json >"$OUT/ev" 2>"$OUT/err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q '"type":"StepStarted"' "$OUT/ev" 2>/dev/null && break
  sleep 0.1
done
grep -q '"type":"StepStarted"' "$OUT/ev" || fail "the apply started no step: $(cat "$OUT/err")"
kill -0 "$pid" 2>/dev/null || fail "the apply ended before the restart: nothing was tested"
info "restarting the API server mid-apply"
"$TESTBED_SCRIPT" restart-apiserver 3 --state "$TESTBED_STATE" || fail "the API server did not come back"
set +e; wait "$pid"; rc=$?; set -e
info "apply exited $rc: $(grep -c . "$OUT/ev") events; $(tail -c 400 "$OUT/err")"

# newest_record: the outcome of the newest record
newest_record() {
  k -n "$NS" get secret -l vsctl.dev/record=fx,vsctl.dev/part=header -o json >"$OUT/records"
  python3 - "$OUT/records" <<'PY'
import base64, gzip, json, sys
items = json.load(open(sys.argv[1]))["items"]
newest = max(items, key=lambda s: int(s["metadata"]["labels"]["vsctl.dev/revision"]))
print(json.loads(gzip.decompress(base64.b64decode(newest["data"]["record"])))["outcome"])
PY
}
converged() {
  [[ "$(image_of api)" == example.com/api:1.1.0 && "$(image_of web)" == example.com/web:2.1.0 ]] || return 1
  [[ "$(k -n "$NS" get deploy web -o jsonpath='{.status.updatedReplicas}/{.status.readyReplicas}/{.status.replicas}')" == 3/3/3 ]] || return 1
  [[ "$(k -n "$NS" get deploy api -o jsonpath='{.status.updatedReplicas}/{.status.readyReplicas}/{.status.replicas}')" == 1/1/1 ]]
}
outcome=$(newest_record)
case $rc in
  0)
    [[ "$outcome" == succeeded ]] || fail "exit 0 but the record says $outcome"
    converged || fail "exit 0 and a succeeded record, but the cluster has not converged"
    python3 - "$OUT/ev" <<'PY' || fail "a step finished without reaching Run"
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line) if line.startswith("{") else {}
    if e.get("type") == "StepFinished" and e.get("outcome") == "succeeded":
        assert e.get("state") == "Run", e
PY
    ;;
  5)
    [[ "$outcome" != succeeded ]] || fail "exit 5 but the record says succeeded"
    grep -qi "api server\|cluster\|connect" "$OUT/err" "$OUT/ev" || fail "exit 5 without saying why: $(cat "$OUT/err")"
    ;;
  6)
    [[ "$outcome" == failed ]] || fail "exit 6 but the record says $outcome"
    # the failed step's cause is what the controllers said while the API server was away
    grep -q '"outcome":"failed".*connection refused\|connection refused.*"outcome":"failed"' "$OUT/ev" ||
      fail "exit 6 for something other than the outage: $(grep StepFinished "$OUT/ev" | tail -3)"
    CONTROLLERS_STUCK=1
    ;;
  *) fail "apply across an API server restart exited $rc (want 0, 5 or 6): $(tail -5 "$OUT/err")" ;;
esac
info "outcome $outcome"
# the outage was said once when it started and once when it ended, in the JSON stream
python3 - "$OUT/ev" "$rc" <<'PY' || fail "the outage was not said once each way: $(grep Notice "$OUT/ev")"
import json, sys
rc = sys.argv[2]
notices = [e for e in (json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")) if e.get("type") == "Notice"]
away = [e for e in notices if e.get("reason") == "ClusterAway"]
back = [e for e in notices if e.get("reason") == "ClusterBack"]
assert len(away) >= 1 and "the API server is away" in away[0]["message"], notices
if rc == "0":
    assert len(back) == len(away) and "the API server is back after" in back[0]["message"], notices
PY
if [[ -n "${CONTROLLERS_STUCK:-}" ]]; then
  info "the cluster's controllers had not recovered from the outage by the deadline; the record says so truthfully"
  info ok
  exit 0
fi
# either way, a rerun converges (and has nothing to do if the first run did it all)
vs apply --yes >"$OUT/rerun" 2>&1 || fail "rerun after the restart failed: $(tail -5 "$OUT/rerun")"
converged || fail "rerun did not converge"
[[ "$(newest_record)" == succeeded ]] || fail "rerun record is not succeeded"
info ok

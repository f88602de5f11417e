# A version whose containers run but never pass their readiness probe: apply's waiting line and
# failure name the probe; at the deadline the failure keeps it, the deadline added.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/neverready API_VERSION=1.2.0 manifest bump
sed -i 's|^    api:$|    api:\n      health: { http: { path: /healthz, port: 8080 } }|' "$WORK/architecture.yaml"
git -C "$WORK" commit -qam "api: a readiness probe"
vs_rc rc apply --yes --timeout 20s > "$OUT/out" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "exit $rc, want 6: $(cat "$OUT/err")"
# the witness: running, not ready, with that probe
pod=$(k -n "$NS" get pods -l app.kubernetes.io/name=api,app.kubernetes.io/version=1.2.0 -o jsonpath='{.items[0].metadata.name}')
[[ "$(k -n "$NS" get pod "$pod" -o jsonpath='{.status.phase} {.status.containerStatuses[0].ready} {.spec.containers[0].readinessProbe.httpGet.path}')" == "Running false /healthz" ]] ||
  fail "kubectl: $(k -n "$NS" get pod "$pod" -o yaml)"
cause="container api: readiness probe http GET :8080/healthz failing"
grep -Eq "api +[A-Za-z]+ +0/1 $(re "$cause")\$" "$OUT/err" || fail "no waiting line naming the probe: $(cat "$OUT/err")"
# vsctl's deadline or the Deployment controller's (both 20s): either is added to the cause
grep -Eq "api +failed +[0-9.]+s ReadinessProbeFailing: $(re "$cause") \((deadline passed|ProgressDeadlineExceeded)\)\$" "$OUT/err" ||
  fail "no failure line: $(cat "$OUT/err")"

status_json "$OUT/j"
[[ "$(js "$OUT/j" 'svc("api")["reason"]')" == ReadinessProbeFailing ]] || fail "status reason: $(cat "$OUT/j")"
vs history -o json > "$OUT/h" || fail "history failed"
failed_message "$OUT/h" api | grep -Eq "^$(re "$cause") \(" || fail "record: $(cat "$OUT/h")"
info ok

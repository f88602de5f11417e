# A ResourceQuota the pods exceed (made with kubectl before the apply): web's pod cannot be
# created; apply's waiting line and failure, status and the record name the quota (FailedCreate),
# not the deadline.
source "$(dirname "$0")/lib.sh"
manifest init
k create namespace "$NS" >/dev/null
k -n "$NS" create quota pods-max --hard=pods=2 >/dev/null   # db and api fit, web does not
# the plan's capacity check would refuse it up front (exit 8): allowed, to see what the cluster says
vs_rc rc apply --yes --allow=capacity --timeout 20s > "$OUT/out" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "exit $rc, want 6: $(cat "$OUT/err")"
# the witness: the ReplicaSet's Events say the quota refused the pod
grep -q "exceeded quota: pods-max" <<<"$(k -n "$NS" get events --field-selector reason=FailedCreate -o jsonpath='{.items[*].message}')" ||
  fail "kubectl sees no FailedCreate for the quota"
[[ "$(k -n "$NS" get pods -l app.kubernetes.io/name=web -o name | wc -l)" == 0 ]] || fail "web has pods"

cause_re="cannot create pods: exceeded quota: pods-max, requested: pods=1, used: pods=2, limited: pods=2"
grep -Eq "web +[A-Za-z]+ +0/1 $cause_re\$" "$OUT/err" || fail "no waiting line naming the quota: $(cat "$OUT/err")"
grep -Eq "web +failed +[0-9.]+s FailedCreate: $cause_re \(deadline passed\)\$" "$OUT/err" || fail "no failure line: $(cat "$OUT/err")"
grep -Eq "web +Provision +failed +FailedCreate: $cause_re" "$OUT/out" || fail "no summary: $(cat "$OUT/out")"

status_json "$OUT/j"
[[ "$(js "$OUT/j" 'svc("web")["reason"]')" == FailedCreate ]] || fail "status reason: $(cat "$OUT/j")"
# (the Deployment controller's own progress deadline may have passed by now: it is added, not in its place)
js "$OUT/j" 'svc("web")["message"]' | grep -Eq "^$cause_re( \(ProgressDeadlineExceeded\))?\$" || fail "status message: $(js "$OUT/j" 'svc("web")["message"]')"
vs status > "$OUT/text" || fail "status failed"
grep -Eq "^web .* FailedCreate .*$cause_re" "$OUT/text" || fail "status row: $(cat "$OUT/text")"

vs history -o json > "$OUT/h" || fail "history failed"
failed_message "$OUT/h" web | grep -Eq "^$cause_re \(deadline passed\)\$" || fail "record: $(cat "$OUT/h")"
info ok

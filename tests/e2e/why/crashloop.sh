# A crash-looping version: apply's waiting line and failure, status (text and -o json) and the
# record name the last exit code, reason and termination message, as kubectl sees them.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/crashloop API_VERSION=1.2.0 manifest bump
vs_rc rc apply --yes --timeout 20s > "$OUT/out" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "exit $rc, want 6: $(cat "$OUT/err")"
# the witness: what the cluster says of the container
pod=$(k -n "$NS" get pods -l app.kubernetes.io/name=api,app.kubernetes.io/version=1.2.0 -o jsonpath='{.items[0].metadata.name}')
[[ "$(k -n "$NS" get pod "$pod" -o jsonpath='{.status.containerStatuses[0].lastState.terminated.message}')" == "panic: cannot connect to cart:7070" ]] ||
  fail "kubectl does not see the termination message"
cause="container api: CrashLoopBackOff, last exit 1 (Error): panic: cannot connect to cart:7070"
# the state line, the step's failure, and the summary
grep -Eq "api +Failed +0/1 $(re "$cause")\$" "$OUT/err" || fail "no state line: $(cat "$OUT/err")"
grep -Eq "api +failed +[0-9.]+s CrashLoopBackOff: $(re "$cause")\$" "$OUT/err" || fail "no failure line: $(cat "$OUT/err")"
grep -Eq "api +Update +failed +CrashLoopBackOff: $(re "$cause")\$" "$OUT/out" || fail "no summary: $(cat "$OUT/out")"

status_json "$OUT/j"
[[ "$(js "$OUT/j" 'svc("api")["reason"]')" == CrashLoopBackOff ]] || fail "status reason: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'svc("api")["message"]')" == "$cause" ]] || fail "status message: $(js "$OUT/j" 'svc("api")["message"]')"
[[ "$(js "$OUT/j" 'd["applied"]["failed"][0]["message"]')" == "$cause" ]] || fail "status applied: $(cat "$OUT/j")"
vs status > "$OUT/text" || fail "status failed"
grep -Eq "^api .* Failed CrashLoopBackOff .*$(re "$cause")" "$OUT/text" || fail "status row: $(cat "$OUT/text")"
has "$OUT/text" "api: $cause"

vs history -o json > "$OUT/h" || fail "history failed"
[[ "$(failed_message "$OUT/h" api)" == "$cause" ]] || fail "record: $(cat "$OUT/h")"
info ok

# A crash-looping version is Failed with CrashLoopBackOff in status; the failed apply is in the
# history with the service's reason.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/crashloop API_VERSION=1.2.0 manifest bad
vs_rc rc apply --yes --timeout 240s
[[ $rc == 6 ]] || fail "apply exit $rc, want 6"

status_json "$OUT/j"
[[ "$(js "$OUT/j" 'svc("api")["state"] + " " + svc("api")["reason"]')" == "Failed CrashLoopBackOff" ]] || fail "api: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'd["applied"]["outcome"]')" == failed ]] || fail "outcome: $(cat "$OUT/j")"
vs status > "$OUT/text" || fail "status failed (it exits 0 whatever the states)"
grep -Eq "^api +1.2.0 +.* Failed CrashLoopBackOff " "$OUT/text" || fail "api row: $(cat "$OUT/text")"
grep -q "1 failed" "$OUT/text" || fail "header: $(cat "$OUT/text")"

vs history > "$OUT/h" || fail "history failed"
grep -Eq "^2 +apply .* failed +1: api 1.0.0->1.2.0 \(failed: CrashLoopBackOff\)" "$OUT/h" || fail "history: $(cat "$OUT/h")"
info ok

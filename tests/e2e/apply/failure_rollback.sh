# A crash-looping version fails (CrashLoopBackOff); --rollback-on-failure restores the
# previous version; exit 6.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/crashloop API_VERSION=1.2.0 manifest bad
vs_rc rc apply --yes --timeout 60s --rollback-on-failure -o json > "$OUT/ev"
[[ $rc == 6 ]] || fail "exit $rc, want 6"
grep -q "^api Update failed CrashLoopBackOff" <<<"$(events "$OUT/ev" StepFinished)" || fail "no CrashLoopBackOff: $(events "$OUT/ev" StepFinished)"
grep -q "^web" <<<"$(events "$OUT/ev" StepFinished)" && fail "web (a dependent) was not skipped"
grep -q "^api Rollback succeeded" <<<"$(events "$OUT/ev" StepFinished)" || fail "api was not rolled back"
[[ "$(image_of api)" == example.com/api:1.0.0 ]] || fail "api image is $(image_of api) after rollback"
info ok

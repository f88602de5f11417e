# A failing preUpdate hook fails the step before the workload changes.
source "$(dirname "$0")/lib.sh"
API_HOOK=example.com/migrate manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_HOOK=example.com/crashloop-migrate API_VERSION=1.1.0 manifest bump
vs_rc rc apply --yes -o json > "$OUT/ev"
[[ $rc == 6 ]] || fail "exit $rc, want 6"
grep -q "^api Update failed HookFailed" <<<"$(events "$OUT/ev" StepFinished)" || fail "no HookFailed: $(events "$OUT/ev" StepFinished)"
[[ "$(image_of api)" == example.com/api:1.0.0 ]] || fail "api moved despite the failed hook: $(image_of api)"
info ok

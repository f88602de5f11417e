# A two-environment stage where one apply fails: production-us's own override (a crash-looping
# image) fails it; the stage stops, the summary reports both environments, and with
# --rollback-on-failure both return to the VersionSet they ran before (kubectl is the witness).
source "$(dirname "$0")/lib.sh"
manifest "v1"
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply to staging: $(cat "$OUT/a.err")"
vs promote > "$OUT/p1.out" 2> "$OUT/p1.err" || fail "first promote: $(cat "$OUT/p1.out" "$OUT/p1.err")"

# 1.1.0 runs fine in staging and production-eu; production-us's override crash-loops
API_VERSION=1.1.0 US_API_IMAGE=example.com/crashloop-api manifest "api 1.1.0; production-us on another image"
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply 1.1.0 to staging: $(cat "$OUT/a.err")"
vs_rc rc promote --rollback-on-failure --timeout 60s -o json > "$OUT/p2.json" 2> "$OUT/p2.err"
[[ $rc == 6 ]] || fail "a failing environment: exit $rc, want 6: $(tail -3 "$OUT/p2.json") $(tail -5 "$OUT/p2.err")"
python3 - "$OUT/p2.json" <<'PY' || fail "the summary: $(tail -1 "$OUT/p2.json")"
import json, sys
s = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert s["type"] == "PromotionSummary" and s["outcome"] == "failed", s
envs = {e["environment"]: e for e in s["environments"]}
assert envs["production-eu"]["outcome"] == "rolled back", envs
assert envs["production-us"]["outcome"].startswith("failed"), envs
assert envs["production-us"]["exitCode"] == 6 and "api" in envs["production-us"]["message"], envs
PY
for ns in "$NS-eu" "$NS-us"; do
  [[ $(version prod "$ns" api) == 1.0.0 ]] || fail "$ns runs api $(version prod "$ns" api) after the stage was put back"
done
grep -q crashloop <<<"$(kprod -n "$NS-us" get deploy api -o jsonpath='{.spec.template.spec.containers[0].image}')" &&
  fail "production-us still has the crash-looping image"

# without --rollback-on-failure the stage stops where it failed, and says so
vs_rc rc promote --timeout 60s > "$OUT/p3.out" 2> "$OUT/p3.err"
[[ $rc == 6 ]] || fail "again without rollback: exit $rc, want 6: $(cat "$OUT/p3.out")"
grep -Eq "production-eu +promoted" "$OUT/p3.out" || fail "production-eu's outcome not reported: $(cat "$OUT/p3.out")"
grep -Eq "production-us +failed" "$OUT/p3.out" || fail "production-us's outcome not reported: $(cat "$OUT/p3.out")"
[[ $(version prod "$NS-eu" api) == 1.1.0 ]] || fail "production-eu does not run 1.1.0"
info ok

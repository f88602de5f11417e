# reconcile --follow promoted: a reconciler watching production applies nothing until something
# is promoted there, never takes a newer unpromoted commit from the branch, and keeps the
# promoted one converged (drift undone, a deleted workload brought back at the promoted version).
source "$(dirname "$0")/lib.sh"
manifest "v1"
c1=$(head_commit)
reconcile_eu() { vs_rc rc --env production-eu reconcile --once --branch main --follow promoted > "$OUT/r.out" 2> "$OUT/r.err"; }
vs apply --env staging --yes >/dev/null 2>"$OUT/apply1.err" || fail "apply to staging: $(cat "$OUT/apply1.err")"

reconcile_eu
[[ $rc == 0 ]] || fail "nothing promoted yet: exit $rc: $(cat "$OUT/r.err")"
grep -q "nothing was promoted into production-eu" "$OUT/r.err" || fail "the round does not say it waits: $(cat "$OUT/r.err")"
[[ -z $(kprod get ns "$NS-eu" --ignore-not-found -o name) ]] || fail "the reconciler applied an unpromoted commit"

vs promote > "$OUT/p1.out" 2> "$OUT/p1.err" || fail "promote: $(cat "$OUT/p1.out" "$OUT/p1.err")"
[[ $(version prod "$NS-eu" api) == 1.0.0 ]] || fail "production-eu does not run api 1.0.0 after the promote"

# a newer commit on the branch, even converged in staging, is not promoted: the reconciler keeps c1
API_VERSION=1.1.0 manifest "api 1.1.0"
vs apply --env staging --yes >/dev/null 2>"$OUT/apply2.err" || fail "apply 1.1.0 to staging: $(cat "$OUT/apply2.err")"
kprod -n "$NS-eu" scale deploy/web --replicas=3 >/dev/null
reconcile_eu
[[ $rc == 0 ]] || fail "a round with drift: exit $rc: $(cat "$OUT/r.err")"
[[ $(version prod "$NS-eu" api) == 1.0.0 ]] || fail "the reconciler applied the unpromoted api $(version prod "$NS-eu" api)"
[[ $(kprod -n "$NS-eu" get deploy web -o jsonpath='{.spec.replicas}') == 1 ]] || fail "the drift was not undone"
vs history --env production-eu -o json > "$OUT/h.json"
python3 - "$OUT/h.json" "$c1" <<'PY' || fail "the reconcile record: $(head -c 600 "$OUT/h.json")"
import json, sys
r = json.load(open(sys.argv[1]))["records"][0]
assert r["operation"] == "reconcile" and r["commit"] == sys.argv[2], r
PY

# once promoted, the reconciler keeps the new one: a deleted workload comes back at 1.1.0, while
# a still newer tip (web 2.1.0) stays out
vs promote > "$OUT/p2.out" 2> "$OUT/p2.err" || fail "second promote: $(cat "$OUT/p2.out" "$OUT/p2.err")"
API_VERSION=1.1.0 WEB_VERSION=2.1.0 manifest "web 2.1.0, not promoted"
kprod -n "$NS-eu" delete deploy api --wait=true >/dev/null
reconcile_eu
[[ $rc == 0 ]] || fail "a round after a deleted workload: exit $rc: $(cat "$OUT/r.err")"
[[ $(version prod "$NS-eu" api) == 1.1.0 ]] || fail "api not brought back at the promoted 1.1.0: '$(version prod "$NS-eu" api)'"
[[ $(version prod "$NS-eu" web) == 2.0.0 ]] || fail "the reconciler took web $(version prod "$NS-eu" web) from the unpromoted tip"
# the branch mode still follows the tip
vs_rc rc --env production-eu reconcile --once --branch main > "$OUT/r2.out" 2> "$OUT/r2.err"
[[ $rc == 0 ]] || fail "--follow branch: exit $rc: $(cat "$OUT/r2.err")"
[[ $(version prod "$NS-eu" web) == 2.1.0 ]] || fail "--follow branch did not take the tip's web 2.1.0"
info ok

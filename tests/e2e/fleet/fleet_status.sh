# status --fleet: a column per environment in stage order, each cell the live version and state,
# a header per environment with the applied VersionSet; a control plane that is stopped is shown
# as unreachable while the others are still shown (exit 0); exit 5 only when none answers.
# log --fleet marks each VersionSet with where it is live.
source "$(dirname "$0")/lib.sh"
DR_STATE="$OUT/dr-testbed"
stop_dr() { "$TESTBED_SCRIPT" down --state "$DR_STATE" >/dev/null 2>&1 || true; }
trap 'stop_dr; cleanup' EXIT
"$TESTBED_SCRIPT" up --state "$DR_STATE" >/dev/null || fail "a third test bed did not start"
fleet_context dr "$DR_STATE"
write_kubeconfig
export KUBECONFIG=$FLEET_KUBECONFIG
EXTRA_ENVS="    dr: { context: dr, namespace: $NS-dr }"
manifest "v1"
c1=$(head_commit)
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply to staging: $(cat "$OUT/a.err")"
vs promote > "$OUT/p.out" 2> "$OUT/p.err" || fail "promote: $(cat "$OUT/p.out" "$OUT/p.err")"
vs apply --env dr --yes >/dev/null 2>"$OUT/a.err" || fail "apply to dr: $(cat "$OUT/a.err")"
API_VERSION=1.1.0 manifest "api 1.1.0"
c2=$(head_commit)
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply 1.1.0 to staging: $(cat "$OUT/a.err")"

vs status --fleet > "$OUT/s1.out" 2> "$OUT/s1.err" || fail "status --fleet: $(cat "$OUT/s1.out" "$OUT/s1.err")"
grep -q "4 environment(s), 4 answered" "$OUT/s1.out" || fail "header: $(cat "$OUT/s1.out")"
grep -Eq "^SERVICE +staging +production-eu +production-us +dr$" "$OUT/s1.out" || fail "columns not in stage order: $(cat "$OUT/s1.out")"
grep -Eq "^api +1.1.0 Run +1.0.0 Run +1.0.0 Run +1.0.0 Run$" "$OUT/s1.out" || fail "api row: $(cat "$OUT/s1.out")"
grep -Eq "^production-eu +production +prod +$NS-eu +${c1:0:7}  promote r1 succeeded \(from staging\)" "$OUT/s1.out" ||
  fail "production-eu's header: $(cat "$OUT/s1.out")"

vs log --fleet > "$OUT/log.out" 2> "$OUT/log.err" || fail "log --fleet: $(cat "$OUT/log.err")"
grep -Eq "^${c2:0:7} .*\[live: staging\]$" "$OUT/log.out" || fail "log does not mark ${c2:0:7} live in staging: $(cat "$OUT/log.out")"
grep -Eq "^${c1:0:7} .*\[live: production-eu, production-us, dr\]$" "$OUT/log.out" || fail "log marks of ${c1:0:7}: $(cat "$OUT/log.out")"

# the dr control plane stops: it is shown as unreachable, the others still answer
stop_dr
vs_rc rc status --fleet -o json > "$OUT/s2.json" 2> "$OUT/s2.err"
[[ $rc == 0 ]] || fail "one environment down: exit $rc, want 0: $(cat "$OUT/s2.err")"
python3 - "$OUT/s2.json" <<'PY' || fail "json: $(cat "$OUT/s2.json")"
import json, sys
d = json.load(open(sys.argv[1]))
envs = {e["environment"]: e for e in d["environments"]}
assert d["reachable"] == 3, d["reachable"]
assert not envs["dr"]["reachable"] and envs["dr"]["error"], envs["dr"]
assert envs["production-us"]["services"]["api"] == {"version": "1.0.0", "state": "Run"}, envs["production-us"]
assert envs["staging"]["applied"]["commit"] and envs["production-eu"]["applied"]["operation"] == "promote", envs
PY
vs status --fleet > "$OUT/s3.out" 2>&1 || fail "text with dr down"
grep -Eq "^dr +- +dr +$NS-dr +unreachable: " "$OUT/s3.out" || fail "dr not shown unreachable: $(cat "$OUT/s3.out")"
grep -Eq "^api +1.1.0 Run +1.0.0 Run +1.0.0 Run +\?$" "$OUT/s3.out" || fail "api row with dr down: $(cat "$OUT/s3.out")"

# no environment answers: exit 5 (every server address points at a closed port)
sed -E 's#server: https://127.0.0.1:[0-9]+#server: https://127.0.0.1:1#' "$FLEET_KUBECONFIG" > "$OUT/dead-kubeconfig"
vs_rc rc --kubeconfig "$OUT/dead-kubeconfig" status --fleet > "$OUT/s4.out" 2> "$OUT/s4.err"
[[ $rc == 5 ]] || fail "none answering: exit $rc, want 5: $(cat "$OUT/s4.out" "$OUT/s4.err")"
grep -q "no environment answered" "$OUT/s4.err" || fail "no reason on stderr: $(cat "$OUT/s4.err")"
info ok

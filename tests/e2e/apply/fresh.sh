# A fresh apply: every service reaches Run, dependencies first; a second apply does nothing.
# The plan digest `plan` shows for a new namespace is the one apply's run line and summary name.
source "$(dirname "$0")/lib.sh"
manifest init
vs plan -o json > "$OUT/plan" || fail "plan failed"
digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$OUT/plan")
vs apply --yes --plan-digest "$digest" -o json > "$OUT/ev" || fail "apply failed: $(tail -3 "$OUT/ev")"
grep -q "plan $digest" <<<"$(grep '"type":"RunStarted"' "$OUT/ev")" || fail "the run line names another plan than $digest: $(grep RunStarted "$OUT/ev")"
grep -q "\"planDigest\":\"$digest\"" <<<"$(grep '"type":"Summary"' "$OUT/ev")" || fail "the summary names another plan: $(grep Summary "$OUT/ev")"
order=$(events "$OUT/ev" StepFinished | awk '{print $1}' | tr '\n' ' ')
[[ "$order" == "db api web " ]] || fail "finish order is '$order', want db api web"
events "$OUT/ev" StepFinished | grep -v succeeded && fail "a step did not succeed"
grep -q '"state":"Run"' "$OUT/ev" || fail "no Run state in the events"
k -n "$NS" get statefulset db >/dev/null || fail "no StatefulSet db"
out=$(vs apply --yes 2>&1) || fail "second apply failed: $out"
grep -q "nothing to do" <<<"$out" || fail "second apply was not a no-op: $out"
info ok

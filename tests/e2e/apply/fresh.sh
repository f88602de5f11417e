# A fresh apply: every service reaches Run, dependencies first; a second apply does nothing.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes -o json > "$OUT/ev" || fail "apply failed: $(tail -3 "$OUT/ev")"
order=$(events "$OUT/ev" StepFinished | awk '{print $1}' | tr '\n' ' ')
[[ "$order" == "db api web " ]] || fail "finish order is '$order', want db api web"
events "$OUT/ev" StepFinished | grep -v succeeded && fail "a step did not succeed"
grep -q '"state":"Run"' "$OUT/ev" || fail "no Run state in the events"
k -n "$NS" get statefulset db >/dev/null || fail "no StatefulSet db"
out=$(vs apply --yes 2>&1) || fail "second apply failed: $out"
grep -q "nothing to do" <<<"$out" || fail "second apply was not a no-op: $out"
info ok

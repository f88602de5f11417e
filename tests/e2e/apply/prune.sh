# A removed service is left alone (and reported) without --prune, destroyed with it.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
WEB=0 manifest "remove web"
out=$(vs apply --yes 2>&1) || fail "apply without --prune failed: $out"
grep -q "left alone" <<<"$out" || fail "web not reported as left alone: $out"
k -n "$NS" get deploy web >/dev/null || fail "web was removed without --prune"
vs apply --yes --prune -o json > "$OUT/ev" || fail "apply --prune failed"
[[ "$(events "$OUT/ev" StepFinished)" == "web Destroy succeeded " ]] || fail "prune: $(events "$OUT/ev" StepFinished)"
k -n "$NS" get deploy web >/dev/null 2>&1 && fail "web is still there"
info ok

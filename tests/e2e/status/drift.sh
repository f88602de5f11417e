# kubectl scale is drift from the record: counted in the header, named in the row.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "apply failed"
k -n "$NS" scale deployment web --replicas=3 >/dev/null
until_json "$OUT/j" 60 'svc("web")["instances"]["ready"] == 3'
[[ "$(js "$OUT/j" 'd["summary"]["drifted"]')" == 1 ]] || fail "drifted: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'svc("web")["drift"]')" == "3 replicas, recorded 1" ]] || fail "web drift: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'svc("api")["drift"]')" == "" ]] || fail "api drifts: $(cat "$OUT/j")"
vs status > "$OUT/text" || fail "status failed"
grep -q "3 service(s), 1 drift from the record" "$OUT/text" || fail "header: $(cat "$OUT/text")"
grep -Eq "^web +2.0.0 +2.0.0 +3/3 +1..1 +Run .*drift: 3 replicas, recorded 1" "$OUT/text" || fail "web row: $(cat "$OUT/text")"
info ok

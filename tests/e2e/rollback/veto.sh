# A vetoed version is refused by plan, apply and rollback (exit 8, naming it, the reason and how
# to lift it) until it is lifted.
source "$(dirname "$0")/lib.sh"
three_versions
vs veto api@1.2.0 --reason "drops requests" > "$OUT/veto" 2>&1 || fail "veto failed: $(cat "$OUT/veto")"
vs veto --list -o json > "$OUT/list" || fail "veto --list failed"
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["vetoes"]; assert [(x["service"],x["version"],x["reason"]) for x in v]==[("api","1.2.0","drops requests")], v' "$OUT/list" ||
  fail "the list is $(cat "$OUT/list")"

DB_VERSION=16.3.0 API_VERSION=1.2.0 WEB_VERSION=2.1.0 WEB_API_RANGE="^1.1" commit four
vs_rc rc apply --yes > "$OUT/apply" 2>&1
[[ $rc == 8 ]] || fail "apply of a vetoed version exits $rc, want 8: $(cat "$OUT/apply")"
grep -q "api@1.2.0 is vetoed: drops requests (by .*); lift it with \`vsctl unveto api@1.2.0\`" "$OUT/apply" ||
  fail "the refusal does not name the veto: $(cat "$OUT/apply")"
vs_rc rc plan > "$OUT/plan" 2>&1
[[ $rc == 8 ]] || fail "plan of a vetoed version exits $rc, want 8"
[[ "$(image_of api)" == example.com/api:1.1.0 ]] || fail "api changed anyway: $(image_of api)"

# a rollback never lands on a vetoed version either
vs veto web@2.0.0 > /dev/null 2>&1 || fail "second veto failed"
vs_rc rc rollback web --to-revision 1 --yes > "$OUT/rb" 2>&1
[[ $rc == 8 ]] || fail "a rollback to a vetoed version exits $rc, want 8: $(cat "$OUT/rb")"
grep -q "web@2.0.0 is vetoed" "$OUT/rb" || fail "$(cat "$OUT/rb")"
vs_rc rc rollback --to-revision 1 --yes > "$OUT/rb" 2>&1
[[ $rc == 8 ]] || fail "a whole rollback to a vetoed version exits $rc, want 8: $(cat "$OUT/rb")"

vs unveto api@1.2.0 > "$OUT/unveto" 2>&1 || fail "unveto failed: $(cat "$OUT/unveto")"
vs apply --yes > "$OUT/apply" 2>&1 || fail "apply after unveto failed: $(cat "$OUT/apply")"
[[ "$(image_of api)" == example.com/api:1.2.0 ]] || fail "api is $(image_of api) after unveto and apply"
info ok

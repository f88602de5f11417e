# After an apply every service is in Run with its recorded version and the header names the
# commit; the same view from outside the repository with -n alone; exit 5 without a cluster.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "apply failed"
commit=$(git -C "$WORK" rev-parse HEAD)

vs status > "$OUT/text" || fail "status exited $?"
grep -q "^architecture fx in namespace $NS" "$OUT/text" || fail "header: $(cat "$OUT/text")"
grep -q "revision 1 (apply), commit ${commit:0:12}" "$OUT/text" || fail "no commit in the header: $(cat "$OUT/text")"
grep -q "3 service(s), 0 drift from the record" "$OUT/text" || fail "counts: $(cat "$OUT/text")"
for row in "db +16.2.0 +16.2.0 +1/1 +1..1 +Run +critical +pet" "api +1.0.0 +1.0.0 +1/1 +1..1 +Run +normal +cattle" \
           "web +2.0.0 +2.0.0 +1/1 +1..1 +Run +normal +cattle"; do
  grep -Eq "^$row" "$OUT/text" || fail "no row '$row': $(cat "$OUT/text")"
done

status_json "$OUT/j"
[[ "$(js "$OUT/j" 'd["applied"]["commit"]')" == "$commit" ]] || fail "json commit: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" '[s["name"] + " " + s["state"] + " " + s["desiredVersion"] + " " + s["liveVersions"][0]["version"] for s in d["services"]]')" == \
   $'api Run 1.0.0 1.0.0\ndb Run 16.2.0 16.2.0\nweb Run 2.0.0 2.0.0' ]] || fail "json rows: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'd["summary"]["drifted"]')" == 0 ]] || fail "json drift"

# outside the repository: the namespace alone finds the architecture from its record
(cd "$OUT" && "$VSCTL" -n "$NS" status > "$OUT/outside") || fail "status -n outside the repository failed"
grep -q "^architecture fx in namespace $NS" "$OUT/outside" || fail "outside: $(cat "$OUT/outside")"
grep -Eq "^api +1.0.0 +1.0.0 +1/1 +1..1 +Run" "$OUT/outside" || fail "outside rows: $(cat "$OUT/outside")"
# without -n and without a manifest: a usage error that says what to give
set +e
(cd "$OUT" && "$VSCTL" status 2> "$OUT/err"); rc=$?
set -e
[[ $rc == 2 ]] || fail "no namespace: exit $rc, want 2"
grep -q -- "-n NS" "$OUT/err" || fail "no hint: $(cat "$OUT/err")"

# an unreachable cluster: exit 5 with a message naming it
sed -E 's#(server: https://127.0.0.1:)[0-9]+#\11#' "$KUBECONFIG" > "$OUT/kubeconfig-down"
set +e
(cd "$OUT" && "$VSCTL" --kubeconfig "$OUT/kubeconfig-down" -n "$NS" status 2> "$OUT/err"); rc=$?
set -e
[[ $rc == 5 ]] || fail "unreachable cluster: exit $rc, want 5 ($(cat "$OUT/err"))"
grep -q "127.0.0.1:1" "$OUT/err" || fail "the message does not name the server: $(cat "$OUT/err")"
info ok

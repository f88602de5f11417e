#!/usr/bin/env bash
# Server-side apply: a second field manager changing a field owned by the first gets 409 Conflict
# with a FieldManagerConflict cause; with force=true it takes the field over.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns

path="/api/v1/namespaces/$NS/configmaps/cfg"
apply() { # apply MANAGER VALUE [EXTRA_QUERY]
  api PATCH "$path?fieldManager=$1${3:-}" -H 'Content-Type: application/apply-patch+yaml' --data-binary @- <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  key: "$2"
YAML
}
status_of() { tail -n1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }

out=$(apply alpha one)
[[ $(status_of "$out") == 201 ]] || fail "first apply: want 201 Created, got $(status_of "$out"): $(body_of "$out")"

out=$(apply beta two)
code=$(status_of "$out")
[[ "$code" == 409 ]] || fail "conflicting apply: want 409, got $code: $(body_of "$out")"
body_of "$out" | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["kind"] == "Status" and s["reason"] == "Conflict" and s["code"] == 409, s
causes = s["details"]["causes"]
assert any(c["reason"] == "FieldManagerConflict" and c["field"] == ".data.key" for c in causes), causes
assert "alpha" in s["message"], s["message"]
print("409:", s["message"])
' || fail "409 body lacks a FieldManagerConflict cause for .data.key: $(body_of "$out")"

out=$(apply beta two '&force=true')
[[ $(status_of "$out") == 200 ]] || fail "forced apply: want 200, got $(status_of "$out"): $(body_of "$out")"
body_of "$out" | python3 -c '
import json, sys
o = json.load(sys.stdin)
assert o["data"]["key"] == "two", o["data"]
owners = [m["manager"] for m in o["metadata"]["managedFields"]
          if "f:key" in m.get("fieldsV1", {}).get("f:data", {})]
assert owners == ["beta"], owners
' || fail "after force, .data.key should be 'two' and owned by beta alone: $(body_of "$out")"
info "ok: 409 FieldManagerConflict, then force=true moved ownership to beta"

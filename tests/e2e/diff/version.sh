#!/usr/bin/env bash
# A version bump: Update with both versions, the same objects as kubectl diff; an older version
# is a Rollback.
source "$(dirname "$0")/lib.sh"
shop
apply_rendered
shop WEB_VERSION=1.1.0
vsctl_diff
expect_rc 1
expect_eq "$(service_change web)" Update "change of web"
expect_eq "$(jqr '[s["fromVersion"] + " -> " + s["toVersion"] for s in d["services"] if s["name"] == "web"][0]')" "1.0.0 -> 1.1.0" "versions"
expect_eq "$(service_change api)" None "change of api"
same_as_kubectl
text=$(vsctl_text)
grep -q "^web  *Update  *1.0.0 -> 1.1.0" <<<"$text" || fail "summary line: $text"
grep -q "^-    app.kubernetes.io/version: 1.0.0" <<<"$text" || fail "diff lines: $text"
grep -q "^+        image: example.com/web:1.1.0" <<<"$text" || fail "image line: $text"

# an older version: Rollback (semver precedence)
shop WEB_VERSION=0.9.0
vsctl_diff
expect_rc 1
expect_eq "$(service_change web)" Rollback "change of web"
text=$(vsctl_text)
grep -q "^web  *Rollback  *1.0.0 -> 0.9.0" <<<"$text" || fail "summary line: $text"
grep -q "^=== web: Rollback 1.0.0 -> 0.9.0$" <<<"$text" || fail "section head: $text"
info "ok: version bump and rollback"

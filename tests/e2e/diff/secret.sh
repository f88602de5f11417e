#!/usr/bin/env bash
# A Secret value changed: masked like kubectl (*** (before) / *** (after)) with a digest, an
# unchanged value stays ***; --show-secrets shows the values.
source "$(dirname "$0")/lib.sh"
shop
apply_rendered
shop SECRET=djI=
vsctl_diff
expect_rc 1
same_as_kubectl
expect_eq "$(jqr '[c for o in d["objects"] if o["kind"] == "Secret" for c in o["changed"] if c.startswith("/data")]')" "/data/token" "changed data"
text=$(vsctl_text)
grep -Eq "^-  token: [\"']?\*\*\* \(before\) [0-9a-f]{8}[\"']?$" <<<"$text" || fail "masked before: $text"
grep -Eq "^\+  token: [\"']?\*\*\* \(after\) [0-9a-f]{8}[\"']?$" <<<"$text" || fail "masked after: $text"
grep -Eq "^   other: [\"']?\*\*\*[\"']?$" <<<"$text" || fail "unchanged value: $text"
if grep -q 'djI=\|djE=\|b3RoZXI=' <<<"$text"; then fail "a secret value leaked: $text"; fi
if grep -q 'djI=\|djE=' "$DIFF_JSON"; then fail "a secret value leaked into JSON"; fi
shown=$(vsctl_text --show-secrets)
grep -q '^-  token: djE=' <<<"$shown" || fail "--show-secrets: $shown"
grep -q '^+  token: djI=' <<<"$shown" || fail "--show-secrets: $shown"
info "ok: secret masked and marked changed"

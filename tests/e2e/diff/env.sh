#!/usr/bin/env bash
# An environment variable changed: Update, the same objects as kubectl diff.
source "$(dirname "$0")/lib.sh"
shop
apply_rendered
shop WEB_MODE=safe
vsctl_diff
expect_rc 1
expect_eq "$(service_change web)" Update "change of web"
same_as_kubectl
text=$(vsctl_text)
grep -q "^+          value: safe" <<<"$text" || fail "diff lines: $text"
info "ok: env change"

#!/usr/bin/env bash
# Just applied: no difference, exit 0, and no dry-run needed for any object.
source "$(dirname "$0")/lib.sh"
shop
apply_rendered
vsctl_diff
expect_rc 0
expect_eq "$(jqr 'd["differences"]')" false "differences"
expect_eq "$(jqr 'len(d["objects"])')" 0 "objects reported"
same_as_kubectl
out=$("$VSCTL" -C "$WORK" -v diff 2>&1 >/dev/null)
grep -q ", 0 dry-run applies," <<<"$out" || fail "a dry-run was made for an unchanged architecture: $out"
text=$(vsctl_text)
grep -q "^No differences: 3 services match the cluster.$" <<<"$text" || fail "text output: $text"
info "ok: just applied, no differences, no dry-run"

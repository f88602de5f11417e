#!/usr/bin/env bash
# --base: the change from the base VersionSet apart from drift already in the cluster.
source "$(dirname "$0")/lib.sh"
shop
commit base
apply_rendered
k -n "$NS" scale deployment web --replicas=4 >/dev/null
shop WEB_VERSION=1.1.0
commit change
vsctl_diff HEAD --base HEAD~1
expect_rc 1
expect_eq "$(jqr 'd["base"]')" "HEAD~1" "base"
expect_eq "$(jqr '[s["change"] for s in d["change"]["services"] if s["name"] == "web"][0]')" Update "the change"
expect_eq "$(jqr '[s["change"] for s in d["drift"]["services"] if s["name"] == "web"][0]')" Scale "the drift (only replicas: Scale)"
expect_eq "$(jqr '[s["drift"] for s in d["drift"]["services"] if s["name"] == "web"][0]')" true "drift flag of the drift"
expect_eq "$(jqr '[c for o in d["change"]["objects"] for c in o["changed"] if "replicas" in c]')" "" "replicas in the change"
expect_eq "$(jqr '[c for o in d["drift"]["objects"] for c in o["changed"]]')" "/spec/replicas" "drift paths"
text=$(vsctl_text HEAD --base HEAD~1)
grep -q "^Changes from HEAD~1 to HEAD:" <<<"$text" || fail "text: $text"
grep -q "^Drift already in the cluster (against HEAD~1):" <<<"$text" || fail "text: $text"
info "ok: three-way view"

#!/usr/bin/env bash
# A service removed from the VersionSet: its objects are shown as removals (what apply --prune
# removes). kubectl diff -f cannot see them (they are in no file); everything else agrees.
source "$(dirname "$0")/lib.sh"
shop
apply_rendered
shop API=0
vsctl_diff
expect_rc 1
expect_eq "$(service_change api)" Destroy "change of api"
removed=$(jqr '[o["kind"] + "/" + o["name"] for o in d["objects"] if o["action"] == "Remove"]' | sort | tr '\n' ' ')
expect_eq "$removed" "Deployment/api HorizontalPodAutoscaler/api Service/api " "removed objects"
mine=$(vsctl_changed | grep -v '\.api$' || true)
theirs=$(kubectl_changed)
[[ "$mine" == "$theirs" ]] || fail "besides removals, vsctl ($mine) and kubectl ($theirs) disagree"
info "ok: kubectl diff shows none of the 3 removals; vsctl shows them and agrees on the rest"

#!/usr/bin/env bash
# Instances changed: Scale, fixed replicas and an autoscaler's range alike.
source "$(dirname "$0")/lib.sh"
shop
apply_rendered
shop WEB_MIN=3 WEB_MAX=3 API_MAX=6
vsctl_diff
expect_rc 1
expect_eq "$(service_change web)" Scale "change of web"
expect_eq "$(jqr '[s["fromInstances"] + " -> " + s["toInstances"] for s in d["services"] if s["name"] == "web"][0]')" "2 -> 3" "web instances"
expect_eq "$(service_change api)" Scale "change of api"
expect_eq "$(jqr '[s["fromInstances"] + " -> " + s["toInstances"] for s in d["services"] if s["name"] == "api"][0]')" "2-4 -> 2-6" "api instances"
same_as_kubectl
info "ok: instance change"

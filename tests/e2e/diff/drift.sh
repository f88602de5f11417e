#!/usr/bin/env bash
# People changed the cluster: kubectl scale and kubectl set env. vsctl shows both as drift that
# apply takes back; kubectl's server-side diff shows the scale but not the env var, which
# server-side apply alone would keep (vsctl's manager never owned it).
source "$(dirname "$0")/lib.sh"
shop
apply_rendered
k -n "$NS" scale deployment web --replicas=5 >/dev/null
k -n "$NS" set env deployment/web EXTRA=1 >/dev/null
vsctl_diff
expect_rc 1
expect_eq "$(service_change web)" Update "change of web (drift is the reason, not the kind)"
expect_eq "$(jqr '[s["drift"] for s in d["services"] if s["name"] == "web"][0]')" true "drift flag of web"
managers=$(jqr 'sorted(set(f["manager"] for o in d["objects"] for f in o["drift"]))' | tr '\n' ' ')
expect_eq "$managers" "kubectl kubectl-set " "drift managers (kubectl scale records itself as kubectl)"
expect_eq "$(jqr '[f["path"] for o in d["objects"] for f in o["drift"] if f["removed"]][0]')" \
  ".spec.template.spec.containers[name=web].env[name=EXTRA]" "removed drift"
kd=$(render | k diff --server-side --force-conflicts --field-manager=vsctl -f - || true)
grep -q '^+  replicas: 2' <<<"$kd" || fail "kubectl diff should show the scale: $kd"
if grep -q 'EXTRA' <<<"$kd"; then fail "kubectl diff unexpectedly shows the env var: $kd"; fi
text=$(vsctl_text)
grep -q '^-        - name: EXTRA' <<<"$text" || fail "vsctl should show the env var removed: $text"
grep -q '^web  *Update (drift) ' <<<"$text" || fail "summary line: $text"
grep -q '^=== web: Update (drift)$' <<<"$text" || fail "section head: $text"
grep -q '^# drift: .spec.replicas was changed by kubectl; apply sets it back' <<<"$text" || fail "drift note: $text"
info "ok: vsctl shows the env var drift that kubectl diff --server-side cannot"

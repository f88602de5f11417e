#!/usr/bin/env bash
# The test bed's users: admin (token, system:masters), cert-admin (client certificate, cluster-admin
# through RBAC) and restricted (a Role in namespace "restricted" only: 403 anywhere else).
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"

whoami_of() { k --kubeconfig "$1" auth whoami -o jsonpath='{.status.userInfo.username} {.status.userInfo.groups}'; }
who=$(whoami_of "$KUBECONFIG")
[[ "$who" == "admin "*system:masters* ]] || fail "admin kubeconfig authenticates as '$who'"
who=$(whoami_of "$TESTBED_KUBECONFIG_CERT")
[[ "$who" == "cert-admin "*testbed:cert-users* ]] || fail "cert kubeconfig authenticates as '$who'"
grep -q 'client-certificate-data' "$TESTBED_KUBECONFIG_CERT" || fail "cert kubeconfig has no client certificate"
k --kubeconfig "$TESTBED_KUBECONFIG_CERT" get nodes >/dev/null || fail "cert-admin cannot list nodes"
for f in "$KUBECONFIG" "$TESTBED_KUBECONFIG_CERT" "$TESTBED_KUBECONFIG_RESTRICTED"; do
  grep -q 'certificate-authority-data' "$f" || fail "$f has no embedded CA"
done

R=(k --kubeconfig "$TESTBED_KUBECONFIG_RESTRICTED")
name="cm-$RANDOM"
"${R[@]}" create configmap "$name" -n restricted --from-literal=a=b >/dev/null ||
  fail "restricted user cannot create a ConfigMap in its namespace"
on_exit k delete configmap "$name" -n restricted --ignore-not-found
"${R[@]}" get configmap "$name" -n restricted >/dev/null || fail "restricted user cannot read back its ConfigMap"

# outside its namespace: 403 from the API itself, with the Status body saying Forbidden
token=$(awk '/token:/{print $2}' "$TESTBED_KUBECONFIG_RESTRICTED")
for path in /api/v1/namespaces/default/configmaps /api/v1/pods /api/v1/nodes; do
  out=$(curl -sS --max-time 10 --cacert "$TESTBED_CA" -H "Authorization: Bearer $token" -w '\n%{http_code}' "$TESTBED_SERVER$path")
  code=$(tail -n1 <<<"$out")
  [[ "$code" == 403 ]] || fail "restricted GET $path: want 403, got $code"
  sed '$d' <<<"$out" | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["reason"]=="Forbidden", s' ||
    fail "restricted GET $path: body is not a Forbidden Status"
done
if "${R[@]}" get pods -n default >/dev/null 2>&1; then fail "kubectl as restricted listed pods in default"; fi
[[ $("${R[@]}" auth can-i create deployments -n restricted) == yes ]] || fail "can-i in restricted should be yes"
[[ $("${R[@]}" auth can-i get pods -n default 2>/dev/null || true) == no ]] || fail "can-i in default should be no"
info "ok: admin, cert-admin and restricted users behave; 403 outside namespace restricted"

# A permanent server error is an answer, not an outage: an admission webhook that cannot be called
# (failurePolicy Fail) makes the API server answer every write of a Deployment in this namespace
# with 500 "failed calling webhook" and its Status. The apply fails at once with the server's
# message and exit 5, instead of waiting for the "away" server until the step's deadline.
source "$(dirname "$0")/lib.sh"
manifest init
k create namespace "$NS" >/dev/null
hook="vsctl-e2e-refuse-$NS"
trap 'k delete validatingwebhookconfiguration "$hook" --ignore-not-found >/dev/null 2>&1; cleanup' EXIT
k apply -f - >/dev/null <<YAML
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: $hook }
webhooks:
  - name: refuse.vsctl.test
    clientConfig: { url: "https://127.0.0.1:1/validate" }
    rules: [ { apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] } ]
    namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: $NS } }
    failurePolicy: Fail
    sideEffects: None
    admissionReviewVersions: [v1]
    timeoutSeconds: 2
YAML
start=$SECONDS
vs_rc rc apply --yes --timeout 90s > "$OUT/out" 2> "$OUT/err"
took=$((SECONDS - start))
[[ $rc == 5 ]] || fail "a write the server refuses: exit $rc, want 5: $(tail -5 "$OUT/err")"
((took < 45)) || fail "the apply waited ${took}s for a server that had answered"
grep -q "failed calling webhook" "$OUT/out" || fail "the server's message is not quoted: $(cat "$OUT/out")"
grep -q "the API server is away" "$OUT/out" "$OUT/err" && fail "an answer was taken for an outage: $(cat "$OUT/err")"
info "failed in ${took}s"
info ok

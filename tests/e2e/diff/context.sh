#!/usr/bin/env bash
# Cluster selection: the environment's context is used unless --context says otherwise, and a
# --context that is not the environment's is refused (exit 8) without --force-context; -n moves
# the architecture to another namespace.
source "$(dirname "$0")/lib.sh"
shop
cat >>"$WORK/architecture.yaml" <<YAML
  environments:
    staging: { context: staging-cluster, namespace: $NS }
YAML
current=$(k config current-context)
set +e
"$VSCTL" -C "$WORK" diff --env staging --context "$current" >/dev/null 2>"$WORK/err"; rc=$?
set -e
expect_eq "$rc" 8 "exit code of a refused context"
grep -q -- "--force-context" "$WORK/err" || fail "the refusal should name --force-context: $(cat "$WORK/err")"
set +e
"$VSCTL" -C "$WORK" diff --env staging >/dev/null 2>"$WORK/err"; rc=$?
set -e
expect_eq "$rc" 5 "exit code when the environment's context is not in the kubeconfig"
grep -q 'context "staging-cluster"' "$WORK/err" || fail "the error should name the context: $(cat "$WORK/err")"
vsctl_diff --env staging --context "$current" --force-context -n "$NS-moved"
expect_rc 1
expect_eq "$(jqr 'd["namespace"]')" "$NS-moved" "namespace from -n"
expect_eq "$(jqr 'sorted(set(o["namespace"] for o in d["objects"] if o["kind"] != "Namespace"))')" "$NS-moved" "objects' namespace"
info "ok: context refused without --force-context, -n moves the namespace"

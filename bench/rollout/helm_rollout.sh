#!/usr/bin/env bash
# An ordered rollout as a plain script does it with Helm: `helm upgrade --install --wait`, one
# release at a time, in dependency order (the baseline helmfile's needs: improve on).
#
#   helm_rollout.sh HELM KUBECONFIG DIR NAMESPACE     (DIR as bench/rollout/peers.py writes it)
set -euo pipefail
helm=$1 kubeconfig=$2 dir=$3 ns=$4
while read -r s; do
  "$helm" --kubeconfig "$kubeconfig" upgrade --install "$s" "$dir/charts/$s" -n "$ns" \
    --create-namespace --wait --timeout 10m >/dev/null
done <"$dir/order.txt"

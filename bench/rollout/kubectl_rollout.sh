#!/usr/bin/env bash
# An ordered rollout as a user's script does it with kubectl alone: apply every object, then wait
# for the workloads depth by depth (dependencies first), those of one depth together.
#
#   kubectl_rollout.sh KUBECTL KUBECONFIG DIR NAMESPACE     (DIR as bench/rollout/peers.py writes it)
set -euo pipefail
kubectl=$1 kubeconfig=$2 dir=$3 ns=$4
k() { "$kubectl" --kubeconfig "$kubeconfig" "$@"; }
k apply --server-side --force-conflicts --field-manager=bench -f "$dir/objects.yaml" >/dev/null
for layer in $(ls "$dir/layers" | sort -n); do
  pids=()
  while read -r w; do
    [[ -n $w ]] || continue
    k rollout status -n "$ns" "$w" --timeout=10m >/dev/null & pids+=($!)
  done <"$dir/layers/$layer"
  for p in "${pids[@]}"; do wait "$p"; done
done

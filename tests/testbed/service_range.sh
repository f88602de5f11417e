#!/usr/bin/env bash
# The Service IP range (10.0.0.0/16) holds well over the 1,000 Services the scale tests and
# benchmarks make: 1,100 Services in one namespace all get a ClusterIP (a /24 ran out at ~250).
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns
file=$(mktemp)
on_exit rm -f "$file"
for i in $(seq 1 1100); do
  printf -- '---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d}\nspec: {selector: {app: s%d}, ports: [{port: 80}]}\n' "$i" "$i"
done > "$file"
k create -n "$NS" -f "$file" >/dev/null || fail "creating 1,100 Services failed"
n=$(k get -n "$NS" services -o jsonpath='{range .items[*]}{.spec.clusterIP}{"\n"}{end}' | grep -c '^10\.0\.')
[[ $n == 1100 ]] || fail "$n of 1,100 Services got a ClusterIP in 10.0.0.0/16"
info ok

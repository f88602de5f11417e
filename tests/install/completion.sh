#!/usr/bin/env bash
# tests/install/completion.sh VSCTL SOURCE_DIR: sources `vsctl completion bash` in this bash and
# asks it for candidates the way bash does (COMP_WORDS, COMP_CWORD, then the completion
# function), in a scratch git repository holding examples/shop. zsh and fish scripts are parsed
# by their shells when those are installed.
set -uo pipefail
vsctl=$(realpath "$1")
src=$2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vsctl-completion.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
status=0

cp -r "$src/examples/shop/." "$scratch/"
git -C "$scratch" init -q -b main
git -C "$scratch" -c user.name=t -c user.email=t@example.com add -A
git -C "$scratch" -c user.name=t -c user.email=t@example.com commit -qm shop
git -C "$scratch" tag v1
cd "$scratch" || exit 1

# shellcheck disable=SC1090
source <("$vsctl" completion bash) || { echo "completion: the bash script does not source"; exit 1; }
complete -p vsctl >/dev/null || { echo "completion: no completion registered for vsctl"; exit 1; }

# candidates "LINE": the candidates for the last word of the line after "vsctl " (an empty
# word when the line ends with a space), one per line, sorted.
candidates() {
  local -a words
  read -r -a words <<<"$1"
  [[ -z $1 || $1 == *" " ]] && words+=("")
  COMP_WORDS=("$vsctl" "${words[@]}")
  COMP_CWORD=${#words[@]}
  COMP_LINE="vsctl $1"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _vsctl
  printf '%s\n' "${COMPREPLY[@]}" | sort
}

# expect "WORDS" WANTED...: each WANTED is among the candidates.
expect() {
  local words=$1; shift
  local got
  got=$(candidates "$words")
  for want in "$@"; do
    if ! grep -qx -- "$want" <<<"$got"; then
      echo "completion: 'vsctl $words<TAB>' does not offer '$want'; it offers: $(tr '\n' ' ' <<<"$got")"
      status=1
    fi
  done
}

# expect_not "WORDS" UNWANTED...
expect_not() {
  local words=$1; shift
  local got
  got=$(candidates "$words")
  for bad in "$@"; do
    if grep -qx -- "$bad" <<<"$got"; then
      echo "completion: 'vsctl $words<TAB>' offers '$bad'"
      status=1
    fi
  done
}

# Every visible command is offered at the top, and no hidden one.
while read -r cmd; do
  [[ $cmd == *" "* ]] && continue
  expect "" "$cmd"
done < <("$vsctl" __complete commands)
expect "" validate render graph completion
expect_not "" __complete __man
expect "va" validate
expect "hook " install
expect "show -" -o --output --help -C --env
expect "validate -o " text json sarif github
expect "render --output " yaml json
expect "graph -o " dot svg
expect "completion " bash zsh fish
expect "--env " staging production
expect "render --env " staging production
expect "show " HEAD main v1
expect "diff HEAD " HEAD main v1
expect "rollback " cart frontend postgres
expect "rollback cart " payments redis
expect "log --service " catalog
expect "-C " k8s
expect_not "validate -o " yaml
expect_not "show --output " sarif
# -C and -f on the line are honoured for names from the manifest
mkdir -p "$scratch/other"
cat >"$scratch/other/arch.yaml" <<'YAML'
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: tiny }
spec:
  namespace: tiny
  services:
    lonely: { image: example/lonely, version: 1.0.0 }
YAML
expect "-f other/arch.yaml rollback " lonely
expect_not "-f other/arch.yaml rollback " cart
(cd /tmp && expect "-C $scratch rollback " cart)

for shell in zsh fish; do
  if command -v "$shell" >/dev/null; then
    "$vsctl" completion "$shell" >"$scratch/completion.$shell"
    if ! "$shell" -n "$scratch/completion.$shell"; then
      echo "completion: $shell -n rejects the $shell script"
      status=1
    fi
  else
    echo "completion: $shell is not installed; its script was not parsed"
  fi
done
if command -v fish >/dev/null; then
  # fish loads the script and completes from it
  got=$(HOME=$scratch fish --no-config -c "source $scratch/completion.fish; complete -C 'vsctl validate -o '" 2>&1)
  grep -q '^sarif' <<<"$got" || { echo "completion: fish does not offer sarif for 'vsctl validate -o ': $got"; status=1; }
  got=$(HOME=$scratch fish --no-config -c "source $scratch/completion.fish; complete -C 'vsctl '" 2>&1)
  grep -q '^validate' <<<"$got" || { echo "completion: fish does not offer validate: $got"; status=1; }
fi
((status == 0)) && echo "completion: ok"
exit $status

#!/usr/bin/env bash
# tests/install/install.sh BUILD_DIR SOURCE_DIR: installs into a temporary prefix and checks
# every file there, then that the installed pieces work.
set -euo pipefail
build=$1
src=$2
prefix=$(mktemp -d "${TMPDIR:-/tmp}/vsctl-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install: $*" >&2; exit 1; }

cmake --build "$build" --target vsctl_generated >/dev/null
cmake --install "$build" --prefix "$prefix" >/dev/null

for f in bin/vsctl share/vsctl/architecture.schema.json share/bash-completion/completions/vsctl \
         share/zsh/site-functions/_vsctl share/fish/vendor_completions.d/vsctl.fish share/man/man1/vsctl.1; do
  [[ -s $prefix/$f ]] || fail "missing or empty: $f"
done
[[ -x $prefix/bin/vsctl ]] || fail "bin/vsctl is not executable"
# the kubectl plugin: a link to the binary, found by kubectl on PATH
[[ -L $prefix/bin/kubectl-vsctl && $(readlink "$prefix/bin/kubectl-vsctl") == vsctl ]] ||
  fail "bin/kubectl-vsctl is not a link to vsctl"
[[ $("$prefix/bin/kubectl-vsctl" --version) == "$("$prefix/bin/vsctl" --version)" ]] || fail "kubectl-vsctl is not vsctl"
if command -v kubectl >/dev/null; then
  out=$(PATH="$prefix/bin:$PATH" kubectl vsctl --version 2>&1) || fail "kubectl vsctl --version failed: $out"
  [[ $out == "$("$prefix/bin/vsctl" --version)" ]] || fail "kubectl vsctl runs something else: $out"
fi
cmp -s "$src/schemas/architecture.schema.json" "$prefix/share/vsctl/architecture.schema.json" ||
  fail "the installed schema differs from schemas/architecture.schema.json"

# One man page per visible command, and no other.
while read -r cmd; do
  page=$prefix/share/man/man1/vsctl-${cmd// /-}.1
  [[ -s $page ]] || fail "no man page for vsctl $cmd ($page)"
done < <("$prefix/bin/vsctl" __complete commands)
want=$(( $("$prefix/bin/vsctl" __complete commands | wc -l) + 1 ))
have=$(find "$prefix/share/man/man1" -name '*.1' | wc -l)
((want == have)) || fail "$have man pages, expected $want"
[[ ! -e $prefix/share/man/man1/vsctl-__man.1 ]] || fail "a hidden command has a man page"

# The installed completion is the one the installed binary prints.
diff <("$prefix/bin/vsctl" completion bash) "$prefix/share/bash-completion/completions/vsctl" >/dev/null ||
  fail "the installed bash completion is stale"

# The man pages render without warnings.
if command -v man >/dev/null; then
  out=$(MANWIDTH=80 man -l "$prefix/share/man/man1/vsctl-show.1" 2>&1 >/dev/null) || fail "man -l failed: $out"
  [[ -z $out ]] || fail "man -l warns: $out"
  grep -q 'EXAMPLES' <<<"$(MANWIDTH=80 man -l "$prefix/share/man/man1/vsctl-show.1" 2>/dev/null)" ||
    fail "vsctl-show(1) has no EXAMPLES section"
  grep -q 'vsctl-validate(1)' <<<"$(MANWIDTH=80 man -l "$prefix/share/man/man1/vsctl.1" 2>/dev/null)" ||
    fail "vsctl(1) does not list vsctl-validate(1)"
fi
if command -v groff >/dev/null; then
  for page in "$prefix"/share/man/man1/*.1; do
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || fail "groff fails on $(basename "$page")"
    [[ -z $warnings ]] || fail "groff warns on $(basename "$page"): $warnings"
  done
fi
echo "install: ok ($have man pages)"

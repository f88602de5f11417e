# Completion never runs what a repository says: a service key, an environment name, a branch and
# a tag named `$(touch${IFS}PWNED)` create no file when bash, zsh or fish completes, and are
# not offered (vsctl __complete offers only names the manifest accepts, and branch and tag
# names a shell takes as they are).
source "$(dirname "$0")/lib.sh"

new_repo "$TMP/repo"
shop 2.2.0 7.2.4 ">=2.2.0 <3.0.0" '    "$(touch${IFS}PWNED)":
      image: registry.example.com/shop/evil
      version: 1.0.0
    "`touch${IFS}BACKTICK`":
      image: registry.example.com/shop/evil
      version: 1.0.0
  environments:
    staging: {}
    "$(touch${IFS}PWNED_ENV)": {}'
commit "shop"
git branch 'feature/ok'
git branch '$(touch${IFS}PWNED_BRANCH)'
git tag '$(touch${IFS}PWNED_TAG)'
git tag 'v1'

pwned() {  # any file the names would have created, here or in the scratch home
  find "$TMP" -name 'PWNED*' -o -name 'BACKTICK*' | head -n1
}
[[ -z $(pwned) ]] || fail "setup created $(pwned)"

# __complete offers only valid names, whatever shell asks.
run __complete services
expect_rc 0
expect_out "cart
frontend
redis"
run __complete envs
expect_out "staging"
run __complete revs
expect_out "HEAD
feature/ok
main
v1"
[[ -z $(pwned) ]] || fail "__complete created $(pwned)"

# bash, driven as bash drives a completion function.
# shellcheck disable=SC1090
source <("$VSCTL" completion bash)
candidates() {  # WORDS...: the candidates for the last word, one per line
  COMP_WORDS=("$VSCTL" "$@")
  COMP_CWORD=$#
  COMP_LINE="vsctl $*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _vsctl
  printf '%s\n' "${COMPREPLY[@]}"
}
for line in "show|" "rollback|" "diff|HEAD|" "log|--service|" "--env|" "render|--env|" "show|--|" "show|\$" "rollback|\$("; do
  IFS='|' read -r -a words <<<"$line"
  [[ $line == *"|" ]] && words+=("")
  got=$(candidates "${words[@]}")
  [[ -z $(pwned) ]] || fail "bash completing 'vsctl ${words[*]}' created $(pwned)"
  [[ $got != *PWNED* && $got != *BACKTICK* ]] || fail "bash offers a hostile name for 'vsctl ${words[*]}': $got"
done
[[ $(candidates show "") == *feature/ok* ]] || fail "bash does not offer the branch feature/ok"
[[ $(candidates rollback "") == *cart* ]] || fail "bash does not offer the service cart"
[[ $(candidates --env "") == staging ]] || fail "bash does not offer the environment staging"
[[ $(candidates validate -o s) == sarif ]] || fail "bash does not offer sarif"

# zsh, with the completion system's builtins replaced by ones that print what they are given.
if command -v zsh >/dev/null; then
  "$VSCTL" completion zsh >"$TMP/_vsctl"
  for line in "show ''" "rollback ''" "diff HEAD ''" "--env ''"; do
    got=$(zsh -f -c "compdef() { :; }; compadd() { print -rl -- \"\$@\"; }; _describe() { :; }; _files() { :; }
      source $TMP/_vsctl; words=($VSCTL $line); CURRENT=\${#words}; _vsctl" 2>&1)
    [[ -z $(pwned) ]] || fail "zsh completing 'vsctl $line' created $(pwned)"
    [[ $got != *PWNED* ]] || fail "zsh offers a hostile name for 'vsctl $line': $got"
  done
  [[ $got == *staging* ]] || fail "zsh does not offer the environment staging: $got"
fi

# fish, which completes through its own complete -C.
if command -v fish >/dev/null; then
  "$VSCTL" completion fish >"$TMP/vsctl.fish"
  for line in "vsctl show " "vsctl rollback " "vsctl --env "; do
    got=$(PATH="$(dirname "$VSCTL"):$PATH" fish --no-config -c "source $TMP/vsctl.fish; complete -C '$line'" 2>&1)
    [[ -z $(pwned) ]] || fail "fish completing '$line' created $(pwned)"
    [[ $got != *PWNED* ]] || fail "fish offers a hostile name for '$line': $got"
  done
  got=$(PATH="$(dirname "$VSCTL"):$PATH" fish --no-config -c "source $TMP/vsctl.fish; complete -C 'vsctl rollback '" 2>&1)
  [[ $got == *cart* ]] || fail "fish does not offer the service cart: $got"
fi
info ok

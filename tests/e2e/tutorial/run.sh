#!/usr/bin/env bash
# Runs the tutorial, docs/getting-started.md, as written: every command of its ```console blocks
# (lines starting with "$ "), in order, in one bash session whose HOME is a scratch directory,
# with vsctl on PATH and the test bed's kubeconfig. Each command must exit as the document says:
# 0, or the N of a trailing "# exit N". Blocks of other languages (building vsctl, starting the
# control plane) are what this script does itself and are not run.
#
#   run.sh                 the test (needs TESTBED_STATE, TESTBED_SCRIPT, VSCTL; SOURCE_ROOT)
#   UPDATE=1 run.sh        rewrite each block's output in the document with what the commands
#                          print now (in namespace shop, as a reader would see it)
set -uo pipefail
SOURCE_ROOT=${SOURCE_ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}
doc=$SOURCE_ROOT/docs/getting-started.md
vsctl=$(realpath "${VSCTL:?VSCTL: the vsctl binary}")
update=${UPDATE:-0}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vsctl-tutorial.XXXXXX")
ns=tutorial-$$
# shellcheck disable=SC2317
cleanup() {
  # destroy keeps the namespace (it holds the record); a later run must not see it as the same
  # architecture's
  if [[ $update != 1 && -n ${TESTBED_KUBECTL:-} ]]; then
    "$TESTBED_KUBECTL" delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/bin" "$scratch/home"
ln -s "$vsctl" "$scratch/bin/vsctl"

# shellcheck disable=SC1090
source <("${TESTBED_SCRIPT:?}" env --state "${TESTBED_STATE:?}") || { echo "tutorial: no test bed" >&2; exit 1; }

# The commands: "BLOCK<TAB>EXIT<TAB>COMMAND" per line.
commands=$scratch/commands
awk '
  /^```console[ \t]*$/ { inblock = 1; block++; next }
  /^```/ { inblock = 0; next }
  inblock && /^\$ / {
    cmd = substr($0, 3); rc = 0
    if (match(cmd, /[ \t]+# exit [0-9]+$/)) { rc = substr(cmd, RSTART); sub(/.*# exit /, "", rc); }
    printf "%d\t%d\t%s\n", block, rc, cmd
  }' "$doc" >"$commands"
n=$(wc -l <"$commands")
((n > 0)) || { echo "tutorial: no \`\`\`console blocks with \$ commands in $doc" >&2; exit 1; }

# One script: each command, then a marker with its exit code.
script=$scratch/tutorial.sh
{
  echo 'cd "$SOURCE_ROOT" || exit 99'
  if [[ $update != 1 ]]; then
    # each run in a namespace of its own, so that tests may run side by side
    echo "vsctl() { command vsctl -n $ns \"\$@\"; }"
  fi
  i=0
  while IFS=$'\t' read -r _ _ cmd; do
    i=$((i + 1))
    printf '%s\n' "$cmd"
    printf 'echo "@@tutorial-rc $? %d"\n' "$i"
  done <"$commands"
} >"$script"

log=$scratch/log
(cd "$SOURCE_ROOT" && GIT_AUTHOR_NAME="A Reader" GIT_AUTHOR_EMAIL=reader@example.com \
  GIT_COMMITTER_NAME="A Reader" GIT_COMMITTER_EMAIL=reader@example.com HOME=$scratch/home PATH="$scratch/bin:$PATH" NO_COLOR=1 SOURCE_ROOT=$SOURCE_ROOT \
  bash "$script" </dev/null >"$log" 2>&1)

status=0
i=0
declare -a outputs
out=''
while IFS= read -r line; do
  if [[ $line =~ ^@@tutorial-rc\ ([0-9]+)\ ([0-9]+)$ ]]; then
    i=${BASH_REMATCH[2]}
    outputs[i]=$out
    rcs[i]=${BASH_REMATCH[1]}
    out=''
  else
    out+="${line//$scratch\/home/\~}"$'\n'
  fi
done <"$log"

i=0
while IFS=$'\t' read -r _ want cmd; do
  i=$((i + 1))
  got=${rcs[i]:-none}
  if [[ $got != "$want" ]]; then
    echo "tutorial: command $i \`$cmd\` exited $got, the tutorial says $want; it printed:"
    printf '%s' "${outputs[i]:-}" | sed 's/^/    /'
    status=1
  fi
done <"$commands"
if [[ -n $out ]]; then
  echo "tutorial: the commands stopped early; last output:"
  printf '%s' "$out" | sed 's/^/    /'
  status=1
fi

if [[ $update == 1 ]]; then
  # Rewrite each console block: its commands, each followed by what it printed.
  tmp=$scratch/doc
  i=0
  inblock=0
  while IFS= read -r line; do
    if ((inblock)); then
      if [[ $line == '```'* ]]; then
        inblock=0
        printf '%s\n' "$line"
      elif [[ $line == '$ '* ]]; then
        i=$((i + 1))
        printf '%s\n' "$line"
        printf '%s' "${outputs[i]:-}" | sed 's/[ \t]*$//'
      fi
      continue
    fi
    printf '%s\n' "$line"
    [[ $line =~ ^\`\`\`console[[:space:]]*$ ]] && inblock=1
  done <"$doc" >"$tmp"
  cp "$tmp" "$doc"
  echo "tutorial: rewrote the output of $i commands in $doc"
fi
((status == 0)) && echo "tutorial: ok ($n commands)"
exit $status

# Output that cannot be written is an error, for every command: stdout at /dev/full (ENOSPC) or
# past a file-size limit (ulimit -f, EFBIG) exits 2 with a message on stderr, never 0 with the
# output lost or cut short.
source "$(dirname "$0")/lib.sh"

new_repo "$TMP/repo"
shop 2.2.0 7.2.4
commit "one"
shop 2.3.0 7.2.4
commit "two"

# full CMD...: vsctl with stdout at /dev/full; sets ERR and RC (OUT is empty).
full() {
  set +e
  "$VSCTL" "$@" >/dev/full 2>"$TMP/err"
  RC=$?
  set -e
  OUT=
  ERR=$(cat "$TMP/err")
}

for cmd in "render" "render -o json" "show" "show HEAD~1 -o json" "log" "log -o json" "graph" "graph -o svg" \
  "validate" "validate -o sarif" "validate -o json" "diff HEAD~1 HEAD" "completion bash" "__complete services" "--help" \
  "render --help" "--version"; do
  # shellcheck disable=SC2086
  full $cmd
  [[ $RC == 2 ]] || fail "vsctl $cmd >/dev/full exited $RC, not 2; stderr: $ERR"
  [[ $ERR == *"vsctl: cannot write the output to stdout: No space left on device"* ]] ||
    fail "vsctl $cmd >/dev/full does not say why it failed: $ERR"
done

# an error already reported keeps its own exit code
full show nope
expect_rc 4

# past a file-size limit: the truncated file is reported, not left behind as a success
set +e
(ulimit -f 1 && exec "$VSCTL" render) >"$TMP/out.yaml" 2>"$TMP/err"
RC=$?
set -e
ERR=$(cat "$TMP/err")
[[ $(stat -c %s "$TMP/out.yaml") -le 1024 ]] || fail "the file-size limit did not apply"
[[ $RC == 2 ]] || fail "render past ulimit -f exited $RC, not 2; stderr: $ERR"
[[ $ERR == *"cannot write the output to stdout: File too large"* ]] || fail "render past ulimit -f: $ERR"

# a complete write is still a success
run render
expect_rc 0
[[ $(printf '%s\n' "$OUT" | wc -c) -gt 1024 ]] || fail "render's output is too short for the file-size test"
info ok

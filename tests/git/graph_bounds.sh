# graph -o svg runs Graphviz bounded: too many services are refused before dot starts (exit 2,
# saying what to do); SIGTERM stops vsctl and the dot it started (exit 130, no dot left, no temp
# file); a dot that refuses the graph is reported with its words. A stand-in `dot` first in PATH
# plays the slow and the failing Graphviz.
source "$(dirname "$0")/lib.sh"
new_repo "$TMP/repo"
{
  printf 'apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata: { name: big }\nspec:\n  namespace: big\n  services:\n'
  for i in $(seq 1 2001); do printf '    s%d: { image: example.com/s, version: 1.0.0 }\n' "$i"; done
} > architecture.yaml
run graph -o svg
expect_rc 2
expect_err_has "2001 services are more than Graphviz lays out in reasonable time (at most 2000): use -o dot"

shop 2.2.0 7.0.0
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "started $$" > "%s/dot.pid"\nexec sleep 300\n' "$TMP" > "$TMP/bin/dot"
chmod +x "$TMP/bin/dot"
export TMPDIR="$TMP/tmp"
mkdir -p "$TMPDIR"
PATH="$TMP/bin:$PATH" "$VSCTL" graph -o svg > "$TMP/svg" 2> "$TMP/err" &
pid=$!
for _ in $(seq 1 50); do [[ -s "$TMP/dot.pid" ]] && break; sleep 0.1; done
[[ -s "$TMP/dot.pid" ]] || fail "the stand-in dot never started: $(cat "$TMP/err")"
dot_pid=$(awk '{print $2}' "$TMP/dot.pid")
kill -TERM "$pid"
set +e; wait "$pid"; rc=$?; set -e
[[ $rc == 130 ]] || fail "graph -o svg after SIGTERM: exit $rc, want 130: $(cat "$TMP/err")"
sleep 0.2
kill -0 "$dot_pid" 2>/dev/null && fail "dot ($dot_pid) is still running after vsctl stopped"
[[ -z "$(ls -A "$TMPDIR")" ]] || fail "temporary files left: $(ls "$TMPDIR")"

printf '#!/bin/sh\ncat > /dev/null\necho "Error: <stdin>: syntax error in line 1" >&2\nexit 1\n' > "$TMP/bin/dot"
PATH="$TMP/bin:$PATH" run graph -o svg
expect_rc 2
expect_err_has "dot -Tsvg refused the graph (Error: <stdin>: syntax error in line 1); -o dot prints the graph it was given"
info ok

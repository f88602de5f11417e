# shellcheck shell=bash
# Helpers for the status and history tests (sourced): the apply tests' fixture architecture
# (tests/e2e/apply/lib.sh: db <- api <- web in a namespace of its own) plus JSON queries.
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../apply/lib.sh"

# js FILE EXPR: evaluates a Python expression over the JSON document `d` of FILE and prints it
# (lists one item per line).
js() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def svc(name):
    return next(s for s in d["services"] if s["name"] == name)
v = eval(sys.argv[2])
print("\n".join(map(str, v)) if isinstance(v, list) else v)
' "$1" "$2"; }

# status_json FILE [ARGS...]: vsctl status -o json into FILE (exit 0 required)
status_json() { local f=$1; shift; vs status -o json "$@" > "$f" || fail "vsctl status -o json failed"; }

# until_json FILE SECONDS EXPR: status -o json into FILE until EXPR holds (or fail)
until_json() {
  local f=$1 secs=$2 expr=$3 end=$((SECONDS + $2))
  while ((SECONDS < end)); do
    vs status -o json > "$f" 2>/dev/null && [[ "$(js "$f" "$expr")" == True ]] && return 0
    sleep 1
  done
  fail "after ${secs}s, not true: $expr: $(cat "$f")"
}

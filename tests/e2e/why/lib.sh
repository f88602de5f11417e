# shellcheck shell=bash
# Helpers for the "why is it blocked" tests (sourced): the status tests' helpers (the fixture
# architecture db <- api <- web in a namespace of its own, JSON queries) and the record's
# failed steps.
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../status/lib.sh"

# failed_message FILE NAME: the message the newest record keeps for the failed step of NAME
# (FILE: vsctl history -o json)
failed_message() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(next(c.get("message", "") for c in d["records"][0]["changed"] if c["name"] == sys.argv[2] and c["outcome"] == "failed"))
' "$1" "$2"; }

# finished_message FILE NAME: the message of the StepFinished event of NAME (FILE: apply -o json)
finished_message() { python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if not line.startswith("{"): continue
    e = json.loads(line)
    if e.get("type") == "StepFinished" and e.get("service") == sys.argv[2]: print(e.get("message", ""))
' "$1" "$2"; }

# has FILE TEXT: FILE holds TEXT (fixed string), or the test fails naming both
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks '$2': $(cat "$1")"; }

# re TEXT: TEXT as an extended regular expression that matches it literally
re() { printf '%s' "$1" | sed 's/[][().*^$+?{}|\\/]/\\&/g'; }

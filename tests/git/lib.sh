# shellcheck shell=bash
# Helpers for the git tests (sourced). ctest sets VSCTL; by hand:
#   VSCTL=build/src/vsctl bash tests/git/log.sh
set -euo pipefail
TEST_NAME=$(basename "$0" .sh)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${VSCTL:=$REPO_ROOT/build/src/vsctl}"
VSCTL=$(cd "$(dirname "$VSCTL")" && pwd)/$(basename "$VSCTL")
fail() { printf 'FAIL [%s]: %s\n' "$TEST_NAME" "$*" >&2; exit 1; }
info() { printf '[%s] %s\n' "$TEST_NAME" "$*"; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP NO_COLOR=1
tick=1700000000
# Commits get increasing, fixed dates so output is stable.
next_date() { tick=$((tick + 3600)); export GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000"; }

# new_repo DIR: an empty repository on branch main.
new_repo() {
  git init -q -b main "$1"
  cd "$1"
}

# commit MESSAGE [PATH...]: commit everything (or PATHs) with the next date.
commit() {
  local msg=$1
  shift
  next_date
  if (($#)); then git add -- "$@"; else git add -A; fi
  git commit -q --allow-empty -m "$msg"
}

# run ARGS...: vsctl with ARGS; sets OUT, ERR and RC.
run() {
  set +e
  "$VSCTL" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

expect_rc() { [[ "$RC" == "$1" ]] || fail "vsctl exited $RC, not $1; stdout: $OUT; stderr: $ERR"; }
expect_out() { [[ "$OUT" == "$1" ]] || fail "stdout differs:"$'\n'"--- expected"$'\n'"$1"$'\n'"--- got"$'\n'"$OUT"; }
expect_err() { [[ "$ERR" == "$1" ]] || fail "stderr differs:"$'\n'"--- expected"$'\n'"$1"$'\n'"--- got"$'\n'"$ERR"; }
expect_out_has() { [[ "$OUT" == *"$1"* ]] || fail "stdout lacks: $1"$'\n'"--- got"$'\n'"$OUT"; }
expect_err_has() { [[ "$ERR" == *"$1"* ]] || fail "stderr lacks: $1"$'\n'"--- got"$'\n'"$ERR"; }

# shop CART REDIS [FRONTEND_RANGE_ON_CART] [EXTRA_SERVICES]: write architecture.yaml.
shop() {
  local cart=$1 redis=$2 range=${3:->=2.2.0 <3.0.0}
  cat >architecture.yaml <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata:
  name: shop
spec:
  defaults:
    resources: { cpu: 100m, memory: 64Mi }
  services:
    cart:
      image: registry.example.com/shop/cart
      version: $cart
      instances: { min: 2, max: 2 }
      dependsOn: { redis: ">=7" }
    frontend:
      image: registry.example.com/shop/frontend
      version: 1.4.2
      dependsOn:
        cart: "$range"
    redis:
      image: redis
      version: $redis
${4:-}
YAML
}

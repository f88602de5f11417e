# shellcheck shell=bash
# Helpers for the rollback tests (sourced): the apply tests' fixture (db <- api <- web, see
# ../apply/lib.sh) with web's range on api variable, and a three-VersionSet history applied.
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../apply/lib.sh"

# commit MSG: the fixture manifest, web's range on api set to WEB_API_RANGE, committed.
WEB_API_RANGE="^1"
commit() {
  manifest "$1"
  sed -i "s|dependsOn: { api: \"^1\" }|dependsOn: { api: \"$WEB_API_RANGE\" }|" "$WORK/architecture.yaml"
  git -C "$WORK" commit -qa --amend --no-edit --allow-empty
}

# Three VersionSets, each applied (records 1, 2, 3):
#   1  db 16.2.0  api 1.0.0  web 2.0.0 (api ~1.0)
#   2  db 16.2.0  api 1.1.0  web 2.1.0 (api ^1.1)
#   3  db 16.3.0  api 1.1.0  web 2.1.0 (api ^1.1)
three_versions() {
  WEB_API_RANGE="~1.0" commit one
  vs apply --yes >/dev/null 2>&1 || fail "apply of the first VersionSet failed"
  API_VERSION=1.1.0 WEB_VERSION=2.1.0 WEB_API_RANGE="^1.1" commit two
  vs apply --yes >/dev/null 2>&1 || fail "apply of the second VersionSet failed"
  DB_VERSION=16.3.0 API_VERSION=1.1.0 WEB_VERSION=2.1.0 WEB_API_RANGE="^1.1" commit three
  vs apply --yes >/dev/null 2>&1 || fail "apply of the third VersionSet failed"
}

# versions: "db=V api=V web=V" as the cluster runs them (the workloads' images).
versions() {
  local db api web
  db=$(k -n "$NS" get statefulset db -o jsonpath='{.spec.template.spec.containers[0].image}')
  api=$(image_of api)
  web=$(image_of web)
  echo "db=${db##*:} api=${api##*:} web=${web##*:}"
}

# order FILE: the services of the StepStarted events, in order, with their change
order() { events "$1" StepStarted | awk '{print $1 ":" $2}' | paste -sd' '; }

# operation N: the operation the header of record N says (the record is gzip'd JSON).
operation() {
  k -n "$NS" get secret "vsctl.fx.v$1" -o jsonpath='{.data.record}' | base64 -d | gzip -dc |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["operation"])'
}

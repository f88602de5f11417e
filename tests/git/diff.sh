# vsctl diff REV1 REV2: service by service, field by field, classified; exit 0 / 1.
source "$(dirname "$0")/lib.sh"

new_repo "$TMP/repo"
shop 2.2.0 7.2.4 ">=2.2.0 <3.0.0" "    legacy:
      image: registry.example.com/shop/legacy
      version: 0.9.1"
commit "one"
shop 2.3.0 7.2.4 ">=2.2.0 <3.0.0" "    search:
      image: registry.example.com/shop/search
      version: 1.0.0"
sed -i 's/min: 2, max: 2/min: 3, max: 3/' architecture.yaml
sed -i 's/      image: redis/      image: redis\n      env: { MAXMEMORY: 1gb }/' architecture.yaml
sed -i 's|      image: registry.example.com/shop/frontend|      image: registry.example.com/shop/frontend\n      instances: { min: 2, max: 4 }|' architecture.yaml
commit "two"
s() { git rev-parse --short=7 "$1"; }

run diff HEAD~1 HEAD
expect_rc 1
expect_out "diff $(s HEAD~1) (HEAD~1) -> $(s HEAD) (HEAD): 5 services differ
~ cart  Update  2.2.0 -> 2.3.0
    instances.max:  2 -> 3
    instances.min:  2 -> 3
    version:        \"2.2.0\" -> \"2.3.0\"
~ frontend  Scale  1.4.2
    autoscale:      (none) -> {\"cpu\":80}
    instances.max:  1 -> 4
    instances.min:  1 -> 2
- legacy  Destroy  0.9.1
~ redis  Update  7.2.4
    env:  (none) -> {\"MAXMEMORY\":\"1gb\"}
+ search  Provision  1.0.0"

run diff HEAD HEAD~1
expect_rc 1
expect_out_has "~ cart  Rollback  2.3.0 -> 2.2.0"
expect_out_has "- search  Destroy  1.0.0"

run diff HEAD HEAD~1 -o json
expect_rc 1
expect_out_has '"kind": "Provision"'
expect_out_has '"kind": "Rollback"'
expect_out_has '"service": "legacy"'
expect_out_has "\"commit\": \"$(git rev-parse HEAD~1)\""

run diff HEAD main
expect_rc 0
expect_out "diff $(s HEAD) (HEAD) -> $(s HEAD) (main): no differences"

run diff HEAD nope
expect_rc 4
expect_err "vsctl diff: unknown revision \"nope\": no such commit, branch or tag"
info ok

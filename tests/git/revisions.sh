# Reading VersionSets at revisions: every spelling of REV, diagnostics named <short-sha>:<path>,
# bare repositories, worktrees, subdirectories, -f, and what is refused (unknown revisions, not a
# repository, symlinks, paths leaving the tree, oversized blobs).
source "$(dirname "$0")/lib.sh"

new_repo "$TMP/repo"
shop 2.2.0 7.2.4
commit "shop"
git tag v1
shop 2.3.0 7.2.4
commit "cart 2.3.0"
echo docs >README
commit "docs"
shop 2.3.0 6.0.0
commit "redis 6 (breaks cart)"
bad=$(git rev-parse --short=7 HEAD)

info "validate at each spelling of a revision"
for rev in v1 main~1 HEAD~2 "$(git rev-parse HEAD~1)" "$(git rev-parse --short HEAD~1)" 'main@{1}'; do
  run validate "$rev"
  expect_rc 0
done
run validate HEAD
expect_rc 3
expect_err_has "$bad:architecture.yaml:13:27: error: services.cart.dependsOn.redis: \"cart\" needs redis \">=7\", but redis has version 6.0.0"
expect_err_has "$bad:architecture.yaml: invalid: 1 error, 0 warnings"

info "show and render at a revision"
run show v1
expect_rc 0
expect_out "VersionSet $(git rev-parse --short=7 v1) \"shop\" (architecture.yaml): architecture shop, namespace shop, 3 services
SERVICE   VERSION  INSTANCES  IMPORTANCE  RECOVERY  DEPENDS ON
cart      2.2.0    2          normal      cattle    redis >=7
frontend  1.4.2    1          normal      cattle    cart >=2.2.0 <3.0.0
redis     7.2.4    1          normal      cattle    -"
run render v1
expect_rc 0
expect_out_has "image: registry.example.com/shop/cart:2.2.0"

info "unknown revisions and directories outside git exit 4"
run validate no-such-branch
expect_rc 4
expect_err "vsctl validate: unknown revision \"no-such-branch\": no such commit, branch or tag"
run -C "$TMP" show HEAD
expect_rc 4
expect_err_has "is not in a git repository"
echo 'x' >"$TMP/empty-marker"
new_repo "$TMP/empty"
run show HEAD
expect_rc 4
expect_err "vsctl show: unknown revision \"HEAD\": the repository has no commits yet"
cd "$TMP/repo"
run validate "$(git rev-parse HEAD:README)"
expect_rc 4
expect_err_has "does not name a commit"
run validate HEAD~2 -f nowhere.yaml
expect_rc 4
expect_err_has "cannot read the manifest at \"HEAD~2\""

info "bare repositories, worktrees and subdirectories"
git clone -q --bare "$TMP/repo" "$TMP/bare.git"
run -C "$TMP/bare.git" show v1 -o json
expect_rc 0
expect_out_has '"version": "2.2.0"'
git worktree add -q "$TMP/wt" v1 2>/dev/null
run -C "$TMP/wt" validate main~1
expect_rc 0
mkdir -p sub/dir
run -C sub/dir validate v1
expect_rc 0
expect_out "$(git rev-parse --short=7 v1):architecture.yaml: valid: 3 services, 0 environments"

info "-f: a manifest below the root, objects files relative to it"
mkdir -p deploy/k8s
shop 1.0.0 7.2.4 ">=1.0.0" "      objects: [ k8s/extra.yaml ]"
mv architecture.yaml deploy/architecture.yaml
cat >deploy/k8s/extra.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata: { name: extra }
YAML
commit "deploy/"
run -f deploy/architecture.yaml validate HEAD
expect_rc 0
run -C deploy -f architecture.yaml show HEAD -o json
expect_rc 0
expect_out_has '"source": "'"$(git rev-parse --short=7 HEAD)"':deploy/architecture.yaml"'

info "symlinks are not followed, paths may not leave the tree"
ln -sf extra.yaml deploy/k8s/link.yaml
sed -i 's|objects: \[ k8s/extra.yaml \]|objects: [ k8s/link.yaml, ../../outside.yaml ]|' deploy/architecture.yaml
commit "links"
head=$(git rev-parse --short=7 HEAD)
run -f deploy/architecture.yaml validate HEAD
expect_rc 3
expect_err_has "$head:deploy/architecture.yaml:22:18: error: services.redis.objects: cannot read \"deploy/k8s/link.yaml\": \"deploy/k8s/link.yaml\" is (or is inside) a symlink, which vsctl does not follow in git"
expect_err_has "services.redis.objects: \"../../outside.yaml\" must be a relative path that stays inside the repository"
ln -sf deploy/architecture.yaml linked.yaml
commit "a symlinked manifest"
run -f linked.yaml validate HEAD
expect_rc 4
expect_err_has "is (or is inside) a symlink"

info "oversized manifests are refused before they are read"
head -c 9000000 /dev/zero | tr '\0' '#' >architecture.yaml
commit "huge"
run validate HEAD
expect_rc 4
expect_err_has "bytes, more than the limit of 8388608"
info ok

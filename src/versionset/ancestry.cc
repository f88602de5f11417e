#include "versionset/ancestry.h"

#include <git2.h>

#include "versionset/libgit2.h"

#include <memory>

namespace vsctl::versionset {

namespace {

util::Result<git_oid> resolve(git_repository* repo, const std::string& rev, const std::string& what) {
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo, (rev + "^{commit}").c_str()) != 0)
    return util::fail(util::ErrorKind::Git, what + " " + rev + " is not a commit of this repository: " + libgit2_error());
  git_oid id = *git_object_id(obj);
  git_object_free(obj);
  return id;
}

}  // namespace

util::Result<Ancestry> in_history(const std::string& root, const std::string& commit, const std::string& ref) {
  init_libgit2();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, root.c_str(), 0, nullptr) != 0)
    return util::fail(util::ErrorKind::Git, root + " is not a git repository: " + libgit2_error());
  std::unique_ptr<git_repository, decltype(&git_repository_free)> repo(raw, git_repository_free);
  VSCTL_TRY(c, resolve(repo.get(), commit, "commit"));
  VSCTL_TRY(tip, resolve(repo.get(), ref, "branch"));
  Ancestry a;
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &tip);
  a.tip = buf;
  if (git_oid_equal(&c, &tip)) {
    a.in_history = true;
    return a;
  }
  int r = git_graph_descendant_of(repo.get(), &tip, &c);
  if (r < 0) return util::fail(util::ErrorKind::Git, "cannot walk the history of " + ref + ": " + libgit2_error());
  a.in_history = r == 1;
  return a;
}

}  // namespace vsctl::versionset

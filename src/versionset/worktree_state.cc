#include "versionset/worktree_state.h"

#include <git2.h>

#include "versionset/libgit2.h"

#include <memory>

namespace vsctl::versionset {

namespace {

std::string hex(const git_oid* id) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, id);
  return buf;
}

}  // namespace

util::Result<GitState> git_state(const std::string& root, const std::string& dir, const std::string& rev) {
  init_libgit2();
  GitState st;
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, root.c_str(), 0, nullptr) != 0) {
    if (!rev.empty()) return util::fail(util::ErrorKind::Git, root + " is not a git repository: " + libgit2_error());
    return st;  // not in git: nothing to record but the tree digest
  }
  std::unique_ptr<git_repository, decltype(&git_repository_free)> repo(raw, git_repository_free);
  st.in_git = true;
  git_object* obj = nullptr;
  std::string spec = rev.empty() ? "HEAD" : rev;
  if (git_revparse_single(&obj, repo.get(), (spec + "^{commit}").c_str()) != 0) {
    if (!rev.empty()) return util::fail(util::ErrorKind::Git, "unknown revision " + rev + ": " + libgit2_error());
  } else {
    st.commit = hex(git_object_id(obj));
    git_object_free(obj);
  }
  if (!rev.empty()) return st;
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  std::string path = dir.empty() ? std::string() : dir + "/";
  char* specs[1] = {path.data()};
  if (!path.empty()) {
    opts.pathspec.strings = specs;
    opts.pathspec.count = 1;
  }
  git_status_list* list = nullptr;
  if (git_status_list_new(&list, repo.get(), &opts) != 0)
    return util::fail(util::ErrorKind::Git, "git status failed: " + libgit2_error());
  std::size_t n = git_status_list_entrycount(list);
  for (std::size_t i = 0; i < n; ++i) {
    const git_status_entry* e = git_status_byindex(list, i);
    if (!e || e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED)) continue;
    st.dirty = true;
    const git_diff_delta* d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
    if (d && st.dirty_paths.size() < 5) st.dirty_paths.push_back(d->new_file.path ? d->new_file.path : "?");
  }
  git_status_list_free(list);
  return st;
}

}  // namespace vsctl::versionset

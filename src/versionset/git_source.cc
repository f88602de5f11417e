#include "versionset/git_source.h"

#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>

#include "util/strings.h"
#include "versionset/libgit2.h"

namespace vsctl::versionset {

namespace {

Oid from_git(const git_oid* o) {
  Oid out;
  std::memcpy(out.bytes.data(), o->id, out.bytes.size());
  return out;
}

git_oid to_git(const Oid& o) {
  git_oid out;
  std::memcpy(out.id, o.bytes.data(), o.bytes.size());
  return out;
}

template <class T, void (*Free)(T*)>
struct Owned {
  T* p = nullptr;
  ~Owned() {
    if (p) Free(p);
  }
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
};

using OwnedObject = Owned<git_object, git_object_free>;
using OwnedCommit = Owned<git_commit, git_commit_free>;
using OwnedTree = Owned<git_tree, git_tree_free>;
using OwnedOdbObject = Owned<git_odb_object, git_odb_object_free>;

std::string first_line(const char* message) {
  if (!message) return {};
  std::string_view m(message);
  auto nl = m.find('\n');
  return std::string(util::trim(m.substr(0, nl)));
}

}  // namespace

struct GitSource::Impl {
  git_repository* repo = nullptr;
  git_odb* odb = nullptr;
  ~Impl() {
    if (odb) git_odb_free(odb);
    if (repo) git_repository_free(repo);
  }
};

GitSource::GitSource(std::unique_ptr<Impl> impl, RepoPaths paths) : impl_(std::move(impl)), paths_(std::move(paths)) {}
GitSource::~GitSource() = default;

namespace {
// The top directory of the repository `dir` is in, when its .git belongs to another user.
std::optional<std::string> foreign_repository(const std::string& dir) {
  std::error_code ec;
  auto at = std::filesystem::absolute(dir, ec);
  if (ec) return std::nullopt;
  for (auto p = at.lexically_normal(); !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat((p / ".git").c_str(), &st) == 0) {
      if (st.st_uid == ::geteuid()) return std::nullopt;
      std::string top = p.string();
      while (top.size() > 1 && top.back() == '/') top.pop_back();
      return top;
    }
    if (p == p.parent_path()) break;
  }
  return std::nullopt;
}
}  // namespace

util::Result<std::unique_ptr<GitSource>> GitSource::open(const std::string& dir) {
  init_libgit2();
  auto impl = std::make_unique<Impl>();
  int rc = git_repository_open_ext(&impl->repo, dir.c_str(), 0, nullptr);
  // libgit2 refuses a repository another user owns (as git does since 2.35.2), answering "not
  // found" (1.5) or GIT_EOWNER (later): name the check and the way to trust it
  if (rc == GIT_EOWNER || rc == GIT_ENOTFOUND)
    if (auto top = foreign_repository(dir))
      return util::fail(util::ErrorKind::Git, "the git repository at " + util::quote(*top) +
                                                  " belongs to another user, and git (vsctl with it) reads such a "
                                                  "repository only once it is trusted: git config --global --add safe.directory " +
                                                  *top);
  if (rc == GIT_ENOTFOUND)
    return util::fail(util::ErrorKind::Git, util::quote(dir) + " is not in a git repository (nor is any parent directory); "
                                                               "use -C DIR to name one");
  if (rc < 0) return util::fail(util::ErrorKind::Git, "cannot open the git repository at " + util::quote(dir) + ": " + libgit2_error());
  if (git_repository_odb(&impl->odb, impl->repo) < 0)
    return util::fail(util::ErrorKind::Git, "cannot open the object database: " + libgit2_error());
  RepoPaths paths;
  if (const char* p = git_repository_path(impl->repo)) paths.git_dir = p;
  if (const char* p = git_repository_commondir(impl->repo)) paths.common_dir = p;
  if (const char* p = git_repository_workdir(impl->repo)) paths.workdir = p;
  return std::unique_ptr<GitSource>(new GitSource(std::move(impl), std::move(paths)));
}

util::Result<Oid> GitSource::resolve(std::string_view rev) {
  std::string spec(rev);
  if (spec.empty() || spec.front() == '-' || spec.find('\0') != std::string::npos)
    return util::fail(util::ErrorKind::Git, "unknown revision " + util::quote(spec));
  OwnedObject obj;
  int rc = git_revparse_single(&obj.p, impl_->repo, spec.c_str());
  if (rc < 0) {
    std::string why = rc == GIT_EAMBIGUOUS ? "it is ambiguous; give more digits"
                      : git_repository_head_unborn(impl_->repo) == 1 ? "the repository has no commits yet"
                                                                     : "no such commit, branch or tag";
    return util::fail(util::ErrorKind::Git, "unknown revision " + util::quote(spec) + ": " + why);
  }
  OwnedObject peeled;
  if (git_object_peel(&peeled.p, obj.p, GIT_OBJECT_COMMIT) < 0)
    return util::fail(util::ErrorKind::Git, "revision " + util::quote(spec) + " does not name a commit: " + libgit2_error());
  return from_git(git_object_id(peeled.p));
}

util::Result<CommitInfo> GitSource::commit(const Oid& id) {
  git_oid gid = to_git(id);
  OwnedCommit c;
  if (git_commit_lookup(&c.p, impl_->repo, &gid) < 0)
    return util::fail(util::ErrorKind::Git, "cannot read commit " + id.hex() + ": " + libgit2_error());
  CommitInfo info;
  info.id = id;
  info.tree = from_git(git_commit_tree_id(c.p));
  if (git_commit_parentcount(c.p) > 0) info.parent = from_git(git_commit_parent_id(c.p, 0));
  info.time = static_cast<std::int64_t>(git_commit_time(c.p));
  info.offset_minutes = git_commit_time_offset(c.p);
  if (const git_signature* a = git_commit_author(c.p); a && a->name) info.author = a->name;
  info.subject = first_line(git_commit_summary(c.p));
  return info;
}

util::Result<Entry> GitSource::entry(const Oid& tree_id, std::string_view path) {
  git_oid gid = to_git(tree_id);
  OwnedTree tree;
  if (git_tree_lookup(&tree.p, impl_->repo, &gid) < 0)
    return util::fail(util::ErrorKind::Git, "cannot read tree " + tree_id.hex() + ": " + libgit2_error());
  if (path.empty()) return Entry{EntryKind::Tree, tree_id};
  // One component at a time, so a symlink or submodule on the way is reported as such and
  // never followed.
  OwnedTree sub;
  const git_tree* current = tree.p;
  auto parts = util::split(path, '/');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const git_tree_entry* e = git_tree_entry_byname(current, parts[i].c_str());
    if (!e) return Entry{EntryKind::Missing, {}};
    Oid eid = from_git(git_tree_entry_id(e));
    git_filemode_t mode = git_tree_entry_filemode(e);
    bool last = i + 1 == parts.size();
    if (mode == GIT_FILEMODE_LINK) return Entry{EntryKind::Symlink, eid};
    if (mode == GIT_FILEMODE_COMMIT) return Entry{EntryKind::Submodule, eid};
    if (mode == GIT_FILEMODE_TREE) {
      if (last) return Entry{EntryKind::Tree, eid};
      OwnedTree next;
      git_oid nid = to_git(eid);
      if (git_tree_lookup(&next.p, impl_->repo, &nid) < 0)
        return util::fail(util::ErrorKind::Git, "cannot read tree " + eid.hex() + ": " + libgit2_error());
      std::swap(sub.p, next.p);
      current = sub.p;
      continue;
    }
    if (!last) return Entry{EntryKind::Missing, {}};  // a file where a directory was expected
    return Entry{EntryKind::Blob, eid};
  }
  return Entry{EntryKind::Missing, {}};
}

util::Result<std::string> GitSource::blob(const Oid& id, std::size_t max_bytes) {
  git_oid gid = to_git(id);
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, impl_->odb, &gid) < 0)
    return util::fail(util::ErrorKind::Git, "cannot read object " + id.hex() + ": " + libgit2_error());
  if (type != GIT_OBJECT_BLOB) return util::fail(util::ErrorKind::Git, "object " + id.hex() + " is not a file");
  if (size > max_bytes)
    return util::fail(util::ErrorKind::Io, "it has " + std::to_string(size) + " bytes, more than the limit of " +
                                               std::to_string(max_bytes));
  OwnedOdbObject obj;
  if (git_odb_read(&obj.p, impl_->odb, &gid) < 0)
    return util::fail(util::ErrorKind::Git, "cannot read object " + id.hex() + ": " + libgit2_error());
  return std::string(static_cast<const char*>(git_odb_object_data(obj.p)), git_odb_object_size(obj.p));
}

bool GitSource::shallow() const { return git_repository_is_shallow(impl_->repo) == 1; }

std::unique_ptr<SourceReader> GitSource::clone() const {
  auto other = open(paths_.git_dir);
  return other ? std::move(*other) : nullptr;
}

std::string GitSource::hooks_dir() const {
  std::string configured;
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, impl_->repo) == 0) {
    git_buf buf = GIT_BUF_INIT;
    if (git_config_get_path(&buf, cfg, "core.hooksPath") == 0 && buf.ptr) configured = buf.ptr;
    git_buf_dispose(&buf);
    git_config_free(cfg);
  }
  if (!configured.empty()) {
    if (configured.front() == '/' || paths_.workdir.empty()) return configured;
    return paths_.workdir + configured;
  }
  std::string d = paths_.common_dir;
  if (!d.empty() && d.back() != '/') d += '/';
  return d + "hooks";
}

std::vector<std::string> GitSource::ref_names() const {
  std::vector<std::string> full;
  git_reference_foreach_name(
      impl_->repo,
      [](const char* name, void* out) {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &full);
  std::vector<std::string> out;
  for (const auto& name : full) {
    int valid = 0;
    if (git_reference_name_is_valid(&valid, name.c_str()) < 0 || !valid) continue;
    for (std::string_view prefix : {"refs/heads/", "refs/tags/", "refs/remotes/"}) {
      if (name.rfind(prefix, 0) != 0) continue;
      std::string shorthand = name.substr(prefix.size());
      if (!shorthand.ends_with("/HEAD")) out.push_back(std::move(shorthand));
      break;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string GitSource::cache_dir() const {
  if (paths_.common_dir.empty()) return {};
  std::string d = paths_.common_dir;
  if (d.back() != '/') d += '/';
  return d + "vsctl/cache";
}

}  // namespace vsctl::versionset

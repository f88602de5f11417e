#include "versionset/tree_files.h"

#include "manifest/check.h"
#include "util/strings.h"

namespace vsctl::versionset {

std::optional<std::string> normalize_repo_path(std::string_view path) {
  return manifest::resolve_repo_path("", path);
}

util::Result<std::string> read_tree_file(SourceReader& src, const Oid& tree, const std::string& repo_path,
                                         std::size_t max_bytes) {
  auto path = normalize_repo_path(repo_path);
  if (!path) return util::fail(util::ErrorKind::Io, util::quote(repo_path) + " leads outside the repository");
  VSCTL_TRY(e, src.entry(tree, *path));
  switch (e.kind) {
    case EntryKind::Missing: return util::fail(util::ErrorKind::Io, "no such file in the commit: " + *path);
    case EntryKind::Symlink:
      return util::fail(util::ErrorKind::Io, util::quote(*path) + " is (or is inside) a symlink, which vsctl does not follow in git");
    case EntryKind::Submodule:
      return util::fail(util::ErrorKind::Io, util::quote(*path) + " is (or is inside) a submodule, which vsctl ignores");
    case EntryKind::Tree: return util::fail(util::ErrorKind::Io, util::quote(*path) + " is a directory");
    case EntryKind::Blob: break;
  }
  auto text = src.blob(e.id, max_bytes);
  if (!text && text.error().kind == util::ErrorKind::Io)
    return util::fail(util::ErrorKind::Io, *path + ": " + text.error().message);
  return text;
}

manifest::FileReader tree_reader(SourceReader& src, const Oid& tree, std::size_t max_bytes) {
  return [&src, tree, max_bytes](const std::string& repo_path) { return read_tree_file(src, tree, repo_path, max_bytes); };
}

}  // namespace vsctl::versionset

#include "versionset/load_rev.h"

#include "manifest/document.h"
#include "manifest/objects.h"
#include "util/strings.h"
#include "versionset/tree_files.h"

namespace vsctl::versionset {

util::Result<LoadedRev> load_commit(SourceReader& src, const Oid& id, const RevRequest& req) {
  VSCTL_TRY(commit, src.commit(id));
  auto path = normalize_repo_path(req.manifest_path);
  if (!path) return util::fail(util::ErrorKind::Usage, "the manifest path " + util::quote(req.manifest_path) + " leaves the repository");
  const std::string at = util::quote(req.rev) + (req.rev.rfind(id.short_hex(), 0) == 0 ? "" : " (" + id.short_hex() + ")");
  if (req.allow_missing) {
    VSCTL_TRY(e, src.entry(commit.tree, *path));
    if (e.kind == EntryKind::Missing) {
      LoadedRev out;
      out.commit = std::move(commit);
      out.absent = true;
      return out;
    }
  }
  auto text = read_tree_file(src, commit.tree, *path, manifest::kMaxManifestBytes);
  if (!text) {
    std::string hint = *path == "architecture.yaml" ? "; use -f FILE if the manifest lives elsewhere" : "";
    return util::fail(util::ErrorKind::Git, "cannot read the manifest at " + at + ": " + text.error().message + hint);
  }
  const std::string prefix = id.short_hex() + ":";
  manifest::LoadRequest lr;
  lr.source_name = prefix + *path;
  lr.text = std::move(*text);
  auto slash = path->rfind('/');
  lr.manifest_dir = slash == std::string::npos ? std::string() : path->substr(0, slash);
  lr.source_prefix = prefix;
  lr.read = tree_reader(src, commit.tree, manifest::kMaxObjectFileBytes);
  lr.env = req.env;
  lr.visit = req.visit;
  LoadedRev out;
  out.commit = std::move(commit);
  out.loaded = manifest::load(lr);
  return out;
}

util::Result<LoadedRev> load_rev(SourceReader& src, const RevRequest& req) {
  VSCTL_TRY(id, src.resolve(req.rev));
  return load_commit(src, id, req);
}

}  // namespace vsctl::versionset

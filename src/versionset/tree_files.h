#pragma once
// Files of one commit's tree as the manifest loader reads them: paths must stay inside the
// tree, symlinks are refused rather than followed, submodules and directories are not files,
// and every file is size-capped.
#include <string>

#include "manifest/sources.h"
#include "versionset/source.h"

namespace vsctl::versionset {

// Reads `repo_path` (relative to the root of `tree`) through `src`. The reader borrows `src`.
manifest::FileReader tree_reader(SourceReader& src, const Oid& tree, std::size_t max_bytes);

// The same, for one path: the error messages say what the entry is when it is not a file.
util::Result<std::string> read_tree_file(SourceReader& src, const Oid& tree, const std::string& repo_path,
                                         std::size_t max_bytes);

// `path` normalised ('.' and empty segments dropped, '..' resolved); nullopt when it is
// absolute or leaves the root.
std::optional<std::string> normalize_repo_path(std::string_view path);

}  // namespace vsctl::versionset

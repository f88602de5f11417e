#pragma once
// The `objects` files of a view: each path checked (relative, inside the repository), read
// through a FileReader, parsed (several documents allowed) and checked to be Kubernetes objects
// (apiVersion, kind, metadata.name).
#include <string_view>

#include "manifest/model.h"
#include "manifest/sources.h"

namespace vsctl::manifest {

inline constexpr std::size_t kMaxObjectFileBytes = 4u << 20;

// `manifest_dir`: the manifest's directory relative to the repository root ("" for the root).
// `source_prefix` is put before each file's path in diagnostics ("1a2b3c4:" for git input).
void load_objects(Architecture& a, std::string_view manifest_dir, const FileReader& read,
                  std::string_view source_prefix, SourceTexts& texts, util::Diagnostics& diags);

}  // namespace vsctl::manifest

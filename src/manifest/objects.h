#pragma once
// The `objects` files of a view: each path checked (relative, inside the repository), read
// through a FileReader, parsed (several documents allowed) and checked to be Kubernetes objects
// (apiVersion, kind, metadata.name).
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/model.h"
#include "manifest/sources.h"

namespace vsctl::manifest {

inline constexpr std::size_t kMaxObjectFileBytes = 4u << 20;
// What one file may expand to, aliases counted each time they are reached.
inline constexpr std::size_t kMaxObjectFileNodes = 1'000'000;
// What the objects files of one view may add up to, a file counted each time it is listed.
inline constexpr std::size_t kMaxViewObjectBytes = 64u << 20;
inline constexpr std::size_t kMaxViewObjectNodes = 4'000'000;

// The objects files read so far, by repository path: each is read, parsed and checked once for
// all the views of a manifest.
struct ObjectFiles {
  struct File {
    std::string error;  // why it could not be read; empty when read
    std::vector<Json> objects;
    std::vector<util::SourceLoc> locs;  // where each object starts
    // per object, where the keys an identity problem can name are written: the top level,
    // metadata, labels, roleRef, and the spec maps on the way to a selector, a scale target or a
    // pod template's labels (nothing else: a large spec or a ConfigMap's data is not indexed)
    std::vector<std::shared_ptr<const std::vector<FieldLoc>>> fields;
    util::Diagnostics diags;  // of its parse and its objects
    bool empty = false;       // read, and no documents in it
    std::size_t bytes = 0, nodes = 0;
  };
  std::map<std::string, File, std::less<>> files;
};

// What the objects files loaded add up to.
struct ObjectTotals {
  std::size_t bytes = 0, nodes = 0;
  bool over() const { return bytes > kMaxViewObjectBytes || nodes > kMaxViewObjectNodes; }
};

// Loads the objects files of every service of `a` into its ObjectFiles, through `files`.
// `manifest_dir`: the manifest's directory relative to the repository root ("" for the root).
// `source_prefix` is put before each file's path in diagnostics ("1a2b3c4:" for git input).
// `loaded`, when given, is a view whose objects were loaded and checked already: services that
// list the same files there are skipped (their objects stay empty), for views built only to be
// checked. Returns what the files loaded add up to (loading stops at the view's limits).
ObjectTotals load_objects(Architecture& a, std::string_view manifest_dir, const FileReader& read,
                          std::string_view source_prefix, SourceTexts& texts, ObjectFiles& files,
                          util::Diagnostics& diags, const Architecture* loaded = nullptr);

// The same for `services` only, counted from zero: the services an environment's view rebuilds.
ObjectTotals load_objects(std::span<Service* const> services, std::string_view manifest_dir, const FileReader& read,
                          std::string_view source_prefix, SourceTexts& texts, ObjectFiles& files,
                          util::Diagnostics& diags);

}  // namespace vsctl::manifest

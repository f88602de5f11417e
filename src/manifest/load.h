#pragma once
// The whole front end in one call: parse the manifest, check its structure, build the base view
// and every environment's merged view, load `objects` files, check each view across services.
// Every problem of every view is collected, then reported together.
#include <functional>
#include <optional>
#include <string>

#include "manifest/model.h"
#include "manifest/sources.h"

namespace vsctl::manifest {

// Sees a view as it is built: the environment's name ("" for the base), the view, and whether it
// was built without error.
using ViewVisitor = std::function<void(const std::string& env, const Architecture& view, bool valid)>;

struct LoadRequest {
  std::string source_name;    // "architecture.yaml", or "1a2b3c4:deploy/architecture.yaml"
  std::string text;
  std::string manifest_dir;   // the manifest's directory relative to the repository root
  std::string source_prefix;  // before objects paths in diagnostics ("1a2b3c4:" for git input)
  FileReader read;            // reads objects files; empty: objects are not loaded
  std::string env;            // the view to return ("" for the base)
  // Called with every view built (the base first, as "", then each environment's), its objects
  // loaded, before the next is built: what must look at every view (validate's render checks)
  // does it here rather than loading the manifest again per environment.
  ViewVisitor visit;
};

struct Loaded {
  util::Diagnostics diags;  // sorted by position; duplicates across views dropped
  SourceTexts texts;        // every source read, for printing diagnostics with their line
  std::optional<Architecture> view;
  bool ok() const { return view.has_value() && !diags.has_errors(); }
};

Loaded load(const LoadRequest& req);

}  // namespace vsctl::manifest

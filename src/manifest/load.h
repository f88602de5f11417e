#pragma once
// The whole front end in one call: parse the manifest, check its structure, build the base view
// and every environment's merged view, load `objects` files, check each view across services.
// Every problem of every view is collected, then reported together. An environment's view is
// built from the base view (unless the base view depends on services that do not exist): only the services the environment overrides are
// read and their objects loaded again, and only they and the services that depend on them are
// checked again (and the dependency cycles, when their dependencies change); what the other
// services would report is the base view's already.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "manifest/model.h"
#include "manifest/sources.h"

namespace vsctl::manifest {

// What a view shown to a ViewVisitor changes from the base view. The base view, and an
// environment's view built in full, are all new (`all`). An environment's view built from the
// base view differs from it only in its namespace, context and `services`: the indices (in
// view.services, ascending) of the services the environment overrides; every other service is
// the base view's, as it was shown.
struct ViewChange {
  bool all = true;
  std::vector<std::size_t> services;
};

// Sees a view as it is built: the environment's name ("" for the base), the view, whether it was
// built without error, and what it changes from the base view (what must look at every view
// looks again only at what changed). The view lives only for the call. An environment's view
// built from a base view with errors is never said to be valid (the load has errors anyway).
using ViewVisitor =
    std::function<void(const std::string& env, const Architecture& view, bool valid, const ViewChange& change)>;

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

#pragma once
// One view of the manifest: spec.defaults deep-merged under every service, then (for an
// environment) the environment's overrides merged over it. Maps merge key by key, lists and
// scalars are replaced.
#include <optional>
#include <string_view>

#include "manifest/document.h"
#include "manifest/model.h"

namespace vsctl::manifest {

// `env` empty: the base view. An unknown environment is an error naming the ones that exist.
std::optional<Architecture> build_view(const Document& doc, std::string_view env, util::Diagnostics& diags);

// The services of a view, sorted by name: spec.defaults, each service's body and, with `env`,
// the environment's overrides merged and read. `overridden_only`: only the services `env`
// overrides, each exactly as in the environment's full view (the other services of that view
// are the base view's, read from the same maps).
std::vector<Service> read_services(const Document& doc, const RawEnvironment* env, bool overridden_only,
                                   util::Diagnostics& diags);

// A new map with `over`'s keys merged over `base`'s (recursively for maps); other kinds: `over`.
// Both are service maps: where a map holds one of several alternatives (a probe's http, tcp or
// exec; a variable's secret or configMap), the alternative `over` names replaces `base`'s.
const yaml::Node* merge_nodes(yaml::Arena& arena, const yaml::Node* base, const yaml::Node* over);

}  // namespace vsctl::manifest

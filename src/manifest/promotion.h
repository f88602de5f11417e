#pragma once
// spec.promotion: the ordered stages a VersionSet is promoted through, each naming environments
// of spec.environments. Read from the base manifest only; an environment cannot override it.
#include <vector>

#include "manifest/model.h"
#include "manifest/reader.h"
#include "yaml/node.h"

namespace vsctl::manifest {

inline constexpr long long kMaxSoakMs = 30LL * 24 * 3'600'000;  // 30 days; documented in docs/manifest.md

// Reads and checks spec.promotion (`n` may be null: no stages) against the manifest's
// environments; every problem becomes a located diagnostic.
Promotion read_promotion(Reader& r, const yaml::Node* n, const std::vector<Environment>& environments);

}  // namespace vsctl::manifest

#pragma once
// node-semver range syntax to comparator sets (internal; Range::parse adds the limits).
#include <string_view>
#include <vector>

#include "semver/comparator.h"
#include "util/error.h"

namespace vsctl::semver::detail {

// `text` is trimmed. One set per "||" alternative; an empty alternative matches every release.
// Errors are plain messages ("unexpected \"~>\" at column 1"), columns 1-based within `text`.
util::Result<std::vector<ComparatorSet>> parse_sets(std::string_view text);

}  // namespace vsctl::semver::detail

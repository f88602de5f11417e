#pragma once
// What a change breaks relative to a base VersionSet (validate --base): a service removed that
// another still depends on, a range changed so that it no longer admits its dependency's
// version, a version moved (forwards or backwards) out of a range that admitted the old one.
// Each is an error at the place in the new VersionSet to fix. Pure.
#include <functional>
#include <string_view>

#include "manifest/model.h"

namespace vsctl::versionset {

// Codes of the errors this adds; validate drops the generic error at the same place
// ("unknown-dependency", "unsatisfied-range") in favour of these.
inline constexpr const char* kRemovedDependency = "removed-dependency";
inline constexpr const char* kRangeBreaks = "range-breaks";
inline constexpr const char* kVersionBreaks = "version-breaks";
inline constexpr const char* kDowngradeBreaks = "downgrade-breaks";

void check_against_base(const manifest::Architecture& base, const manifest::Architecture& after, util::Diagnostics& diags);

// The same for one service `s` of `after`, with the base's services found by `base_find`.
using FindService = std::function<const manifest::Service*(std::string_view name)>;
void check_service_against_base(const FindService& base_find, const manifest::Architecture& after, const manifest::Service& s,
                                util::Diagnostics& diags);

}  // namespace vsctl::versionset

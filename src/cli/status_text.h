#pragma once
// The registry as text: a header (the applied VersionSet, when and by whom, drift), one row per
// service, the vetoes. Colour only when asked (a terminal without NO_COLOR).
#include <string>

#include "status/registry.h"
#include "status/when.h"

namespace vsctl::cli {

std::string format_status(const status::Registry& r, status::TimePoint now, bool color);

}  // namespace vsctl::cli

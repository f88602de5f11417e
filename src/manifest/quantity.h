#pragma once
// Kubernetes resource quantities ("100m", "1.5", "128Mi", "1e3"), checked and compared.
#include <optional>
#include <string_view>

namespace vsctl::manifest {

// The quantity's value in milli-units (cpu "100m" -> 100, memory "1Ki" -> 1024000), or nullopt
// when `text` is not a Kubernetes quantity or is out of range.
std::optional<long double> parse_quantity_milli(std::string_view text);

}  // namespace vsctl::manifest
